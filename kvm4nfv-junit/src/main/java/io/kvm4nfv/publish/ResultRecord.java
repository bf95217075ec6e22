package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.measure.CyclictestMeasurements;
import io.kvm4nfv.publish.measure.Measurement;
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
 */
public record ResultRecord(String id, String caseName, String kind, Criteria criteria, Instant startedAt,
                           Instant stoppedAt, JsonNode details, List<Measurement> measurements) {

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

    /** A record of any result object (serialised with {@link ResultsFile#JSON}). */
    public static ResultRecord of(String caseName, String kind, Object result, Criteria criteria, Instant startedAt,
                                  Instant stoppedAt, List<Measurement> measurements) {
        return new ResultRecord(UUID.randomUUID().toString(), caseName, kind, criteria, startedAt, stoppedAt,
                ResultsFile.JSON.valueToTree(result), measurements);
    }

    /** A cyclictest record; its points are stamped with the stop time. */
    public static ResultRecord cyclictest(String caseName, CyclictestResult result, Criteria criteria, Instant startedAt,
                                          Instant stoppedAt, RunInfo run) {
        long ns = stoppedAt.getEpochSecond() * 1_000_000_000L + stoppedAt.getNano();
        return of(caseName, "cyclictest", result, criteria, startedAt, stoppedAt,
                new CyclictestMeasurements().measurements(result, run, ns));
    }
}
