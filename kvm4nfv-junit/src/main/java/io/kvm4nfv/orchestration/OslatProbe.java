package io.kvm4nfv.orchestration;

import io.kvm4nfv.load.TestType;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.probe.oslat.OslatOptions;
import io.kvm4nfv.probe.oslat.OslatRun;
import io.kvm4nfv.probe.oslat.OslatSla;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.publish.OslatReport;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.publish.measure.OslatMeasurements;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.OslatResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Polling latency: oslat on a guest or a host (its busy-polling threads on the given CPUs, as a
 * DPDK poll-mode driver runs), its table parsed as it streams and copied to a local raw file;
 * judged by an {@link OslatSla}; reported with the histogram per CPU (the SLA line drawn), the
 * per-CPU table and the raw output.
 *
 * @param node      where oslat runs (a guest's node, or a host)
 * @param options   its command line
 * @param testType  the {@code [Host]-[Guest]} load name, e.g. {@code CPU_stress-Idle}
 * @param sla       the bounds
 * @param rawOutput the local file that receives oslat's output
 * @param podName   the pod, for the verdict's wording
 */
public record OslatProbe(Node node, OslatOptions options, TestType testType, OslatSla sla, Path rawOutput,
                         String podName) implements Probe<OslatResult> {

    /** Added to oslat's planned duration for its command timeout. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    public OslatProbe {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(testType, "testType");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(rawOutput, "rawOutput");
        Objects.requireNonNull(podName, "podName");
    }

    @Override
    public String kind() {
        return "oslat";
    }

    @Override
    public String title() {
        return "oslat " + testType.displayName() + " on " + node.name() + ": " + String.join(" ", options.commandLine());
    }

    @Override
    public OslatResult measure(Journal journal) {
        journal.attachText("oslat command line", String.join(" ", options.commandLine()));
        return new OslatRun(options, testType.displayName(), rawOutput, MARGIN).run(node);
    }

    @Override
    public OslatSla sla() {
        return sla;
    }

    @Override
    public String measurement(OslatResult result) {
        return "kvmfornfv_oslat_" + testType.slug();
    }

    @Override
    public String subject(OslatResult result) {
        return "oslat " + result.testType() + " on " + node.name() + " of pod " + podName;
    }

    @Override
    public String summary(OslatResult result) {
        return OslatReport.oneLine(result);
    }

    @Override
    public MeasurementSource<OslatResult> points() {
        return new OslatMeasurements();
    }

    @Override
    public void attachEvidence(OslatResult result, Journal journal) {
        journal.attach("oslat histogram", "image/svg+xml", "svg",
                OslatReport.histogramSvg(result, sla).getBytes(StandardCharsets.UTF_8));
        journal.attachText("oslat summary", OslatReport.summaryTable(result));
        result.rawOutput().ifPresent(file -> journal.attach("oslat raw output", "text/plain", "txt",
                LatencyReport.tail(Path.of(file), 1 << 20)));
    }
}
