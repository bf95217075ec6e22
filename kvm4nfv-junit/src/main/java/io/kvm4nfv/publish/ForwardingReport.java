package io.kvm4nfv.publish;

import io.kvm4nfv.probe.forwarding.ForwardingSla;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Human-readable views of a {@link ForwardingResult} for reports: SVG charts of latency and
 * throughput per frame size (with the SLA bounds as flat lines), a table, and one summary line.
 */
public final class ForwardingReport {

    private ForwardingReport() {
    }

    /**
     * min/avg/max latency (µs) per frame size, with the latency bounds of {@code sla} as red lines.
     *
     * @param result the forwarding result; a figure no frame size has is left out
     * @param sla    its mean and largest latency bounds are drawn when set
     * @return a standalone SVG document, frame size in bytes on the x axis
     */
    public static String latencySvg(ForwardingResult result, ForwardingSla sla) {
        List<SvgChart.Series> series = new ArrayList<>();
        add(series, result, "min latency", FrameSizeResult::minLatencyUs);
        add(series, result, "avg latency", FrameSizeResult::avgLatencyUs);
        add(series, result, "max latency", FrameSizeResult::maxLatencyUs);
        List<SvgChart.Threshold> bounds = new ArrayList<>();
        bound(bounds, "SLA avg " + number(sla.maxAvgLatencyUs()) + " us", sla.maxAvgLatencyUs());
        bound(bounds, "SLA max " + number(sla.maxLatencyUs()) + " us", sla.maxLatencyUs());
        return SvgChart.lines(title(result, "latency"), "frame size (bytes)", "latency (us)", series, List.of(),
                bounds, true);
    }

    /**
     * Received Mbit/s per frame size, with the throughput bound of {@code sla} as a red line.
     *
     * @param result the forwarding result
     * @param sla    its throughput bound is drawn when set
     * @return a standalone SVG document, frame size in bytes on the x axis
     */
    public static String throughputSvg(ForwardingResult result, ForwardingSla sla) {
        List<SvgChart.Series> series = new ArrayList<>();
        add(series, result, "received Mbit/s", FrameSizeResult::throughputRxMbps);
        List<SvgChart.Threshold> bounds = new ArrayList<>();
        bound(bounds, "SLA min " + number(sla.minThroughputMbps()) + " Mbit/s", sla.minThroughputMbps());
        return SvgChart.lines(title(result, "throughput"), "frame size (bytes)", "Mbit/s (whole frames)", series,
                List.of(), bounds, true);
    }

    /**
     * One row per frame size: latency min/avg/max/p99, fps, Mbit/s, loss, frames.
     *
     * @param result the forwarding result
     * @return a title line with test, deployment, test type and generator, a header and the rows;
     *         {@code -} for a figure not reported
     */
    public static String summaryTable(ForwardingResult result) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s %s (%s, %s)%n", result.testId(),
                result.deployment(), result.testType(), result.generator()));
        sb.append(String.format(Locale.ROOT, "%6s %10s %10s %10s %10s %10s %10s %8s %10s %10s%n", "bytes", "min us",
                "avg us", "max us", "p99 us", "rx fps", "rx Mbit/s", "loss %", "sent", "received"));
        for (FrameSizeResult f : result.frameSizes()) {
            sb.append(String.format(Locale.ROOT, "%6d %10s %10s %10s %10s %10s %10s %8s %10s %10s%n", f.frameSizeBytes(),
                    number(f.minLatencyUs()), number(f.avgLatencyUs()), number(f.maxLatencyUs()),
                    f.percentile(0.99).map(p -> number(p.valueUs())).orElse("-"), number(f.throughputRxFps()),
                    number(f.throughputRxMbps()), number(f.frameLossPercent()),
                    f.framesSent() == null ? "-" : f.framesSent().toString(),
                    f.framesReceived() == null ? "-" : f.framesReceived().toString()));
        }
        return sb.toString();
    }

    /**
     * E.g. {@code pvvp 64B avg 512.3/max 2210.0 us 0.51 Mbit/s loss 0 %; 1518B ...}.
     *
     * @param result the forwarding result
     * @return the deployment and every frame size's figures as one line
     */
    public static String oneLine(ForwardingResult result) {
        StringBuilder sb = new StringBuilder(result.deployment());
        String sep = " ";
        for (FrameSizeResult f : result.frameSizes()) {
            sb.append(sep).append(f.frameSizeBytes()).append("B avg ").append(number(f.avgLatencyUs())).append("/max ")
                    .append(number(f.maxLatencyUs())).append(" us ").append(number(f.throughputRxMbps()))
                    .append(" Mbit/s loss ").append(number(f.frameLossPercent())).append(" %");
            sep = "; ";
        }
        return sb.toString();
    }

    private static String title(ForwardingResult result, String what) {
        return result.deployment() + " " + what + " per frame size (" + result.testType() + ", " + result.generator() + ")";
    }

    private static void add(List<SvgChart.Series> series, ForwardingResult result, String name,
                            Function<FrameSizeResult, Double> value) {
        List<FrameSizeResult> measured = result.frameSizes().stream().filter(f -> value.apply(f) != null).toList();
        if (measured.isEmpty()) {
            return;
        }
        double[] x = measured.stream().mapToDouble(FrameSizeResult::frameSizeBytes).toArray();
        double[] y = measured.stream().mapToDouble(f -> value.apply(f)).toArray();
        series.add(new SvgChart.Series(name, x, y));
    }

    private static void bound(List<SvgChart.Threshold> bounds, String name, Double limit) {
        if (limit != null) {
            bounds.add(new SvgChart.Threshold(name, limit));
        }
    }

    private static String number(Double v) {
        if (v == null) {
            return "-";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
