package io.kvm4nfv.junit;

import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.probe.oslat.OslatWorkload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs oslat — a busy-polling thread per CPU, timing the gaps it sees, as a DPDK poll-mode
 * driver runs — in the guest (default) or on its host, while the test's {@link Stress} loads
 * run; records the result (measurement {@code kvmfornfv_oslat_<host>_<guest>}), injects it as an
 * {@code OslatResult} parameter, and judges the SLA after the test body: every bound set here,
 * and for bounds left at -1 the pod's {@code sla.oslat}. Bounds are exact numbers in µs.
 *
 * <p>Maps to {@link io.kvm4nfv.probe.oslat.OslatOptions}; from plain Java:
 * {@code session.run(latencyTest.oslatProbe(options, sla, on, raw), latencyTest.loads(options.plannedDuration()))}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Oslat {

    /**
     * Where oslat runs: in the guest (default; the pod's first guest) or on the guest's host.
     *
     * @return whether oslat runs in the guest or on the guest's host
     */
    StressTarget on() default StressTarget.GUEST;

    /**
     * CPUs of the measurement threads ({@code -c}); empty = the node's isolated CPUs from the pod
     * ({@code cpus.isolated}, in a guest else its {@code cpus.vcpu}), else every CPU.
     *
     * @return the CPU list of the measurement threads, or an empty string for the pod's isolated CPUs
     */
    String cpus() default "";

    /**
     * CPU of oslat's main thread ({@code -C}); -1 = oslat's default (CPU 0).
     *
     * @return the CPU of oslat's main thread, or -1 for oslat's default
     */
    int mainThreadCpu() default -1;

    /**
     * Measured seconds ({@code -D}); oslat pre-heats 1 s before.
     *
     * @return the measured duration in seconds, not counting the 1 s pre-heat
     */
    long durationSeconds() default 10;

    /**
     * Number of 1 µs buckets ({@code -b}, 5..1024); 0 = oslat's 32. The last bucket holds the overflows.
     *
     * @return the number of 1 µs histogram buckets (5..1024), or 0 for oslat's default of 32
     */
    int buckets() default 0;

    /**
     * What runs between two reads of the clock ({@code -w}).
     *
     * @return the workload run between two clock reads
     */
    OslatWorkload workload() default OslatWorkload.NONE;

    /**
     * Bytes the memmove workload moves ({@code -m}); 0 = oslat's default.
     *
     * @return the size of the memmove workload in bytes, or 0 for oslat's default
     */
    long workloadMemBytes() default 0;

    /**
     * SCHED_FIFO priority of the threads ({@code -f}); 0 = default scheduling.
     *
     * @return the SCHED_FIFO priority of the measurement threads, or 0 for default scheduling
     */
    int rtPriority() default 0;

    /**
     * Stop at the first latency of this many µs and mark ftrace ({@code -T}, like cyclictest's breaktrace); 0 = off.
     *
     * @return the latency in microseconds that stops the run and marks ftrace, or 0 for off
     */
    int traceThresholdUs() default 0;

    /**
     * Also write oslat's {@code --json} file on the node: it is read back, attached to the report
     * and checked against the table (the same CPUs, samples, minimum and maximum), then removed.
     *
     * @return whether oslat also writes, and the test reads back and checks, its JSON report
     */
    boolean json() default false;

    /**
     * SLA: maximum latency bound in µs; -1 = pod default or none.
     *
     * @return the bound on the maximum latency in microseconds, or -1 for the pod's default
     */
    double maxUs() default -1;

    /**
     * SLA: average latency bound in µs (oslat's printed average); -1 = pod default or none.
     *
     * @return the bound on the average latency in microseconds, or -1 for the pod's default
     */
    double avgUs() default -1;

    /**
     * SLA: 99th percentile bound in µs; -1 = pod default or none.
     *
     * @return the bound on the 99th percentile in microseconds, or -1 for the pod's default
     */
    double p99Us() default -1;

    /**
     * SLA: 99.9th percentile bound in µs; -1 = pod default or none.
     *
     * @return the bound on the 99.9th percentile in microseconds, or -1 for the pod's default
     */
    double p999Us() default -1;

    /**
     * SLA: 99.99th percentile bound in µs; -1 = pod default or none.
     *
     * @return the bound on the 99.99th percentile in microseconds, or -1 for the pod's default
     */
    double p9999Us() default -1;
}
