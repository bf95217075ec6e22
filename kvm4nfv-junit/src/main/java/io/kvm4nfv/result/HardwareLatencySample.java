package io.kvm4nfv.result;

import java.util.Objects;

/**
 * One sample of the kernel's {@code hwlat} tracer as hwlatdetect lists it
 * ({@code ts: 1607890123.123456789, inner:12, outer:14}).
 *
 * @param timestamp when it was taken, as the tracer printed it (seconds.nanoseconds)
 * @param innerUs   largest gap between two consecutive time reads inside the sampling loop, µs
 * @param outerUs   largest gap between two loop iterations, µs
 */
public record HardwareLatencySample(String timestamp, long innerUs, long outerUs) {

    public HardwareLatencySample {
        Objects.requireNonNull(timestamp, "timestamp");
        if (innerUs < 0 || outerUs < 0) {
            throw new IllegalArgumentException("innerUs and outerUs must be >= 0: " + innerUs + "/" + outerUs);
        }
    }

    /** The larger of inner and outer, µs: the sample's latency as hwlatdetect counts it. */
    public long largestUs() {
        return Math.max(innerUs, outerUs);
    }
}
