package io.kvm4nfv.orchestration;

import io.kvm4nfv.load.TestType;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.probe.oslat.OslatJsonParser;
import io.kvm4nfv.probe.oslat.OslatOptions;
import io.kvm4nfv.probe.oslat.OslatRun;
import io.kvm4nfv.probe.oslat.OslatSla;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.publish.OslatReport;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.publish.measure.OslatMeasurements;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

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

    /**
     * Checks that every component is present.
     *
     * @param node where oslat runs
     * @param options its command line
     * @param testType the {@code [Host]-[Guest]} load name
     * @param sla the bounds
     * @param rawOutput the local file that receives oslat's output
     * @param podName the pod, for the verdict's wording
     * @throws NullPointerException if any component is {@code null}
     */
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

    /**
     * Runs oslat. With {@code --json} the file is read back from the node (then removed), attached,
     * and its per-CPU figures must equal the table's: the two outputs of one run cannot disagree.
     *
     * @throws IllegalStateException naming the CPU and figure when the JSON and the table disagree
     */
    @Override
    public OslatResult measure(Journal journal) {
        journal.attachText("oslat command line", String.join(" ", options.commandLine()));
        OslatResult result = new OslatRun(options, testType.displayName(), rawOutput, MARGIN).run(node);
        if (options.jsonFile() != null) {
            String file = Shell.quote(options.jsonFile());
            String json = node.exec("cat " + file + " && rm -f " + file, Duration.ofSeconds(30)).requireSuccess()
                    .stdoutText();
            journal.attach("oslat JSON", "application/json", "json", json.getBytes(StandardCharsets.UTF_8));
            OslatResult fromJson = OslatJsonParser.parse(json, testType.displayName(),
                    options.bias() ? OptionalLong.of(result.biasUs()) : OptionalLong.empty());
            requireSameFigures(result, fromJson);
        }
        return result;
    }

    /** The table's and the JSON's CPUs, samples, minimum and maximum, CPU by CPU. */
    static void requireSameFigures(OslatResult table, OslatResult json) {
        if (table.cpus().size() != json.cpus().size()) {
            throw new IllegalStateException("oslat's JSON has " + json.cpus().size() + " CPU(s), its table "
                    + table.cpus().size());
        }
        for (int i = 0; i < table.cpus().size(); i++) {
            OslatCpuLatency t = table.cpus().get(i);
            OslatCpuLatency j = json.cpus().get(i);
            if (t.cpu() != j.cpu() || t.samples() != j.samples() || t.minUs() != j.minUs() || t.maxUs() != j.maxUs()) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "oslat's JSON and its table disagree"
                        + " on column %d: table CPU %d, %d samples, min %d, max %d us; JSON CPU %d, %d samples, min %d,"
                        + " max %d us", i, t.cpu(), t.samples(), t.minUs(), t.maxUs(), j.cpu(), j.samples(), j.minUs(),
                        j.maxUs()));
            }
        }
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
