package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cyclictest latency histogram of one thread: bucket {@code b} (µs) counts the samples of
 * {@code b} µs, for {@code 0 <= b < rangeUs} (the {@code -h} value); samples at or above the
 * range are only counted as {@code overflows}. Only non-zero buckets are kept.
 *
 * @param rangeUs   number of buckets, i.e. the largest latency tracked plus one (cyclictest {@code -h})
 * @param buckets   non-zero buckets, latency µs to count, sorted
 * @param overflows samples at or above {@code rangeUs}
 */
@JsonIgnoreProperties(value = {"inRangeCount", "sampleCount"}, allowGetters = true)
public record LatencyHistogram(int rangeUs, SortedMap<Integer, Long> buckets, long overflows) {

    /** The quantiles every result reports: p50, p90, p99, p99.9, p99.99. */
    public static final List<Double> STANDARD_QUANTILES = List.of(0.5, 0.9, 0.99, 0.999, 0.9999);

    /**
     * Checks the buckets and keeps only the non-zero ones, sorted.
     *
     * @param rangeUs   number of buckets (cyclictest {@code -h}), at least 1
     * @param buckets   latency µs to count, each bucket in {@code 0 .. rangeUs - 1}; not {@code null}
     * @param overflows samples at or above {@code rangeUs}, at least 0
     * @throws IllegalArgumentException when the range is not positive, the overflows or a count is
     *                                  negative, or a bucket lies outside the range
     */
    public LatencyHistogram {
        if (rangeUs <= 0) {
            throw new IllegalArgumentException("rangeUs must be > 0: " + rangeUs);
        }
        if (overflows < 0) {
            throw new IllegalArgumentException("overflows must be >= 0: " + overflows);
        }
        TreeMap<Integer, Long> copy = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            int b = e.getKey();
            long c = e.getValue();
            if (b < 0 || b >= rangeUs) {
                throw new IllegalArgumentException("bucket " + b + " outside histogram range 0.." + (rangeUs - 1));
            }
            if (c < 0) {
                throw new IllegalArgumentException("bucket " + b + " has a negative count: " + c);
            }
            if (c > 0) {
                copy.put(b, c);
            }
        }
        buckets = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Builds a histogram from a dense count array (index = bucket µs). Entries at or beyond
     * {@code rangeUs} are ignored.
     *
     * @param counts    the count of each bucket, index = latency µs
     * @param rangeUs   number of buckets, at least 1
     * @param overflows samples at or above {@code rangeUs}
     * @return the histogram of the non-zero counts
     * @throws IllegalArgumentException when the range is not positive or a count is negative
     */
    public static LatencyHistogram ofDense(long[] counts, int rangeUs, long overflows) {
        TreeMap<Integer, Long> map = new TreeMap<>();
        for (int b = 0; b < Math.min(counts.length, rangeUs); b++) {
            if (counts[b] != 0) {
                map.put(b, counts[b]);
            }
        }
        return new LatencyHistogram(rangeUs, map, overflows);
    }

    /**
     * Samples inside the range: what cyclictest prints as {@code # Total}.
     *
     * @return the sum of all bucket counts, overflows excluded
     */
    @JsonProperty("inRangeCount")
    public long inRangeCount() {
        long sum = 0;
        for (long c : buckets.values()) {
            sum += c;
        }
        return sum;
    }

    /**
     * The mean of the samples inside the range, in µs (each bucket counts at its own value):
     * what a tool that sees only the histogram rows computes. cyclictest's own average also
     * counts the overflows.
     *
     * @return the in-range mean, µs, or empty when no sample is in range
     */
    public OptionalDouble inRangeMeanUs() {
        long n = inRangeCount();
        if (n == 0) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
            sum += (double) bucket.getKey() * bucket.getValue();
        }
        return OptionalDouble.of(sum / n);
    }

    /**
     * All samples: in range plus overflows (equals the loops of a complete run).
     *
     * @return {@link #inRangeCount()} plus {@link #overflows()}
     */
    @JsonProperty("sampleCount")
    public long sampleCount() {
        return inRangeCount() + overflows;
    }

    /**
     * The percentile {@code q} by the method described in {@link Percentile}. Empty value when
     * it lies among the overflows.
     *
     * @param q the quantile in (0, 1], e.g. 0.999 for p99.9
     * @return the percentile, its value empty when it lies above the histogram range
     * @throws IllegalStateException when the histogram holds no sample at all
     */
    public Percentile percentile(double q) {
        long total = sampleCount();
        if (total == 0) {
            throw new IllegalStateException("no samples: percentile undefined");
        }
        long rank = rank(q, total);
        long cumulative = 0;
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            cumulative += e.getValue();
            if (cumulative >= rank) {
                return new Percentile(q, OptionalLong.of(e.getKey()), rangeUs);
            }
        }
        return new Percentile(q, OptionalLong.empty(), rangeUs);
    }

    /**
     * The 1-based rank of the percentile sample: {@code ceil(q * total)}, at least 1, computed in
     * decimal so that e.g. 0.999 × 2000 is exactly 1998 (a double product is not).
     *
     * @param q     the quantile in (0, 1]
     * @param total the number of samples
     * @return the rank, between 1 and {@code total} (1 when {@code total} is 0)
     */
    public static long rank(double q, long total) {
        long r = java.math.BigDecimal.valueOf(q).multiply(java.math.BigDecimal.valueOf(total))
                .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        return Math.max(1, r);
    }

    /**
     * The percentiles of {@link #STANDARD_QUANTILES}.
     *
     * @return p50, p90, p99, p99.9 and p99.99 in that order, or an empty list when there is no sample
     */
    @JsonIgnore
    public List<Percentile> standardPercentiles() {
        if (sampleCount() == 0) {
            return List.of();
        }
        List<Percentile> list = new ArrayList<>();
        for (double q : STANDARD_QUANTILES) {
            list.add(percentile(q));
        }
        return List.copyOf(list);
    }

    /**
     * Adds two histograms bucket by bucket (same range required), e.g. to get percentiles
     * over all threads.
     *
     * @param other the histogram to add, of the same range
     * @return a new histogram holding the summed bucket counts and overflows
     * @throws IllegalArgumentException when the two ranges differ
     */
    public LatencyHistogram plus(LatencyHistogram other) {
        if (other.rangeUs != rangeUs) {
            throw new IllegalArgumentException("histogram ranges differ: " + rangeUs + " vs " + other.rangeUs);
        }
        TreeMap<Integer, Long> sum = new TreeMap<>(buckets);
        other.buckets.forEach((b, c) -> sum.merge(b, c, Long::sum));
        return new LatencyHistogram(rangeUs, sum, overflows + other.overflows);
    }
}
