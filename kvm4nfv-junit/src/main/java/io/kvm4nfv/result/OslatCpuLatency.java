package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one oslat busy-polling thread saw on its CPU.
 *
 * <p>oslat measures in whole µs rounded up: a gap of {@code g} CPU cycles counts as
 * {@code floor(g / MHz) + 1} µs, so its fastest loop is 1 µs. The histogram uses oslat's own
 * bucket labels: bucket {@code L} counts the samples of {@code L} µs. Its range is the label of
 * oslat's last bucket, which includes the overflows, so the samples of that bucket are
 * {@link LatencyHistogram#overflows()} ("at least {@code range} µs") and a percentile that lands
 * among them is {@link Percentile#aboveHistogramRange()}. With {@code -B} (bias) samples below
 * the first label are counted in the first bucket, whose label is then an upper bound.
 *
 * <p>{@code avgUs} is oslat's {@code Average} as printed. oslat 2.40 computes it from the bucket
 * labels plus the overflow excess of the <em>first</em> CPU for every CPU, so the average of
 * any other CPU carries the first CPU's spikes and not its own.
 *
 * @param index           the thread's column in oslat's table (0-based, the key of its JSON thread)
 * @param cpu             the CPU the thread ran on ({@code Core})
 * @param counterMhz      the CPU counter frequency oslat measured, MHz ({@code Counter Freq})
 * @param samples         the loops measured: the sum of the histogram
 * @param minUs           smallest latency, µs ({@code Minimum})
 * @param avgUs           oslat's average latency, µs ({@code Average}, see above)
 * @param maxUs           largest latency, µs ({@code Maximum})
 * @param durationSeconds the thread's measured run time, s ({@code Duration})
 * @param histogram       the histogram with oslat's labels; its overflows are the last bucket's count
 * @param percentiles     p50, p90, p99, p99.9, p99.99 from the histogram (empty without sample)
 */
@JsonIgnoreProperties(value = {"hasSamples"}, allowGetters = true)
public record OslatCpuLatency(int index, int cpu, long counterMhz, long samples, long minUs, double avgUs, long maxUs,
                              double durationSeconds, LatencyHistogram histogram, List<Percentile> percentiles) {

    /**
     * Checks the figures against each other and copies the percentiles.
     *
     * @param index           the thread's column in oslat's table, at least 0
     * @param cpu             the CPU the thread ran on, at least 0
     * @param counterMhz      the CPU counter frequency, MHz
     * @param samples         the loops measured; must equal the histogram's sample count
     * @param minUs           smallest latency, µs
     * @param avgUs           oslat's average latency, µs, finite and at least 0
     * @param maxUs           largest latency, µs, at least {@code minUs} when there are samples
     * @param durationSeconds the thread's measured run time, s, finite and at least 0
     * @param histogram       the histogram with oslat's labels; not {@code null}
     * @param percentiles     percentiles from the histogram, or {@code null} for none
     * @throws IllegalArgumentException when a figure is negative or not finite, the minimum exceeds the
     *                                  maximum, or {@code samples} disagrees with the histogram
     * @throws NullPointerException     when {@code histogram} is {@code null}
     */
    public OslatCpuLatency {
        if (index < 0 || cpu < 0) {
            throw new IllegalArgumentException("index and cpu must be >= 0: index " + index + ", cpu " + cpu);
        }
        Objects.requireNonNull(histogram, "histogram");
        if (samples != histogram.sampleCount()) {
            throw new IllegalArgumentException("CPU " + cpu + ": " + samples + " samples but the histogram holds "
                    + histogram.sampleCount());
        }
        if (counterMhz < 0 || minUs < 0 || maxUs < 0) {
            throw new IllegalArgumentException("CPU " + cpu + ": negative figure: counterMhz " + counterMhz
                    + ", minUs " + minUs + ", maxUs " + maxUs);
        }
        if (samples > 0 && minUs > maxUs) {
            throw new IllegalArgumentException("CPU " + cpu + ": minimum " + minUs + " us above maximum " + maxUs + " us");
        }
        if (!(avgUs >= 0) || Double.isInfinite(avgUs) || !(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("CPU " + cpu + ": average " + avgUs + " us and duration "
                    + durationSeconds + " s must be finite numbers >= 0");
        }
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
    }

    /**
     * A CPU's figures whose sample count and percentiles come from its histogram.
     *
     * @param index           the thread's column in oslat's table (0-based)
     * @param cpu             the CPU the thread ran on ({@code Core})
     * @param counterMhz      the CPU counter frequency oslat measured, MHz
     * @param minUs           smallest latency, µs ({@code Minimum})
     * @param avgUs           oslat's average latency, µs ({@code Average})
     * @param maxUs           largest latency, µs ({@code Maximum})
     * @param durationSeconds the thread's measured run time, s ({@code Duration})
     * @param histogram       the histogram with oslat's labels
     * @return the CPU's figures with the standard percentiles of {@code histogram}
     * @throws IllegalArgumentException when a figure is out of range (see the constructor)
     */
    public static OslatCpuLatency of(int index, int cpu, long counterMhz, long minUs, double avgUs, long maxUs,
                                     double durationSeconds, LatencyHistogram histogram) {
        return new OslatCpuLatency(index, cpu, counterMhz, histogram.sampleCount(), minUs, avgUs, maxUs,
                durationSeconds, histogram, histogram.standardPercentiles());
    }

    /**
     * Whether the thread measured anything.
     *
     * @return {@code false} for a thread with no sample
     */
    @JsonProperty("hasSamples")
    public boolean hasSamples() {
        return samples > 0;
    }

    /**
     * The percentile with this quantile among {@link #percentiles()}.
     *
     * @param quantile the quantile, e.g. {@code 0.99}; compared exactly
     * @return the percentile, or empty when it is not among the standard ones or there is no sample
     */
    public Optional<Percentile> percentile(double quantile) {
        return percentiles.stream().filter(p -> p.quantile() == quantile).findFirst();
    }
}
