package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.Sla;
import io.kvm4nfv.result.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Bounds of a hardware-latency run, each optional (empty = not judged).
 *
 * <p>The {@code hwlat} tracer records only samples above the threshold: a run "below threshold"
 * proves a maximum below {@code thresholdUs}, which meets {@code maxUs} only when {@code maxUs >=
 * thresholdUs}; otherwise the bound cannot be verified, which is a violation (not a pass) whose note
 * says to lower the threshold.
 *
 * @param maxUs                   bound of the largest sample, µs
 * @param maxSamplesOverThreshold bound of the number of samples over the threshold
 * @param required                whether a node that cannot measure (no {@code hwlat} tracer, …) violates
 *                                the SLA; when {@code false} an unavailable result is not judged
 */
public record HwlatSla(OptionalLong maxUs, OptionalLong maxSamplesOverThreshold, boolean required)
        implements Sla<HardwareLatencyResult> {

    /** No bounds, not required. */
    public static final HwlatSla NONE = new HwlatSla(OptionalLong.empty(), OptionalLong.empty(), false);

    /**
     * Checks that the bounds are present and not negative.
     *
     * @param maxUs bound of the largest sample in microseconds; empty = not judged
     * @param maxSamplesOverThreshold bound of the number of samples over the threshold; empty = not judged
     * @param required whether a node that cannot measure violates the SLA
     * @throws NullPointerException if a bound is {@code null} (use an empty {@code OptionalLong})
     * @throws IllegalArgumentException when a bound is negative
     */
    public HwlatSla {
        Objects.requireNonNull(maxUs, "maxUs");
        Objects.requireNonNull(maxSamplesOverThreshold, "maxSamplesOverThreshold");
        if (maxUs.isPresent() && maxUs.getAsLong() < 0) {
            throw new IllegalArgumentException("maxUs must be >= 0: " + maxUs.getAsLong());
        }
        if (maxSamplesOverThreshold.isPresent() && maxSamplesOverThreshold.getAsLong() < 0) {
            throw new IllegalArgumentException("maxSamplesOverThreshold must be >= 0: "
                    + maxSamplesOverThreshold.getAsLong());
        }
    }

    /**
     * The same SLA with a bound on the largest sample.
     *
     * @param v the bound in microseconds, &gt;= 0
     * @return a copy with {@code maxUs} set
     */
    public HwlatSla withMaxUs(long v) {
        return new HwlatSla(OptionalLong.of(v), maxSamplesOverThreshold, required);
    }

    /**
     * The same SLA with a bound on the samples over the threshold.
     *
     * @param v the most samples allowed over the threshold, &gt;= 0
     * @return a copy with {@code maxSamplesOverThreshold} set
     */
    public HwlatSla withMaxSamplesOverThreshold(long v) {
        return new HwlatSla(maxUs, OptionalLong.of(v), required);
    }

    /**
     * The same SLA, required or not.
     *
     * @param v whether a node that cannot measure violates the SLA
     * @return a copy with {@code required} replaced
     */
    public HwlatSla withRequired(boolean v) {
        return new HwlatSla(maxUs, maxSamplesOverThreshold, v);
    }

    /** {@code maxUs <= 10, samplesOverThreshold <= 0, required} (or {@code none}). */
    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        maxUs.ifPresent(v -> parts.add("maxUs <= " + v));
        maxSamplesOverThreshold.ifPresent(v -> parts.add("samplesOverThreshold <= " + v));
        if (required) {
            parts.add("required");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Every violated bound; an unavailable result violates only a required SLA, with its reason. */
    @Override
    public List<Violation> violations(HardwareLatencyResult result) {
        List<Violation> out = new ArrayList<>();
        String subject = "node " + result.node();
        if (!result.available()) {
            if (required) {
                out.add(Violation.check(subject, "hwlat", result.unavailableReason()));
            }
            return out;
        }
        if (maxUs.isPresent()) {
            long limit = maxUs.getAsLong();
            if (result.belowThreshold()) {
                if (limit < result.thresholdUs()) {
                    out.add(new Violation(subject, "maxUs", Double.NaN, limit, "us", "below the threshold of "
                            + result.thresholdUs() + " us, cannot be verified: lower thresholdUs to at most " + limit));
                }
            } else if (result.maxLatencyUs() > limit) {
                out.add(new Violation(subject, "maxUs", result.maxLatencyUs(), limit, "us", ""));
            }
        }
        if (maxSamplesOverThreshold.isPresent() && result.samplesOverThreshold() > maxSamplesOverThreshold.getAsLong()) {
            out.add(new Violation(subject, "samplesOverThreshold", result.samplesOverThreshold(),
                    maxSamplesOverThreshold.getAsLong(), "samples", "threshold " + result.thresholdUs() + " us"));
        }
        return out;
    }
}
