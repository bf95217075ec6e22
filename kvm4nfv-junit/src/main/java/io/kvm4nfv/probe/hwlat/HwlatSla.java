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

    public HwlatSla withMaxUs(long v) {
        return new HwlatSla(OptionalLong.of(v), maxSamplesOverThreshold, required);
    }

    public HwlatSla withMaxSamplesOverThreshold(long v) {
        return new HwlatSla(maxUs, OptionalLong.of(v), required);
    }

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
