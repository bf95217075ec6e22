package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One latency percentile read from a {@link LatencyHistogram} (immutable value).
 *
 * <p>Method: with {@code total} = samples inside the histogram range plus the overflows, the
 * percentile {@code q} is the smallest bucket {@code b} whose cumulative count is
 * {@code >= q * total} (rounded up to a whole sample, computed in decimal, see
 * {@link LatencyHistogram#rank(double, long)}). A bucket {@code b} holds the samples of
 * {@code b} µs (cyclictest truncates to whole µs). When the cumulative count inside the range
 * never reaches that rank, the percentile lies among the overflows: it is only known to be
 * larger than the histogram range, {@link #valueUs()} is empty and
 * {@link #aboveHistogramRange()} is true. No number is invented for it (JSON: {@code null}).
 */
@JsonPropertyOrder({"label", "quantile", "valueUs", "aboveHistogramRange", "histogramRangeUs"})
@JsonIgnoreProperties(value = {"label", "aboveHistogramRange"}, allowGetters = true)
public final class Percentile {
    private final double quantile;
    private final Long valueUs;
    private final int histogramRangeUs;

    /**
     * @param quantile         the quantile in (0, 1], e.g. 0.999 for p99.9
     * @param valueUs          the bucket in µs, empty when above the histogram range
     * @param histogramRangeUs the range (number of buckets) of the histogram it was read from
     */
    public Percentile(double quantile, OptionalLong valueUs, int histogramRangeUs) {
        this(quantile, valueUs != null && valueUs.isPresent() ? Long.valueOf(valueUs.getAsLong()) : null,
                histogramRangeUs);
    }

    @JsonCreator
    private Percentile(@JsonProperty("quantile") double quantile, @JsonProperty("valueUs") Long valueUs,
                       @JsonProperty("histogramRangeUs") int histogramRangeUs) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + quantile);
        }
        this.quantile = quantile;
        this.valueUs = valueUs;
        this.histogramRangeUs = histogramRangeUs;
    }

    /**
     * The quantile this percentile is of.
     *
     * @return the quantile in (0, 1], e.g. 0.999 for p99.9
     */
    @JsonProperty("quantile")
    public double quantile() {
        return quantile;
    }

    /**
     * The percentile's value: the bucket it lies in.
     *
     * @return the bucket, µs, or empty when the percentile is above the histogram range
     */
    @JsonIgnore
    public OptionalLong valueUs() {
        return valueUs == null ? OptionalLong.empty() : OptionalLong.of(valueUs);
    }

    @JsonProperty("valueUs")
    Long valueUsOrNull() {
        return valueUs;
    }

    /**
     * The range of the histogram the percentile was read from: a percentile above it is only
     * known to be at least this large.
     *
     * @return the number of buckets, i.e. the largest latency tracked plus one, µs
     */
    @JsonProperty("histogramRangeUs")
    public int histogramRangeUs() {
        return histogramRangeUs;
    }

    /**
     * Whether the percentile falls among the overflows: larger than the histogram range.
     *
     * @return {@code true} when {@link #valueUs()} is empty
     */
    @JsonProperty("aboveHistogramRange")
    public boolean aboveHistogramRange() {
        return valueUs == null;
    }

    /**
     * A short label for reports.
     *
     * @return e.g. {@code p50}, {@code p99.9}, {@code p99.99}
     */
    @JsonProperty("label")
    public String label() {
        return "p" + BigDecimal.valueOf(quantile).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Percentile p && Double.compare(p.quantile, quantile) == 0
                && Objects.equals(p.valueUs, valueUs) && p.histogramRangeUs == histogramRangeUs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(quantile, valueUs, histogramRangeUs);
    }

    @Override
    public String toString() {
        return label() + "=" + (valueUs != null ? valueUs + "us" : "> " + histogramRangeUs + "us (histogram range)");
    }
}
