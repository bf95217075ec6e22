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

    /** Cycles ({@code -l}); 0 = {@code durationSeconds}, or the run default (property {@code kvm4nfv.probe.cyclictest.loops}, else 600000 as KVM4NFV). */
    long loops() default 0;

    /** Run length in seconds ({@code -D}) instead of loops; 0 = use loops. */
    long durationSeconds() default 0;

    /** Base interval in µs ({@code -i}). */
    long intervalUs() default 1000;

    /** Real-time priority ({@code -p}). */
    int priority() default 99;

    /** Scheduling policy ({@code --policy}). */
    SchedPolicy policy() default SchedPolicy.FIFO;

    /** Measurement threads ({@code -t}). */
    int threads() default 1;

    /** CPU list for the threads ({@code -a}); empty = no pinning. */
    String affinity() default "";

    /** Histogram range in µs ({@code -h}); percentiles above it are reported as "above range". */
    int histogramUs() default 20_000;

    /** Lock memory ({@code -m}). */
    boolean mlock() default true;

    /** Breaktrace threshold in µs ({@code -b}); 0 = off. */
    long breaktraceUs() default 0;

    /** The guest to measure in; empty = the pod's first guest. */
    String guest() default "";

    /** SLA: minimum latency bound in µs; -1 = pod default or none. */
    double minUs() default -1;

    /** SLA: average latency bound in µs; -1 = pod default or none. */
    double avgUs() default -1;

    /** SLA: maximum latency bound in µs; -1 = pod default or none. */
    double maxUs() default -1;

    /** SLA: 99th percentile bound in µs; -1 = pod default or none. */
    double p99Us() default -1;

    /** SLA: 99.9th percentile bound in µs; -1 = pod default or none. */
    double p999Us() default -1;

    /** SLA: 99.99th percentile bound in µs; -1 = none. */
    double p9999Us() default -1;
}
