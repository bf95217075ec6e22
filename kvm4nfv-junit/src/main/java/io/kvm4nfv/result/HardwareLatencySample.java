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

    /**
     * Checks the components.
     *
     * @param timestamp when it was taken, as the tracer printed it; not {@code null}
     * @param innerUs   largest gap inside the sampling loop, µs (at least 0)
     * @param outerUs   largest gap between two loop iterations, µs (at least 0)
     * @throws IllegalArgumentException when {@code innerUs} or {@code outerUs} is negative
     */
    public HardwareLatencySample {
        Objects.requireNonNull(timestamp, "timestamp");
        if (innerUs < 0 || outerUs < 0) {
            throw new IllegalArgumentException("innerUs and outerUs must be >= 0: " + innerUs + "/" + outerUs);
        }
    }

    /**
     * The sample's latency as hwlatdetect counts it.
     *
     * @return the larger of {@code innerUs} and {@code outerUs}, µs
     */
    public long largestUs() {
        return Math.max(innerUs, outerUs);
    }
}
