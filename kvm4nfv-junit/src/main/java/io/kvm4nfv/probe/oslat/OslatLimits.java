package io.kvm4nfv.probe.oslat;

/**
 * What an oslat output may claim before it is refused as corrupt or hostile. The parsers size
 * arrays from the columns and bucket rows they read, so these bounds keep memory independent
 * of any number in the input; the value bound keeps every sum a parser or a result computes
 * (per CPU and over {@link #MAX_CPUS} CPUs) inside a {@code long}.
 */
final class OslatLimits {
    /** Measurement threads (table columns): one per CPU, 4096 CPUs is beyond any pod. */
    static final int MAX_CPUS = 4096;
    /** Buckets of a histogram: oslat's own limit on {@code -b}. */
    static final int MAX_BUCKETS = 1024;
    /** The bias ({@code -B}) is the smallest latency of the pre-heat: 1 s of it is no busy loop. */
    static final long MAX_BIAS_US = 1_000_000;
    /** Any count or latency, and a CPU's sample total: 10^15 µs are 31 years. */
    static final long MAX_VALUE = 1_000_000_000_000_000L;

    private OslatLimits() {
    }
}
