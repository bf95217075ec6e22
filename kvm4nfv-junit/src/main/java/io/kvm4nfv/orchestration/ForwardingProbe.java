package io.kvm4nfv.orchestration;

import io.kvm4nfv.probe.forwarding.ForwardingOptions;
import io.kvm4nfv.probe.forwarding.ForwardingResultNames;
import io.kvm4nfv.probe.forwarding.TrafficGenerator;
import io.kvm4nfv.publish.ForwardingReport;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.Sla;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Packet forwarding: the options' deployment driven by a traffic generator (VSPERF on a pod
 * that runs it, the library's OVS and QEMU path otherwise) at every frame size; judged by the
 * options' {@link io.kvm4nfv.probe.forwarding.ForwardingSla}; reported with latency and
 * throughput charts per frame size.
 *
 * @param generator drives the traffic (and builds the path)
 * @param options   deployment, frame sizes, duration, SLA
 */
public record ForwardingProbe(TrafficGenerator generator, ForwardingOptions options)
        implements Probe<ForwardingResult> {

    /**
     * Checks that both components are present.
     *
     * @param generator drives the traffic (and builds the path)
     * @param options deployment, frame sizes, duration, SLA
     * @throws NullPointerException if a component is {@code null}
     */
    public ForwardingProbe {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String kind() {
        return "forwarding";
    }

    @Override
    public String title() {
        return "packet forwarding " + options.topology().describePaths() + " at " + options.frameSizes() + " B, "
                + options.durationPerSize().toSeconds() + " s each (" + generator.name() + ")";
    }

    @Override
    public ForwardingResult measure(Journal journal) {
        return generator.run(options.request());
    }

    @Override
    public Sla<ForwardingResult> sla() {
        return options.sla();
    }

    @Override
    public String measurement(ForwardingResult result) {
        return ForwardingResultNames.measurement(result);
    }

    @Override
    public String subject(ForwardingResult result) {
        return subjectOf(result);
    }

    /**
     * {@code pvp (OVS_netdev) at 2 frame size(s)}: what a forwarding verdict speaks of.
     *
     * @param result a forwarding result
     * @return the deployment, its test type and the number of frame sizes
     */
    public static String subjectOf(ForwardingResult result) {
        return result.deployment() + " (" + result.testType() + ") at " + result.frameSizes().size()
                + " frame size(s)";
    }

    @Override
    public String summary(ForwardingResult result) {
        return ForwardingReport.oneLine(result);
    }

    @Override
    public void attachEvidence(ForwardingResult result, Journal journal) {
        journal.attach("latency per frame size", "image/svg+xml", "svg",
                ForwardingReport.latencySvg(result, options.sla()).getBytes(StandardCharsets.UTF_8));
        journal.attach("throughput per frame size", "image/svg+xml", "svg",
                ForwardingReport.throughputSvg(result, options.sla()).getBytes(StandardCharsets.UTF_8));
        journal.attachText("forwarding summary", ForwardingReport.summaryTable(result));
    }
}
