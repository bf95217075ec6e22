package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges a {@link ForwardingResult} against SLA bounds and returns every violation (not only
 * the first), frame size by frame size. A bound per frame size replaces the default bound for
 * that size as a whole.
 */
public final class ForwardingVerdict {

    private ForwardingVerdict() {
    }

    /**
     * Every violation of {@code sla} by any frame size; empty when the result meets it.
     *
     * @param result the measured figures
     * @param sla    the bounds every frame size is judged by; a {@code null} bound is not checked
     * @return the violations, frame size by frame size, immutable
     */
    public static List<Violation> violations(ForwardingResult result, ForwardingSla sla) {
        return violations(result, sla, Map.of());
    }

    /**
     * Every violation; frame sizes listed in {@code perFrameSize} are judged by their own bounds,
     * the others by {@code defaults}.
     *
     * @param result       the measured figures
     * @param defaults     the bounds of frame sizes without their own
     * @param perFrameSize bounds by frame size in bytes, replacing {@code defaults} as a whole for that size
     * @return the violations, frame size by frame size, immutable; an unmeasured figure violates its bound
     */
    public static List<Violation> violations(ForwardingResult result, ForwardingSla defaults,
                                                Map<Integer, ForwardingSla> perFrameSize) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(defaults, "defaults");
        List<Violation> out = new ArrayList<>();
        for (FrameSizeResult f : result.frameSizes()) {
            ForwardingSla sla = perFrameSize.getOrDefault(f.frameSizeBytes(), defaults);
            int size = f.frameSizeBytes();
            above(out, size, "avgLatencyUs", sla.maxAvgLatencyUs(), f.avgLatencyUs(), "us");
            above(out, size, "maxLatencyUs", sla.maxLatencyUs(), f.maxLatencyUs(), "us");
            if (sla.minThroughputMbps() != null
                    && (f.throughputRxMbps() == null || f.throughputRxMbps() < sla.minThroughputMbps())) {
                out.add(Violation.below(size + " B", "throughputRxMbps", measured(f.throughputRxMbps()),
                        sla.minThroughputMbps(), "Mbit/s"));
            }
            above(out, size, "frameLossPercent", sla.maxLossPercent(), f.frameLossPercent(), "%");
        }
        return List.copyOf(out);
    }

    private static void above(List<Violation> out, int size, String metric, Double limit, Double actual, String unit) {
        if (limit != null && (actual == null || actual > limit)) {
            out.add(new Violation(size + " B", metric, measured(actual), limit, unit, ""));
        }
    }

    /** An unmeasured value never passes a bound: it is reported as "not measured". */
    private static double measured(Double actual) {
        return actual == null ? Double.NaN : actual;
    }
}
