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

    /**
     * Checks the bounds.
     *
     * @param maxAvgLatencyUs   upper bound of the mean latency, µs, or {@code null}
     * @param maxLatencyUs      upper bound of the largest latency, µs, or {@code null}
     * @param minThroughputMbps lower bound of the received rate, Mbit/s, or {@code null}
     * @param maxLossPercent    upper bound of the frame loss, % (at most 100), or {@code null}
     * @throws IllegalArgumentException for a negative, NaN or infinite bound, or a loss bound above 100
     */
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

    /**
     * The pod's defaults ({@code sla.forwarding} in the pod file).
     *
     * @param pod the pod file's forwarding bounds
     * @return the same bounds; those the pod leaves out are not checked
     */
    public static ForwardingSla of(io.kvm4nfv.config.SlaDefaults.Forwarding pod) {
        return new ForwardingSla(pod.maxAvgLatencyUs(), pod.maxLatencyUs(), pod.minThroughputMbps(),
                pod.maxLossPercent());
    }

    /**
     * No bound at all.
     *
     * @return bounds that every result meets
     */
    public static ForwardingSla none() {
        return new ForwardingSla(null, null, null, null);
    }

    /**
     * From annotation-style values where a negative number means "not set" (e.g. {@code -1}).
     *
     * @param maxAvgLatencyUs   upper bound of the mean latency, µs, or negative
     * @param maxLatencyUs      upper bound of the largest latency, µs, or negative
     * @param minThroughputMbps lower bound of the received rate, Mbit/s, or negative
     * @param maxLossPercent    upper bound of the frame loss, %, or negative
     * @return the bounds, {@code null} where the value was negative
     * @throws IllegalArgumentException for NaN or infinite values, or a loss bound above 100
     */
    public static ForwardingSla ofOptional(double maxAvgLatencyUs, double maxLatencyUs, double minThroughputMbps,
                                           double maxLossPercent) {
        return new ForwardingSla(unset(maxAvgLatencyUs), unset(maxLatencyUs), unset(minThroughputMbps),
                unset(maxLossPercent));
    }

    private static Double unset(double v) {
        return v < 0 ? null : v;
    }

    /**
     * These bounds with another mean-latency bound.
     *
     * @param v upper bound of the mean latency, µs
     * @return a copy with {@code maxAvgLatencyUs} replaced
     */
    public ForwardingSla withMaxAvgLatencyUs(double v) {
        return new ForwardingSla(v, maxLatencyUs, minThroughputMbps, maxLossPercent);
    }

    /**
     * These bounds with another bound of the largest latency.
     *
     * @param v upper bound of the largest latency, µs
     * @return a copy with {@code maxLatencyUs} replaced
     */
    public ForwardingSla withMaxLatencyUs(double v) {
        return new ForwardingSla(maxAvgLatencyUs, v, minThroughputMbps, maxLossPercent);
    }

    /**
     * These bounds with another throughput bound.
     *
     * @param v lower bound of the received rate, Mbit/s (whole frames)
     * @return a copy with {@code minThroughputMbps} replaced
     */
    public ForwardingSla withMinThroughputMbps(double v) {
        return new ForwardingSla(maxAvgLatencyUs, maxLatencyUs, v, maxLossPercent);
    }

    /**
     * These bounds with another loss bound.
     *
     * @param v upper bound of the frame loss, %, 0..100
     * @return a copy with {@code maxLossPercent} replaced
     */
    public ForwardingSla withMaxLossPercent(double v) {
        return new ForwardingSla(maxAvgLatencyUs, maxLatencyUs, minThroughputMbps, v);
    }

    /**
     * Whether no bound is set.
     *
     * @return {@code true} when all four bounds are {@code null}
     */
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
