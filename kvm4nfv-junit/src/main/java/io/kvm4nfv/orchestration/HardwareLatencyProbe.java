package io.kvm4nfv.orchestration;

import io.kvm4nfv.lab.LabResources;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.probe.hwlat.HwlatOptions;
import io.kvm4nfv.probe.hwlat.HwlatRun;
import io.kvm4nfv.probe.hwlat.HwlatSla;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.HardwareLatencySample;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Hardware latency: hwlatdetect on a host (the kernel's {@code hwlat} tracer spinning with
 * interrupts off, timing what the hardware and firmware steal), its tracefs settings restored
 * afterwards and registered with the lab's reaper first; judged by an {@link HwlatSla}. A
 * kernel without the tracer gives a result that says so (not measured), not an error.
 *
 * @param node      the host measured
 * @param options   hwlatdetect's command line
 * @param sla       the bounds (and whether a node that cannot measure violates them)
 * @param rawOutput the local file that receives hwlatdetect's output
 * @param resources where the tracefs restore is registered before hwlatdetect starts
 * @param podName   the pod, for the verdict's wording
 */
public record HardwareLatencyProbe(Node node, HwlatOptions options, HwlatSla sla, Path rawOutput,
                                   LabResources resources, String podName) implements Probe<HardwareLatencyResult> {

    /**
     * Checks that every component is present.
     *
     * @param node the host measured
     * @param options hwlatdetect's command line
     * @param sla the bounds
     * @param rawOutput the local file that receives hwlatdetect's output
     * @param resources where the tracefs restore is registered
     * @param podName the pod, for the verdict's wording
     * @throws NullPointerException if any component is {@code null}
     */
    public HardwareLatencyProbe {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(rawOutput, "rawOutput");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(podName, "podName");
    }

    @Override
    public String kind() {
        return "hwlat";
    }

    @Override
    public String title() {
        return "hwlatdetect on " + node.name() + ": " + String.join(" ", options.commandLine());
    }

    @Override
    public HardwareLatencyResult measure(Journal journal) {
        journal.attachText("hwlatdetect command line", String.join(" ", options.commandLine()));
        return HwlatRun.of(options, rawOutput).undoWith(resources).run(node);
    }

    @Override
    public HwlatSla sla() {
        return sla;
    }

    @Override
    public String measurement(HardwareLatencyResult result) {
        return KvmfornfvMeasurements.hwlat(result.node()).name();
    }

    @Override
    public String subject(HardwareLatencyResult result) {
        return "hardware latency on " + result.node() + " of pod " + podName;
    }

    @Override
    public String summary(HardwareLatencyResult result) {
        return result.summary();
    }

    @Override
    public MeasurementSource<HardwareLatencyResult> points() {
        return KvmfornfvMeasurements::hwlatPoints;
    }

    @Override
    public void attachEvidence(HardwareLatencyResult result, Journal journal) {
        if (!result.available()) {
            journal.attachText("hwlat unavailable on " + result.node(), result.unavailableReason());
        } else if (!result.samples().isEmpty()) {
            journal.attachText("hwlat samples (largest first)", result.samples().stream()
                    .sorted(Comparator.comparingLong(HardwareLatencySample::largestUs).reversed()).limit(100)
                    .map(s -> String.format(Locale.ROOT, "%s  inner %d us  outer %d us", s.timestamp(), s.innerUs(),
                            s.outerUs()))
                    .collect(Collectors.joining("\n")));
        }
        if (result.rawOutputFile() != null) {
            journal.attach("hwlatdetect raw output", "text/plain", "txt",
                    LatencyReport.tail(Path.of(result.rawOutputFile()), 1 << 20));
        }
    }
}
