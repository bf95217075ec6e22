package io.kvm4nfv.probe.cyclictest;

/**
 * What a cyclictest output may claim before it is refused as corrupt or hostile. The parsers
 * size arrays from thread indexes and bucket numbers they read, so these bounds keep memory
 * independent of any number in the input; the value bound keeps every sum a parser or a
 * result computes (per thread and over {@link #MAX_THREADS} threads) inside a {@code long}.
 */
final class CyclictestLimits {
    /** Measurement threads (thread index below this): one per CPU is the norm, 4096 CPUs is beyond any pod. */
    static final int MAX_THREADS = 4096;
    /** Histogram buckets, i.e. the largest {@code -h} accepted: the one {@link CyclictestOptions} allows. */
    static final int MAX_HISTOGRAM_US = CyclictestOptions.MAX_HISTOGRAM_US;
    /** Any count or latency, and a thread's sample total: 10^15 µs are 31 years. */
    static final long MAX_VALUE = 1_000_000_000_000_000L;

    private CyclictestLimits() {
    }
}
