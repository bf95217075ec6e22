package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs {@code hwlatdetect} on a host: the kernel's {@code hwlat} tracer spins on a CPU with
 * interrupts off and records every gap above the threshold — what the hardware and firmware
 * (SMIs) steal, which no tuning can give back. Records the result (measurement
 * {@code kvmfornfv_hwlat_<node>}), injects it as a {@code HardwareLatencyResult} parameter and
 * judges the SLA after the body. The host's tracefs settings are restored afterwards (and by the
 * reaper if the JVM is killed).
 *
 * <p>A kernel without the {@code hwlat} tracer (Debian's stock kernel; an RT kernel usually has
 * it) cannot measure: the result says so in one sentence and the test is <b>aborted</b> — unless
 * {@code required = false}, which records the node as unavailable and lets the test pass.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HardwareLatency {

    /**
     * The host node; empty = the host of the pod's first guest, else the pod's first host.
     *
     * @return the name of the host node to measure, or an empty string for the default host
     */
    String node() default "";

    /**
     * Test length in seconds ({@code --duration}).
     *
     * @return the test length in seconds
     */
    long durationSeconds() default 10;

    /**
     * Gaps above this many µs are recorded ({@code --threshold}).
     *
     * @return the threshold in microseconds above which a gap is recorded
     */
    long thresholdUs() default 10;

    /**
     * Sampling window in µs ({@code --window}).
     *
     * @return the sampling window in microseconds
     */
    long windowUs() default 1_000_000;

    /**
     * Time spinning per window in µs ({@code --width}), below the window.
     *
     * @return the spinning time per window in microseconds, less than the window
     */
    long widthUs() default 500_000;

    /**
     * CPUs the hwlat thread moves across ({@code --cpu-list}); empty = all.
     *
     * @return the CPU list the hwlat thread moves across, or an empty string for all CPUs
     */
    String cpus() default "";

    /**
     * SLA: largest hardware latency in µs; -1 = not judged.
     *
     * @return the bound on the largest hardware latency in microseconds, or -1 for not judged
     */
    long maxUs() default -1;

    /**
     * SLA: most samples over the threshold; -1 = not judged.
     *
     * @return the bound on the number of samples over the threshold, or -1 for not judged
     */
    long maxSamplesOverThreshold() default -1;

    /**
     * Whether a node that cannot measure aborts the test (true) or is recorded as unavailable (false).
     *
     * @return {@code true} to abort the test when the node cannot measure, {@code false} to record it as unavailable
     */
    boolean required() default true;
}
