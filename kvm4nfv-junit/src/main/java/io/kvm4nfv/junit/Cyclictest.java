package io.kvm4nfv.junit;

import io.kvm4nfv.probe.cyclictest.SchedPolicy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs cyclictest in the guest (while the test's {@link Stress} loads run), records the
 * result, injects it as a {@code CyclictestResult} parameter, and judges the SLA after the
 * test body: every bound set here, and for bounds left at -1 the pod's SLA defaults
 * ({@code sla.cyclictest} in the pod file). Bounds are exact numbers in µs.
 *
 * <p>Maps to {@link io.kvm4nfv.probe.cyclictest.CyclictestOptions}; the same run is possible
 * from plain Java with {@link io.kvm4nfv.probe.cyclictest.CyclictestRun}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@NeedsGuest
public @interface Cyclictest {

    /**
     * Cycles ({@code -l}); 0 = {@code durationSeconds}, or the run default (property {@code kvm4nfv.probe.cyclictest.loops}, else 600000 as KVM4NFV).
     *
     * @return the number of cycles per measurement thread, or 0 for the duration or the run default
     */
    long loops() default 0;

    /**
     * Run length in seconds ({@code -D}) instead of loops; 0 = use loops.
     *
     * @return the run length in seconds, or 0 to run by loop count
     */
    long durationSeconds() default 0;

    /**
     * Base interval in µs ({@code -i}).
     *
     * @return the wake-up interval of the measurement threads in microseconds
     */
    long intervalUs() default 1000;

    /**
     * Real-time priority ({@code -p}).
     *
     * @return the real-time priority of the measurement threads
     */
    int priority() default 99;

    /**
     * Scheduling policy ({@code --policy}).
     *
     * @return the scheduling policy of the measurement threads
     */
    SchedPolicy policy() default SchedPolicy.FIFO;

    /**
     * Measurement threads ({@code -t}).
     *
     * @return the number of measurement threads
     */
    int threads() default 1;

    /**
     * CPU list for the threads ({@code -a}); empty = no pinning.
     *
     * @return the CPU list to pin the threads to, or an empty string for no pinning
     */
    String affinity() default "";

    /**
     * Histogram range in µs ({@code -h}); percentiles above it are reported as "above range".
     *
     * @return the histogram range in microseconds (one bucket per microsecond)
     */
    int histogramUs() default 20_000;

    /**
     * Lock memory ({@code -m}).
     *
     * @return whether cyclictest locks its memory
     */
    boolean mlock() default true;

    /**
     * Breaktrace threshold in µs ({@code -b}); 0 = off.
     *
     * @return the breaktrace threshold in microseconds, or 0 for no breaktrace
     */
    long breaktraceUs() default 0;

    /**
     * The guest to measure in; empty = the pod's first guest.
     *
     * @return the name of the pod's guest to run in, or an empty string for the first guest
     */
    String guest() default "";

    /**
     * SLA: minimum latency bound in µs; -1 = pod default or none.
     *
     * @return the bound on every thread's minimum latency in microseconds, or -1 for the pod's default
     */
    double minUs() default -1;

    /**
     * SLA: average latency bound in µs; -1 = pod default or none.
     *
     * @return the bound on every thread's average latency in microseconds, or -1 for the pod's default
     */
    double avgUs() default -1;

    /**
     * SLA: maximum latency bound in µs; -1 = pod default or none.
     *
     * @return the bound on every thread's maximum latency in microseconds, or -1 for the pod's default
     */
    double maxUs() default -1;

    /**
     * SLA: 99th percentile bound in µs; -1 = pod default or none.
     *
     * @return the bound on every thread's 99th percentile in microseconds, or -1 for the pod's default
     */
    double p99Us() default -1;

    /**
     * SLA: 99.9th percentile bound in µs; -1 = pod default or none.
     *
     * @return the bound on every thread's 99.9th percentile in microseconds, or -1 for the pod's default
     */
    double p999Us() default -1;

    /**
     * SLA: 99.99th percentile bound in µs; -1 = pod default or none.
     *
     * @return the bound on every thread's 99.99th percentile in microseconds, or -1 for the pod's default
     */
    double p9999Us() default -1;
}
