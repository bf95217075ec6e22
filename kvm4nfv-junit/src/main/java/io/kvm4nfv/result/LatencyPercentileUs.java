package io.kvm4nfv.result;

import java.math.BigDecimal;

/**
 * One latency percentile of a frame-size run, as reported by the traffic generator
 * (fractional µs, unlike the whole-µs histogram buckets of cyclictest).
 *
 * @param quantile the quantile in (0, 1], e.g. 0.99 for p99
 * @param valueUs  the latency at that quantile, µs
 */
public record LatencyPercentileUs(double quantile, double valueUs) {

    /**
     * Checks the components.
     *
     * @param quantile the quantile in (0, 1]
     * @param valueUs  the latency at that quantile, µs, finite and at least 0
     * @throws IllegalArgumentException when either is out of range
     */
    public LatencyPercentileUs {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + quantile);
        }
        if (!(valueUs >= 0) || Double.isInfinite(valueUs)) {
            throw new IllegalArgumentException("latency must be a finite number >= 0 µs: " + valueUs);
        }
    }

    /**
     * A short label for reports.
     *
     * @return e.g. {@code p50}, {@code p99.9}
     */
    public String label() {
        return "p" + BigDecimal.valueOf(quantile).movePointRight(2).stripTrailingZeros().toPlainString();
    }
}
