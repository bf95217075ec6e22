package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one frame size of a packet-forwarding run measured. A value the generator did not
 * report is {@code null} (JSON: absent) — never a made-up zero.
 *
 * @param frameSizeBytes     Ethernet frame size incl. FCS (64 … 1518), the VSPERF {@code packet_size}
 * @param minLatencyUs       smallest latency, µs
 * @param avgLatencyUs       mean latency, µs
 * @param maxLatencyUs       largest latency, µs
 * @param latencyPercentiles latency percentiles, by ascending quantile (empty when not reported)
 * @param throughputRxFps    frames per second received
 * @param throughputRxMbps   received rate in Mbit/s counted on whole frames ({@code fps * frameSize * 8 / 1e6})
 * @param frameLossPercent   lost frames in % of sent frames
 * @param framesSent         frames sent, when reported
 * @param framesReceived     frames received, when reported
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FrameSizeResult(int frameSizeBytes, Double minLatencyUs, Double avgLatencyUs, Double maxLatencyUs,
                              List<LatencyPercentileUs> latencyPercentiles, Double throughputRxFps,
                              Double throughputRxMbps, Double frameLossPercent, Long framesSent,
                              Long framesReceived) {

    /**
     * Checks the figures and sorts the percentiles by quantile.
     *
     * @param frameSizeBytes     Ethernet frame size incl. FCS, 64 to 9018 bytes
     * @param minLatencyUs       smallest latency, µs, or {@code null}
     * @param avgLatencyUs       mean latency, µs, or {@code null}
     * @param maxLatencyUs       largest latency, µs, or {@code null}
     * @param latencyPercentiles latency percentiles in any order, or {@code null} for none
     * @param throughputRxFps    frames per second received, or {@code null}
     * @param throughputRxMbps   received rate, Mbit/s, or {@code null}
     * @param frameLossPercent   lost frames in % of sent frames (0 to 100), or {@code null}
     * @param framesSent         frames sent, or {@code null}
     * @param framesReceived     frames received, or {@code null}
     * @throws IllegalArgumentException when the frame size is out of range, a figure is negative or
     *                                  not finite, or the loss exceeds 100 %
     */
    public FrameSizeResult {
        if (frameSizeBytes < 64 || frameSizeBytes > 9018) {
            throw new IllegalArgumentException("frame size must be 64..9018 bytes: " + frameSizeBytes);
        }
        requireNonNegative("minLatencyUs", minLatencyUs);
        requireNonNegative("avgLatencyUs", avgLatencyUs);
        requireNonNegative("maxLatencyUs", maxLatencyUs);
        requireNonNegative("throughputRxFps", throughputRxFps);
        requireNonNegative("throughputRxMbps", throughputRxMbps);
        requireNonNegative("frameLossPercent", frameLossPercent);
        if (frameLossPercent != null && frameLossPercent > 100) {
            throw new IllegalArgumentException("frameLossPercent must be <= 100: " + frameLossPercent);
        }
        if (framesSent != null && framesSent < 0 || framesReceived != null && framesReceived < 0) {
            throw new IllegalArgumentException("frame counts must be >= 0: sent " + framesSent
                    + ", received " + framesReceived);
        }
        latencyPercentiles = latencyPercentiles == null ? List.of()
                : latencyPercentiles.stream().sorted(Comparator.comparingDouble(LatencyPercentileUs::quantile)).toList();
    }

    private static void requireNonNegative(String name, Double value) {
        if (value != null && (!(value >= 0) || value.isInfinite())) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0: " + value);
        }
    }

    /**
     * Whether any frame came back: a positive received count or, when no count was reported,
     * a positive receive rate.
     *
     * @return {@code true} when at least one frame was received
     */
    @JsonIgnore
    public boolean receivedAnyFrame() {
        if (framesReceived != null) {
            return framesReceived > 0;
        }
        return throughputRxFps != null && throughputRxFps > 0;
    }

    /**
     * The percentile with exactly this quantile, if reported.
     *
     * @param quantile the quantile in (0, 1], e.g. 0.99 for p99
     * @return the percentile, or empty when the generator did not report that quantile
     */
    public Optional<LatencyPercentileUs> percentile(double quantile) {
        return latencyPercentiles.stream().filter(p -> Double.compare(p.quantile(), quantile) == 0).findFirst();
    }

    /**
     * The mean latency, µs, if reported.
     *
     * @return {@link #avgLatencyUs()}, or empty when it is {@code null}
     */
    @JsonIgnore
    public OptionalDouble avgLatency() {
        return avgLatencyUs == null ? OptionalDouble.empty() : OptionalDouble.of(avgLatencyUs);
    }

    /**
     * The largest latency, µs, if reported.
     *
     * @return {@link #maxLatencyUs()}, or empty when it is {@code null}
     */
    @JsonIgnore
    public OptionalDouble maxLatency() {
        return maxLatencyUs == null ? OptionalDouble.empty() : OptionalDouble.of(maxLatencyUs);
    }

    /**
     * The count of frames received, if reported.
     *
     * @return {@link #framesReceived()}, or empty when it is {@code null}
     */
    @JsonIgnore
    public OptionalLong received() {
        return framesReceived == null ? OptionalLong.empty() : OptionalLong.of(framesReceived);
    }

    @Override
    public String toString() {
        return frameSizeBytes + "B: latency min/avg/max " + Objects.toString(minLatencyUs, "-") + "/"
                + Objects.toString(avgLatencyUs, "-") + "/" + Objects.toString(maxLatencyUs, "-") + " us, "
                + Objects.toString(throughputRxFps, "-") + " fps, " + Objects.toString(throughputRxMbps, "-")
                + " Mbit/s, loss " + Objects.toString(frameLossPercent, "-") + " %";
    }
}
