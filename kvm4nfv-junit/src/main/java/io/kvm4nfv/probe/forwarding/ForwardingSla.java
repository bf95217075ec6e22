package io.kvm4nfv.probe.forwarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.Sla;
import io.kvm4nfv.result.Violation;

import java.util.List;

/**
 * SLA bounds of a forwarding test, for one frame size or all. A {@code null} bound is not
 * checked. Bounds are doubles: {@code 12.5} µs stays 12.5 (the old tooling truncated to int).
 *
 * @param maxAvgLatencyUs   upper bound of the mean latency, µs
 * @param maxLatencyUs      upper bound of the largest latency, µs
 * @param minThroughputMbps lower bound of the received rate, Mbit/s (whole frames)
 * @param maxLossPercent    upper bound of the frame loss, %
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForwardingSla(Double maxAvgLatencyUs, Double maxLatencyUs, Double minThroughputMbps,
                            Double maxLossPercent) implements Sla<ForwardingResult> {

    public ForwardingSla {
        check("maxAvgLatencyUs", maxAvgLatencyUs);
        check("maxLatencyUs", maxLatencyUs);
        check("minThroughputMbps", minThroughputMbps);
        check("maxLossPercent", maxLossPercent);
        if (maxLossPercent != null && maxLossPercent > 100) {
            throw new IllegalArgumentException("maxLossPercent must be <= 100: " + maxLossPercent);
        }
    }

    private static void check(String name, Double v) {
        if (v != null && (!(v >= 0) || v.isInfinite())) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0: " + v);
        }
    }

    /** The pod's defaults ({@code sla.forwarding} in the pod file). */
    public static ForwardingSla of(io.kvm4nfv.config.SlaDefaults.Forwarding pod) {
        return new ForwardingSla(pod.maxAvgLatencyUs(), pod.maxLatencyUs(), pod.minThroughputMbps(),
                pod.maxLossPercent());
    }

    /** No bound at all. */
    public static ForwardingSla none() {
        return new ForwardingSla(null, null, null, null);
    }

    /**
     * From annotation-style values where a negative number means "not set" (e.g. {@code -1}).
     */
    public static ForwardingSla ofOptional(double maxAvgLatencyUs, double maxLatencyUs, double minThroughputMbps,
                                           double maxLossPercent) {
        return new ForwardingSla(unset(maxAvgLatencyUs), unset(maxLatencyUs), unset(minThroughputMbps),
                unset(maxLossPercent));
    }

    private static Double unset(double v) {
        return v < 0 ? null : v;
    }

    public ForwardingSla withMaxAvgLatencyUs(double v) {
        return new ForwardingSla(v, maxLatencyUs, minThroughputMbps, maxLossPercent);
    }

    public ForwardingSla withMaxLatencyUs(double v) {
        return new ForwardingSla(maxAvgLatencyUs, v, minThroughputMbps, maxLossPercent);
    }

    public ForwardingSla withMinThroughputMbps(double v) {
        return new ForwardingSla(maxAvgLatencyUs, maxLatencyUs, v, maxLossPercent);
    }

    public ForwardingSla withMaxLossPercent(double v) {
        return new ForwardingSla(maxAvgLatencyUs, maxLatencyUs, minThroughputMbps, v);
    }

    /** Whether no bound is set. */
    public boolean isEmpty() {
        return maxAvgLatencyUs == null && maxLatencyUs == null && minThroughputMbps == null && maxLossPercent == null;
    }

    /** Every violation by any frame size ({@link ForwardingVerdict#violations(ForwardingResult, ForwardingSla)}). */
    @Override
    public List<Violation> violations(ForwardingResult result) {
        return ForwardingVerdict.violations(result, this);
    }

    /** {@code avg <= 500.0 us, loss <= 0.0 %}, or {@code none}. */
    @Override
    public String describe() {
        if (isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, "avg <= ", maxAvgLatencyUs, " us");
        append(sb, "max <= ", maxLatencyUs, " us");
        append(sb, "throughput >= ", minThroughputMbps, " Mbit/s");
        append(sb, "loss <= ", maxLossPercent, " %");
        return sb.toString();
    }

    private static void append(StringBuilder sb, String what, Double v, String unit) {
        if (v != null) {
            sb.append(sb.length() == 0 ? "" : ", ").append(what).append(v).append(unit);
        }
    }
}
