package io.kvm4nfv.probe.membw;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Memory bandwidth over a measurement, from Intel PCM's {@code pcm-memory}, or why there is none.
 *
 * @param measurement       KVM4NFV-like measurement name, e.g. {@code kvmfornfv_cyclictest_idle_idle_MBW}
 * @param node              the node's name
 * @param available         whether PCM produced samples
 * @param unavailableReason PCM's own reason text when it could not run ({@code null} when available)
 * @param intervalSeconds   the sampling interval
 * @param samples           the time series, oldest first
 */
public record MemoryBandwidthResult(String measurement, String node, boolean available, String unavailableReason,
                                    double intervalSeconds, List<MemoryBandwidthSample> samples) {

    private static final int SUMMARY_REASON_CHARS = 160;

    /**
     * Checks the names are present, copies the samples, and requires a reason when unavailable.
     *
     * @param measurement measurement name; not {@code null}
     * @param node the node's name; not {@code null}
     * @param available whether PCM produced samples
     * @param unavailableReason PCM's reason text; required when {@code available} is false
     * @param intervalSeconds the sampling interval in seconds
     * @param samples the time series, oldest first; copied
     * @throws NullPointerException if {@code measurement}, {@code node} or {@code samples} is {@code null}
     * @throws IllegalArgumentException when an unavailable result has no reason
     */
    public MemoryBandwidthResult {
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(node, "node");
        samples = List.copyOf(samples);
        if (!available && unavailableReason == null) {
            throw new IllegalArgumentException("an unavailable result needs a reason");
        }
    }

    /**
     * PCM's time series, oldest first, sampled every {@code intervalSeconds}.
     *
     * @param measurement the measurement name, e.g. from {@link #measurementName(String)}
     * @param node the node's name
     * @param intervalSeconds the sampling interval in seconds
     * @param samples the time series, oldest first
     * @return an available result
     */
    public static MemoryBandwidthResult sampled(String measurement, String node, double intervalSeconds,
                                                List<MemoryBandwidthSample> samples) {
        return new MemoryBandwidthResult(measurement, node, true, NO_REASON, intervalSeconds, samples);
    }

    /** The {@code unavailableReason} of an available result. */
    private static final String NO_REASON = null;

    /**
     * No samples: PCM could not run here.
     *
     * @param measurement the measurement name, e.g. from {@link #measurementName(String)}
     * @param node the node's name
     * @param intervalSeconds the sampling interval in seconds that was asked for
     * @param reason PCM's own words, or what went wrong reading its output
     * @return an unavailable result without samples
     */
    public static MemoryBandwidthResult unavailable(String measurement, String node, double intervalSeconds,
                                                    String reason) {
        return new MemoryBandwidthResult(measurement, node, false, reason, intervalSeconds, List.of());
    }

    /**
     * {@code kvmfornfv_<name>_MBW}: the name lower-cased with every run of other characters than
     * letters and digits turned into one {@code _} ({@code "cyclictest Idle-Idle"} →
     * {@code kvmfornfv_cyclictest_idle_idle_MBW}).
     *
     * @param testName what is measured, e.g. {@code cyclictest Idle-Idle}
     * @return the measurement name
     * @throws IllegalArgumentException when {@code testName} has no letter or digit
     */
    public static String measurementName(String testName) {
        String slug = testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("test name has no letters or digits: '" + testName + "'");
        }
        return "kvmfornfv_" + slug + "_MBW";
    }

    /**
     * Highest system read bandwidth of any sample, MB/s (0 without samples).
     *
     * @return the largest system read bandwidth in MB/s
     */
    public double maxSystemReadMBps() {
        return max(MemoryBandwidthSample::systemReadMBps);
    }

    /**
     * Highest system write bandwidth of any sample, MB/s (0 without samples).
     *
     * @return the largest system write bandwidth in MB/s
     */
    public double maxSystemWriteMBps() {
        return max(MemoryBandwidthSample::systemWriteMBps);
    }

    /**
     * Mean system read bandwidth, MB/s (0 without samples).
     *
     * @return the mean system read bandwidth in MB/s
     */
    public double avgSystemReadMBps() {
        return samples.stream().mapToDouble(MemoryBandwidthSample::systemReadMBps).average().orElse(0);
    }

    /**
     * Mean system write bandwidth, MB/s (0 without samples).
     *
     * @return the mean system write bandwidth in MB/s
     */
    public double avgSystemWriteMBps() {
        return samples.stream().mapToDouble(MemoryBandwidthSample::systemWriteMBps).average().orElse(0);
    }

    private double max(ToDoubleFunction<MemoryBandwidthSample> f) {
        return samples.stream().mapToDouble(f).max().orElse(0);
    }

    /**
     * A one-line summary, or {@code "… unavailable: reason"} with the reason's first sentence
     * (PCM lists every supported processor after it; the whole reason is in the report).
     *
     * @return the summary line: sample count, interval, and mean and largest read and write bandwidth
     */
    public String summary() {
        if (!available) {
            return measurement + " on " + node + " unavailable: " + firstSentence(unavailableReason);
        }
        return String.format(Locale.ROOT, "%s on %s: %d samples every %.2f s, system read avg %.1f max %.1f MB/s,"
                        + " write avg %.1f max %.1f MB/s", measurement, node, samples.size(), intervalSeconds,
                avgSystemReadMBps(), maxSystemReadMBps(), avgSystemWriteMBps(), maxSystemWriteMBps());
    }

    private static String firstSentence(String reason) {
        int end = reason.indexOf(". ");
        String first = end < 0 ? reason : reason.substring(0, end + 1);
        return first.length() <= SUMMARY_REASON_CHARS ? first : first.substring(0, SUMMARY_REASON_CHARS) + "…";
    }
}
