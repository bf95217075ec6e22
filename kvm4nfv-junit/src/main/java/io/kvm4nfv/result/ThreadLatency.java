package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;

/**
 * The latency of one cyclictest measurement thread.
 *
 * <p>{@code avgUs} is a {@code double}: the text outputs print whole µs, the {@code --json}
 * file and verbose samples give a fraction, which is kept. A thread that took no sample
 * ({@code C: 0}, cyclictest then prints {@code Min:1000000}) has {@code samples == 0} and
 * min, avg and max of 0; {@link #hasSamples()} tells it apart.
 *
 * @param thread      thread index (0-based, as cyclictest numbers them)
 * @param samples     number of samples (cycles) measured
 * @param minUs       smallest latency, µs
 * @param avgUs       mean latency, µs
 * @param maxUs       largest latency, µs
 * @param overflows   samples above the histogram range (0 without histogram)
 * @param histogram   the histogram, or {@code null} when the run had none ({@code -h} unset)
 * @param percentiles p50, p90, p99, p99.9, p99.99 from the histogram (empty without one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = {"hasSamples"}, allowGetters = true)
public record ThreadLatency(int thread, long samples, long minUs, double avgUs, long maxUs, long overflows,
                            LatencyHistogram histogram, List<Percentile> percentiles) {

    /**
     * Checks the figures and copies the percentiles.
     *
     * @param thread      thread index, at least 0
     * @param samples     number of samples, at least 0
     * @param minUs       smallest latency, µs
     * @param avgUs       mean latency, µs, between {@code minUs} and {@code maxUs} when there are samples
     * @param maxUs       largest latency, µs
     * @param overflows   samples above the histogram range
     * @param histogram   the histogram, or {@code null}
     * @param percentiles percentiles from the histogram, or {@code null} for none
     * @throws IllegalArgumentException when {@code thread} or {@code samples} is negative, or min, avg and
     *                                  max are inconsistent
     */
    public ThreadLatency {
        if (thread < 0) {
            throw new IllegalArgumentException("thread must be >= 0: " + thread);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0: " + samples);
        }
        if (samples > 0 && (minUs > maxUs || avgUs < minUs || avgUs > maxUs)) {
            throw new IllegalArgumentException("thread " + thread + ": inconsistent min/avg/max "
                    + minUs + "/" + avgUs + "/" + maxUs);
        }
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
    }

    /**
     * A thread result without a histogram (so without overflows or percentiles).
     *
     * @param thread  thread index (0-based)
     * @param samples number of samples measured
     * @param minUs   smallest latency, µs
     * @param avgUs   mean latency, µs
     * @param maxUs   largest latency, µs
     * @return the thread's result
     * @throws IllegalArgumentException when the figures are inconsistent (see the constructor)
     */
    public static ThreadLatency withoutHistogram(int thread, long samples, long minUs, double avgUs, long maxUs) {
        return new ThreadLatency(thread, samples, minUs, avgUs, maxUs, 0, NO_HISTOGRAM, List.of());
    }

    /** The {@code histogram} of a thread result cyclictest printed none for. */
    private static final LatencyHistogram NO_HISTOGRAM = null;

    /**
     * A thread result whose overflows and percentiles are taken from its histogram (if any).
     *
     * @param thread    thread index (0-based)
     * @param samples   number of samples measured
     * @param minUs     smallest latency, µs
     * @param avgUs     mean latency, µs
     * @param maxUs     largest latency, µs
     * @param histogram the thread's histogram, or {@code null} when the run had none
     * @return the thread's result
     * @throws IllegalArgumentException when the figures are inconsistent (see the constructor)
     */
    public static ThreadLatency of(int thread, long samples, long minUs, double avgUs, long maxUs,
                                   LatencyHistogram histogram) {
        long overflows = histogram == null ? 0 : histogram.overflows();
        List<Percentile> p = histogram == null ? List.of() : histogram.standardPercentiles();
        return new ThreadLatency(thread, samples, minUs, avgUs, maxUs, overflows, histogram, p);
    }

    /**
     * Whether the thread took any sample.
     *
     * @return {@code false} for a thread that took no sample
     */
    @JsonProperty("hasSamples")
    public boolean hasSamples() {
        return samples > 0;
    }

    /**
     * The histogram, if the run had one.
     *
     * @return the histogram, or empty when cyclictest ran without {@code -h}
     */
    public Optional<LatencyHistogram> histogramIfAny() {
        return Optional.ofNullable(histogram);
    }

    /**
     * The percentile with this quantile among {@link #percentiles()}.
     *
     * @param quantile the quantile, e.g. {@code 0.99}; compared exactly
     * @return the percentile, or empty when it is not among the thread's percentiles
     */
    public Optional<Percentile> percentile(double quantile) {
        return percentiles.stream().filter(p -> p.quantile() == quantile).findFirst();
    }
}
