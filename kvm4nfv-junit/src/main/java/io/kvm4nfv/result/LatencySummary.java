package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate over all threads of a run: the smallest min, the largest max, the mean
 * weighted by each thread's sample count, the summed samples and overflows, and (when every
 * thread has a histogram of the same range) the percentiles of the summed histogram.
 * Threads without sample do not count.
 *
 * @param threads     number of threads that took samples
 * @param samples     samples of all threads
 * @param minUs       min of the threads' min, µs
 * @param avgUs       sample-weighted mean of the threads' avg, µs
 * @param maxUs       max of the threads' max, µs
 * @param overflows   overflows of all threads
 * @param percentiles percentiles of the summed histogram (empty when not available)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LatencySummary(int threads, long samples, long minUs, double avgUs, long maxUs, long overflows,
                             List<Percentile> percentiles) {

    /**
     * Copies the percentiles.
     *
     * @param threads     number of threads that took samples
     * @param samples     samples of all threads
     * @param minUs       smallest latency of all threads, µs
     * @param avgUs       sample-weighted mean latency, µs
     * @param maxUs       largest latency of all threads, µs
     * @param overflows   overflows of all threads
     * @param percentiles percentiles of the summed histogram, or {@code null} for none
     */
    public LatencySummary {
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
    }

    /**
     * Aggregates thread results as described above. When a thread has no histogram, or the
     * histograms' ranges differ, the aggregate has no percentiles.
     *
     * @param threadResults the threads of one run
     * @return the aggregate; all zero when no thread took a sample
     */
    public static LatencySummary of(List<ThreadLatency> threadResults) {
        int n = 0;
        long samples = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double weighted = 0;
        long overflows = 0;
        LatencyHistogram merged = null;
        boolean allHistograms = true;
        for (ThreadLatency t : threadResults) {
            if (t.histogram() == null) {
                allHistograms = false;
            } else if (allHistograms) {
                if (merged == null) {
                    merged = t.histogram();
                } else if (merged.rangeUs() == t.histogram().rangeUs()) {
                    merged = merged.plus(t.histogram());
                } else {
                    allHistograms = false;
                }
            }
            if (!t.hasSamples()) {
                continue;
            }
            n++;
            samples += t.samples();
            min = Math.min(min, t.minUs());
            max = Math.max(max, t.maxUs());
            weighted += t.avgUs() * t.samples();
            overflows += t.overflows();
        }
        if (n == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, List.of());
        }
        List<Percentile> p = allHistograms && merged != null ? merged.standardPercentiles() : new ArrayList<>();
        return new LatencySummary(n, samples, min, weighted / samples, max, overflows, p);
    }
}
