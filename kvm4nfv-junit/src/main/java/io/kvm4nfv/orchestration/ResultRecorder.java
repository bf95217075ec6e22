package io.kvm4nfv.orchestration;

import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.publish.DispatchReport;
import io.kvm4nfv.publish.ResultRecord;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.Violation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Records results the way every probe must, before its SLA is judged and with the criteria
 * that judgement gives: appended (and fsync'd) to the run's results file, one line added to
 * the run's summary and to the report, then dispatched through the run's
 * {@link RunPublication} (InfluxDB, HTTP, {@code yardstick.out}; a dispatcher that is down
 * spools the result). One recorder per test (or plain-Java block): it knows the run as that
 * test's results carry it and where its report entries go.
 */
public final class ResultRecorder {

    private final RunPublication publication;
    private final RunInfo run;
    private final Journal journal;
    private final Supplier<Optional<LabInfo>> lab;
    private final BiConsumer<String, String> reportEntry;

    /**
     * @param publication the run's publication
     * @param run         the run as this test's results carry it (e.g. with the test's scenario)
     * @param journal     where the dispatch outcome is attached
     * @param lab         the open lab's description, for the report's environment (empty: none open yet)
     * @param reportEntry receives (measurement, summary line) of every recorded result
     */
    public ResultRecorder(RunPublication publication, RunInfo run, Journal journal, Supplier<Optional<LabInfo>> lab,
                          BiConsumer<String, String> reportEntry) {
        this.publication = Objects.requireNonNull(publication, "publication");
        this.run = Objects.requireNonNull(run, "run");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.lab = Objects.requireNonNull(lab, "lab");
        this.reportEntry = Objects.requireNonNull(reportEntry, "reportEntry");
    }

    /**
     * A recorder for plain Java: the publication's run, the lab's description, notes as report entries.
     *
     * @param publication the run's publication
     * @param lab the open lab's description, for the report's environment
     * @param journal where the dispatch outcome is attached and the summary lines are noted
     * @return a recorder for the publication's run
     */
    public static ResultRecorder of(RunPublication publication, LabInfo lab, Journal journal) {
        return new ResultRecorder(publication, publication.run(), journal, () -> Optional.of(lab),
                (measurement, line) -> journal.note(measurement + "  " + line));
    }

    /**
     * The run's local results directory.
     *
     * @return the directory holding the run's results file, summary and raw outputs
     */
    public java.nio.file.Path resultsDir() {
        return publication.resultsDir();
    }

    /**
     * Records a judged result: criteria {@code PASS} when {@code violations} is empty, else {@code FAIL}.
     *
     * @param <R> the result type
     * @param kind        {@code cyclictest}, {@code migration}, {@code forwarding}, …
     * @param measurement the KVM4NFV measurement name, e.g. {@code kvmfornfv_cyclictest_idle_idle}
     * @param result      the immutable result record (serialised with Jackson, numbers as numbers)
     * @param points      the InfluxDB points of the result
     * @param summaryLine one human-readable line for the run's summary
     * @param violations  every violated SLA bound (empty: PASS)
     * @return the criteria published
     * @throws PublishingMisconfiguredException when {@code kvm4nfv.publish.*} is wrong (the result is written locally)
     */
    public <R> Criteria record(String kind, String measurement, R result, MeasurementSource<? super R> points,
                               String summaryLine, List<Violation> violations) {
        Criteria criteria = violations.isEmpty() ? Criteria.PASS : Criteria.FAIL;
        ResultRecord record = resultRecord(kind, measurement, result, points, criteria);
        publication.writeLocally(record);
        summarize(measurement, criteria + "  " + summaryLine);
        dispatch(record);
        return criteria;
    }

    /**
     * Records a result that has no SLA of its own (memory bandwidth, tuning facts, …) in two
     * steps: written locally and summarised now; the returned {@link Publishing} publishes it
     * once the caller knows whether the test failed (then the results file holds it twice: as
     * measured, and as published).
     *
     * @param <R> the result type
     * @param kind the kind of result, e.g. {@code membw} or {@code tuning}
     * @param measurement the KVM4NFV measurement name
     * @param result the immutable result record
     * @param summaryLine one human-readable line for the run's summary
     * @return the step that publishes the result once the test's outcome is known
     */
    public <R> Publishing recordUnjudged(String kind, String measurement, R result, String summaryLine) {
        new ResultsFile(publication.resultsDir()).append(kind, measurement, result);
        summarize(measurement, summaryLine);
        return failed -> {
            Criteria criteria = failed ? Criteria.FAIL : Criteria.PASS;
            ResultRecord record = resultRecord(kind, measurement, result, KvmfornfvMeasurements::points, criteria);
            publication.writeLocally(record);
            ResultsFile.appendSummary(publication.resultsDir(), measurement + "  " + criteria + "  (published at the "
                    + "end of the test)");
            dispatch(record);
        };
    }

    /** The second step of {@link #recordUnjudged}. */
    @FunctionalInterface
    public interface Publishing {
        /**
         * Publishes the result with criteria {@code FAIL} when {@code testFailed}, else {@code PASS}.
         *
         * @param testFailed whether the test failed
         */
        void publish(boolean testFailed);
    }

    private <R> ResultRecord resultRecord(String kind, String measurement, R result,
                                          MeasurementSource<? super R> points, Criteria criteria) {
        Instant now = Instant.now();
        return ResultRecord.of(measurement, kind, result, points, criteria, now, now, run);
    }

    private void summarize(String measurement, String line) {
        ResultsFile.appendSummary(publication.resultsDir(), measurement + "  " + line);
        reportEntry.accept(measurement, line);
    }

    private void dispatch(ResultRecord record) {
        publication.describeLabOnce(lab);
        DispatchReport report = publication.dispatch(record);
        journal.attachText("results dispatch", record.caseName() + " " + record.criteria() + " (run "
                + publication.run().taskId() + ")\n" + report.outcomes().stream().map(DispatchReport.Outcome::summary)
                .collect(Collectors.joining("\n")));
    }
}
