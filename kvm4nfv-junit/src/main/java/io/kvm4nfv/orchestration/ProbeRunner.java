package io.kvm4nfv.orchestration;

import io.kvm4nfv.config.SlaAction;
import io.kvm4nfv.load.StressLoad;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one probe lifecycle, below JUnit: start the stress loads, measure, stop the loads (in
 * {@code finally}: also when the measurement fails), judge the result against the probe's
 * SLA, record and publish it with that criteria, attach its evidence, and return the
 * {@link Outcome}. Judging before recording makes the published criteria and the verdict
 * agree; recording before any verdict is thrown means a violated SLA never loses a result.
 * The JUnit extensions and plain Java both run probes through this class.
 */
public final class ProbeRunner {

    private final ResultRecorder recorder;
    private final Journal journal;
    private final SlaAction action;

    /**
     * @param recorder where results are recorded and published
     * @param journal  the report: steps, attachments, progress
     * @param action   what a violation does ({@code sla.action} of the pod)
     */
    public ProbeRunner(ResultRecorder recorder, Journal journal, SlaAction action) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Runs {@code probe} with no load.
     *
     * @param <R> the probe's result type
     * @param probe the measurement to run
     * @return the recorded result and its verdict; a violated SLA is not thrown here
     * @throws Exception when the measurement fails
     */
    public <R> Outcome<R> run(Probe<R> probe) throws Exception {
        return run(probe, List.of());
    }

    /**
     * Runs {@code probe} while {@code loads} run (started in order, stopped in reverse order).
     *
     * @param <R> the probe's result type
     * @param probe the measurement to run
     * @param loads the stress loads kept running during the measurement
     * @return the recorded result and its verdict; a violated SLA is not thrown here (see
     *         {@link Outcome#assertSlaMet()})
     * @throws Exception when a load cannot start or stop, or the measurement fails (a failure to stop
     *                   the loads after a failed measurement is added to it as suppressed)
     */
    public <R> Outcome<R> run(Probe<R> probe, List<Load> loads) throws Exception {
        List<StressLoad> started = new ArrayList<>();
        R result;
        try {
            for (Load load : loads) {
                started.add(journal.step(load.title(), () -> StressLoad.start(load.node(), load.options())));
            }
            result = journal.step(probe.title(), () -> probe.measure(journal));
        } catch (Exception | Error failed) {
            try {
                stopAll(started);
            } catch (Exception stopFailed) {
                failed.addSuppressed(stopFailed); // the measurement's failure is the one to see
            }
            throw failed;
        }
        stopAll(started);
        List<Violation> violations = probe.sla().violations(result);
        Criteria criteria = recorder.record(probe.kind(), probe.measurement(result), result, probe.points(),
                probe.summary(result) + "  SLA " + probe.sla().describe(), violations);
        probe.attachEvidence(result, journal);
        return new Outcome<>(result, probe.subject(result), probe.sla().describe(), violations, criteria, action);
    }

    private void stopAll(List<StressLoad> loads) throws Exception {
        Exception first = null;
        for (int i = loads.size() - 1; i >= 0; i--) {
            StressLoad load = loads.get(i);
            try {
                journal.run("stop " + load, load::close);
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
