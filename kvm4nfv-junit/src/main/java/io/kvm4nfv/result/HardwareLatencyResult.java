package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * Hardware (firmware, SMI) latency of one node measured by hwlatdetect with the kernel's {@code hwlat}
 * tracer, or why it could not be measured there (no {@code hwlat} tracer in the kernel, not root, …).
 * The tracer records only samples above the threshold, so "below threshold" means no sample and a
 * maximum somewhere below {@code thresholdUs}.
 *
 * @param node                 the node's name
 * @param available            whether hwlatdetect measured
 * @param unavailableReason    why it could not, one sentence ({@code null} when available)
 * @param thresholdUs          the latency threshold in force, µs (as hwlatdetect echoed it, else as asked)
 * @param windowUs             the sampling window in force, µs (0 when unknown)
 * @param widthUs              the sample width in force, µs (0 when unknown)
 * @param maxLatencyUs         the largest sample, µs; 0 when below the threshold or unavailable
 * @param belowThreshold       whether hwlatdetect said "Max Latency: Below threshold"
 * @param samplesRecorded      samples the tracer recorded
 * @param samplesOverThreshold samples over the threshold (hwlatdetect counts every recorded sample)
 * @param smiCount             SMIs during the run (from the SMI MSR via {@code rdmsr}); {@code null} when not read
 * @param samples              the largest samples (at most {@link #MAX_SAMPLES_KEPT}), in the order taken
 * @param commandLine          the argv that ran
 * @param durationSeconds      the test length, s
 * @param rawOutputFile        where the raw output was kept, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HardwareLatencyResult(String node, boolean available, String unavailableReason, long thresholdUs,
                                    long windowUs, long widthUs, long maxLatencyUs, boolean belowThreshold,
                                    long samplesRecorded, long samplesOverThreshold, Integer smiCount,
                                    List<HardwareLatencySample> samples, List<String> commandLine,
                                    long durationSeconds, String rawOutputFile) {

    /** How many samples a result keeps: the largest ones; {@code samplesRecorded} counts them all. */
    public static final int MAX_SAMPLES_KEPT = 1000;

    /**
     * Checks the components: an unavailable result needs a reason and an available one must not
     * have one, at most {@link #MAX_SAMPLES_KEPT} samples, no negative figure.
     *
     * @param node                 the node's name; not {@code null}
     * @param available            whether hwlatdetect measured
     * @param unavailableReason    why it could not; {@code null} exactly when {@code available}
     * @param thresholdUs          the latency threshold in force, µs
     * @param windowUs             the sampling window in force, µs (0 when unknown)
     * @param widthUs              the sample width in force, µs (0 when unknown)
     * @param maxLatencyUs         the largest sample, µs
     * @param belowThreshold       whether hwlatdetect said "Max Latency: Below threshold"
     * @param samplesRecorded      samples the tracer recorded
     * @param samplesOverThreshold samples over the threshold
     * @param smiCount             SMIs during the run, or {@code null} when not read
     * @param samples              the largest samples kept, or {@code null} for none
     * @param commandLine          the argv that ran, or {@code null} for none
     * @param durationSeconds      the test length, s
     * @param rawOutputFile        where the raw output was kept, or {@code null}
     * @throws IllegalArgumentException when the components break one of the rules above
     */
    public HardwareLatencyResult {
        Objects.requireNonNull(node, "node");
        samples = samples == null ? List.of() : List.copyOf(samples);
        commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
        if (!available && (unavailableReason == null || unavailableReason.isBlank())) {
            throw new IllegalArgumentException("an unavailable result needs a reason");
        }
        if (available && unavailableReason != null) {
            throw new IllegalArgumentException("an available result has no unavailable reason: " + unavailableReason);
        }
        if (samples.size() > MAX_SAMPLES_KEPT) {
            throw new IllegalArgumentException("at most " + MAX_SAMPLES_KEPT + " samples are kept: " + samples.size());
        }
        if (maxLatencyUs < 0 || samplesRecorded < 0 || samplesOverThreshold < 0 || thresholdUs < 0 || windowUs < 0
                || widthUs < 0 || durationSeconds < 0) {
            throw new IllegalArgumentException("figures must be >= 0: maxLatencyUs=" + maxLatencyUs
                    + ", samplesRecorded=" + samplesRecorded + ", samplesOverThreshold=" + samplesOverThreshold);
        }
        if (smiCount != null && smiCount < 0) {
            throw new IllegalArgumentException("smiCount must be >= 0: " + smiCount);
        }
    }

    /**
     * Nothing measured on {@code node}: {@code reason} says why.
     *
     * @param node            the node's name
     * @param reason          why hwlatdetect could not measure there, one sentence (not blank)
     * @param thresholdUs     the latency threshold that was asked for, µs
     * @param commandLine     the argv that was tried
     * @param durationSeconds the test length that was asked for, s
     * @return an unavailable result with all figures 0 and no samples
     * @throws IllegalArgumentException when {@code reason} is {@code null} or blank, or a figure is negative
     */
    public static HardwareLatencyResult unavailable(String node, String reason, long thresholdUs,
                                                    List<String> commandLine, long durationSeconds) {
        return new HardwareLatencyResult(node, false, reason, thresholdUs, 0, 0, 0, false, 0, 0, null, List.of(),
                commandLine, durationSeconds, null);
    }

    /**
     * A copy of this result that records where the raw output was kept.
     *
     * @param file the raw output file, or {@code null} for none
     * @return the copy, every other component unchanged
     */
    public HardwareLatencyResult withRawOutputFile(String file) {
        return new HardwareLatencyResult(node, available, unavailableReason, thresholdUs, windowUs, widthUs,
                maxLatencyUs, belowThreshold, samplesRecorded, samplesOverThreshold, smiCount, samples, commandLine,
                durationSeconds, file);
    }

    /**
     * A one-line summary for logs and reports.
     *
     * @return e.g. {@code hwlat on node1: max 14 us over threshold 10 us, 3 samples in 60 s, 0 SMIs},
     *         or {@code hwlat on node1 unavailable: reason}
     */
    @JsonIgnore
    public String summary() {
        if (!available) {
            return "hwlat on " + node + " unavailable: " + unavailableReason;
        }
        String max = belowThreshold ? "max below threshold " + thresholdUs + " us"
                : "max " + maxLatencyUs + " us over threshold " + thresholdUs + " us";
        return "hwlat on " + node + ": " + max + ", " + samplesRecorded + " sample" + (samplesRecorded == 1 ? "" : "s")
                + " in " + durationSeconds + " s" + (smiCount == null ? "" : ", " + smiCount + " SMIs");
    }
}
