package io.kvm4nfv.orchestration;

import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.load.TestType;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.CyclictestRun;
import io.kvm4nfv.probe.cyclictest.LatencySla;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.CyclictestResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Timer latency: cyclictest in a guest, its output parsed while it streams and copied to a
 * local raw file; judged by a {@link LatencySla}; reported with the latency histogram (the SLA
 * line drawn), the per-thread table and the raw output.
 *
 * @param guest     where cyclictest runs
 * @param options   its command line
 * @param testType  the {@code [Host]-[Guest]} load name, e.g. {@code CPU_stress-Idle}
 * @param sla       the bounds
 * @param rawOutput the local file that receives cyclictest's output
 * @param podName   the pod, for the verdict's wording
 */
public record CyclictestProbe(Guest guest, CyclictestOptions options, TestType testType, LatencySla sla,
                              Path rawOutput, String podName) implements Probe<CyclictestResult> {

    /** Added to cyclictest's planned duration for its command timeout. */
    static final Duration MARGIN = Duration.ofMinutes(2);

    /**
     * Checks that every component is present.
     *
     * @param guest where cyclictest runs
     * @param options its command line
     * @param testType the {@code [Host]-[Guest]} load name
     * @param sla the bounds
     * @param rawOutput the local file that receives cyclictest's output
     * @param podName the pod, for the verdict's wording
     * @throws NullPointerException if any component is {@code null}
     */
    public CyclictestProbe {
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(testType, "testType");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(rawOutput, "rawOutput");
        Objects.requireNonNull(podName, "podName");
    }

    @Override
    public String kind() {
        return "cyclictest";
    }

    @Override
    public String title() {
        return "cyclictest " + testType.displayName() + " in " + guest.name() + ": "
                + String.join(" ", options.commandLine());
    }

    @Override
    public CyclictestResult measure(Journal journal) {
        journal.attachText("cyclictest command line", String.join(" ", options.commandLine()));
        return new CyclictestRun(options, testType.displayName(), rawOutput, MARGIN, journal::note).run(guest.node());
    }

    @Override
    public LatencySla sla() {
        return sla;
    }

    @Override
    public String measurement(CyclictestResult result) {
        return "kvmfornfv_cyclictest_" + testType.slug();
    }

    @Override
    public String subject(CyclictestResult result) {
        return "cyclictest " + result.testType() + " on pod " + podName;
    }

    @Override
    public String summary(CyclictestResult result) {
        return LatencyReport.oneLine(result);
    }

    @Override
    public void attachEvidence(CyclictestResult result, Journal journal) {
        journal.attach("latency histogram", "image/svg+xml", "svg",
                LatencyReport.histogramSvg(result, sla).getBytes(StandardCharsets.UTF_8));
        journal.attachText("cyclictest summary", LatencyReport.summaryTable(result));
        result.rawOutput().ifPresent(file -> journal.attach("cyclictest raw output", "text/plain", "txt",
                LatencyReport.tail(Path.of(file), 1 << 20)));
    }
}
