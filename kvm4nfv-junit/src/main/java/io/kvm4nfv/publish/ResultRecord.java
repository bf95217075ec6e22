package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.measure.CyclictestMeasurements;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.Measurement;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.result.CyclictestResult;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One result as dispatchers see it: self-contained JSON (so it can be spooled and re-sent by
 * a later run without the result classes) plus its InfluxDB points.
 *
 * @param id           unique id (names the spool file)
 * @param caseName     the test case, e.g. {@code cyclictest_idle_idle} or the JUnit display name
 * @param kind         the kind of result: {@code cyclictest}, {@code migration}, {@code forwarding}
 * @param criteria     PASS or FAIL against the SLA
 * @param startedAt    when the measurement started
 * @param stoppedAt    when it ended
 * @param details      the full typed result as JSON
 * @param measurements its points for InfluxDB
 * @param scenario     the deploy scenario it was measured on, the one its points carry as
 *                     {@code deploy_scenario}; {@code null}: the run's ({@link #scenarioIn})
 */
public record ResultRecord(String id, String caseName, String kind, Criteria criteria, Instant startedAt,
                           Instant stoppedAt, JsonNode details, List<Measurement> measurements, String scenario) {

    /**
     * Checks the required components and copies the points.
     *
     * @param id           unique id
     * @param caseName     the test case
     * @param kind         the kind of result
     * @param criteria     PASS or FAIL against the SLA
     * @param startedAt    when the measurement started
     * @param stoppedAt    when it ended
     * @param details      the full typed result as JSON
     * @param measurements its points for InfluxDB; copied
     * @param scenario     the deploy scenario it was measured on, or {@code null} for the run's
     * @throws NullPointerException when a component other than {@code scenario} is {@code null}
     */
    public ResultRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
        Objects.requireNonNull(details, "details");
        measurements = List.copyOf(measurements);
    }

    /**
     * A record of any result object (serialised with {@link ResultsFile#JSON}) with the points given, in the run's scenario.
     *
     * @param caseName     the test case, e.g. {@code cyclictest_idle_idle}
     * @param kind         the kind of result, e.g. {@code migration}
     * @param result       the typed result, stored as JSON
     * @param criteria     PASS or FAIL against the SLA
     * @param startedAt    when the measurement started
     * @param stoppedAt    when it ended
     * @param measurements its points for InfluxDB, as they are
     * @return the record, with a random UUID as id
     */
    public static ResultRecord of(String caseName, String kind, Object result, Criteria criteria, Instant startedAt,
                                  Instant stoppedAt, List<Measurement> measurements) {
        return new ResultRecord(UUID.randomUUID().toString(), caseName, kind, criteria, startedAt, stoppedAt,
                ResultsFile.JSON.valueToTree(result), measurements, null);
    }

    /**
     * A record of any result with the points {@code source} makes of it in {@code run}, stamped
     * with the stop time, each point carrying {@code sla_violated} (1 with criteria FAIL, else 0:
     * a violation is countable in InfluxDB even when the SLA only monitors); the record's
     * scenario is {@code run}'s (give a test's own with {@link RunInfo#withScenario}).
     *
     * @param <R>       the result type
     * @param caseName  the test case, e.g. {@code cyclictest_idle_idle}
     * @param kind      the kind of result, e.g. {@code forwarding}
     * @param result    the typed result, stored as JSON
     * @param source    turns the result into InfluxDB points
     * @param criteria  PASS or FAIL against the SLA
     * @param startedAt when the measurement started
     * @param stoppedAt when it ended; the points' timestamp
     * @param run       the run's tags (pod, installer, scenario, ...) for the points
     * @return the record, with a random UUID as id
     */
    public static <R> ResultRecord of(String caseName, String kind, R result, MeasurementSource<? super R> source,
                                      Criteria criteria, Instant startedAt, Instant stoppedAt, RunInfo run) {
        Objects.requireNonNull(criteria, "criteria");
        List<Measurement> points = source.measurements(result, run, epochNanos(stoppedAt)).stream()
                .map(p -> withSlaViolated(p, criteria)).toList();
        return new ResultRecord(UUID.randomUUID().toString(), caseName, kind, criteria, startedAt, stoppedAt,
                ResultsFile.JSON.valueToTree(result), points, run.scenario());
    }

    private static Measurement withSlaViolated(Measurement point, Criteria criteria) {
        java.util.Map<String, Double> fields = new java.util.TreeMap<>(point.fields());
        fields.put(KvmfornfvMeasurements.SLA_VIOLATED.key(), criteria == Criteria.FAIL ? 1.0 : 0.0);
        return new Measurement(point.name(), point.tags(), new java.util.TreeMap<>(fields), point.timestampNs());
    }

    /**
     * A record of a result of this library (cyclictest, live migration, ping-pong, packet
     * forwarding, …) with its points as {@link KvmfornfvMeasurements#points} makes them (none
     * for results that have no points), in {@code run}'s scenario.
     *
     * @param caseName  the test case, e.g. the JUnit display name
     * @param kind      the kind of result, e.g. {@code migration}
     * @param result    the typed result, stored as JSON
     * @param criteria  PASS or FAIL against the SLA
     * @param startedAt when the measurement started
     * @param stoppedAt when it ended; the points' timestamp
     * @param run       the run's tags for the points
     * @return the record, with a random UUID as id
     */
    public static ResultRecord of(String caseName, String kind, Object result, Criteria criteria, Instant startedAt,
                                  Instant stoppedAt, RunInfo run) {
        return of(caseName, kind, result, KvmfornfvMeasurements::points, criteria, startedAt, stoppedAt, run);
    }

    /**
     * A cyclictest record; its points are stamped with the stop time.
     *
     * @param caseName  the test case, e.g. {@code cyclictest_idle_idle}
     * @param result    the cyclictest result
     * @param criteria  PASS or FAIL against the SLA
     * @param startedAt when the measurement started
     * @param stoppedAt when it ended; the points' timestamp
     * @param run       the run's tags for the points
     * @return the record of kind {@code cyclictest}
     */
    public static ResultRecord cyclictest(String caseName, CyclictestResult result, Criteria criteria, Instant startedAt,
                                          Instant stoppedAt, RunInfo run) {
        return of(caseName, "cyclictest", result, new CyclictestMeasurements(), criteria, startedAt, stoppedAt, run);
    }

    /**
     * The deploy scenario of this record when dispatched in {@code run}: its own, else the run's.
     *
     * @param run the run that dispatches the record
     * @return the scenario name
     */
    public String scenarioIn(RunInfo run) {
        return scenario != null ? scenario : run.scenario();
    }

    /**
     * Nanoseconds since the epoch, InfluxDB's timestamp.
     *
     * @param t the instant
     * @return {@code t} in ns since 1970-01-01T00:00:00Z
     */
    public static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
