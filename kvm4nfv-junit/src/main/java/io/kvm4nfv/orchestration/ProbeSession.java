package io.kvm4nfv.orchestration;

import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.CyclictestResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain Java's way to run probes exactly as the annotations do: one run's publication (results
 * file, summary, the dispatchers {@code kvm4nfv.publish.*} names), a recorder, and the
 * {@link ProbeRunner} with the pod's {@code sla.action}. Close it at the end of the run: the
 * dispatchers are flushed and the dispatch report written.
 *
 * <pre>{@code
 * try (Lab lab = Labs.open(PodConfigLoader.loadSelected());
 *      ProbeSession session = ProbeSession.open(lab, Journal.SILENT)) {
 *     Outcome<CyclictestResult> outcome = session.run(LatencyTest.of(lab).withStress(CPU, HOST).withLoops(5_000));
 *     outcome.assertSlaMet();
 * }
 * }</pre>
 */
public final class ProbeSession implements AutoCloseable {

    private final RunPublication publication;
    private final ProbeRunner runner;
    private final AtomicInteger latencyRuns = new AtomicInteger();

    private ProbeSession(RunPublication publication, ProbeRunner runner) {
        this.publication = publication;
        this.runner = runner;
    }

    /**
     * Opens a session on {@code lab}'s pod.
     *
     * @param lab the open lab; its pod's {@code sla.action} decides what a violation does
     * @param journal the report: steps, attachments and progress ({@link Journal#SILENT}, or one that logs)
     * @return an open session; close it at the end of the run
     */
    public static ProbeSession open(Lab lab, Journal journal) {
        Objects.requireNonNull(lab, "lab");
        RunPublication publication = RunPublication.open(lab.pod());
        ResultRecorder recorder = ResultRecorder.of(publication, lab.info(), journal);
        return new ProbeSession(publication, new ProbeRunner(recorder, journal, lab.pod().sla().action()));
    }

    /**
     * Runs {@code probe} while {@code loads} run: measured, judged, recorded, published.
     *
     * @param <R> the probe's result type
     * @param probe the measurement to run
     * @param loads the stress loads kept running during the measurement, started in order
     * @return the recorded result and its verdict; a violated SLA is not thrown here
     * @throws Exception when a load cannot start or stop, or the measurement fails
     */
    public <R> Outcome<R> run(Probe<R> probe, List<Load> loads) throws Exception {
        return runner.run(probe, loads);
    }

    /**
     * Runs a probe without load.
     *
     * @param <R> the probe's result type
     * @param probe the measurement to run
     * @return the recorded result and its verdict; a violated SLA is not thrown here
     * @throws Exception when the measurement fails
     */
    public <R> Outcome<R> run(Probe<R> probe) throws Exception {
        return runner.run(probe);
    }

    /**
     * Runs a latency test; cyclictest's raw output goes to {@code raw/latency-N-cyclictest.txt} in the results.
     *
     * @param test the latency test: guest, loads, cyclictest options and SLA
     * @return the recorded cyclictest result and its verdict; a violated SLA is not thrown here
     * @throws Exception when a load cannot start or stop, or cyclictest fails
     */
    public Outcome<CyclictestResult> run(LatencyTest test) throws Exception {
        Path raw = resultsDir().resolve("raw").resolve("latency-" + latencyRuns.incrementAndGet() + "-"
                + test.testType().slug() + "-cyclictest.txt");
        return runner.run(test.probe(raw), test.loads());
    }

    /**
     * The run's local results directory.
     *
     * @return the directory holding {@code results.jsonl}, {@code summary.txt} and raw outputs
     */
    public Path resultsDir() {
        return publication.resultsDir();
    }

    @Override
    public void close() {
        publication.close();
    }
}
