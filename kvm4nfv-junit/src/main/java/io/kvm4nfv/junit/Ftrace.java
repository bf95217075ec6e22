package io.kvm4nfv.junit;

import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.probe.trace.AttachPolicy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces the measurement with ftrace: enabled right before it (before the stress loads and
 * cyclictest start), disabled and collected right after the test body — always, also when the
 * test fails or is aborted — and the node restored ({@code tracing_on=0}, {@code nop}, events off).
 * The collected (trimmed) trace is attached to the report on failure, or always; when a
 * {@code @Cyclictest(breaktraceUs = N)} break fires, the trace region around cyclictest's marker
 * is attached as well. The capture can be injected as a {@code TraceCapture} parameter of an
 * {@code @AfterEach} method (it does not exist yet while the test body runs).
 *
 * <p>Maps to {@link io.kvm4nfv.probe.trace.FtraceOptions}; the same session is possible from plain
 * Java with {@link io.kvm4nfv.probe.trace.FtraceSession}. On a method it replaces one on the class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Ftrace {

    /**
     * The tracer ({@code current_tracer}): {@code function}, {@code function_graph}, {@code nop} (events only), ...
     *
     * @return the tracer name written to {@code current_tracer}
     */
    String tracer() default "function";

    /**
     * Event groups ({@code sched}) or events ({@code sched:sched_switch}); default: KVM4NFV's groups.
     *
     * @return the event groups or single {@code group:event} events to enable
     */
    String[] events() default {"irq", "task", "syscalls", "sched", "timer", "kvm"};

    /**
     * CPUs to trace ({@code tracing_cpumask}), e.g. {@code "1-3"}; empty = all.
     *
     * @return the CPU list to trace, or an empty string for all CPUs
     */
    String cpus() default "";

    /**
     * Per-CPU ring buffer size in KiB ({@code buffer_size_kb}); 0 = leave as it is.
     *
     * @return the per-CPU ring buffer size in KiB, or 0 to keep the node's
     */
    int bufferSizeKb() default 0;

    /**
     * At most this much trace text is collected and attached (the tail plus the region around a trace mark).
     *
     * @return the largest amount of trace text collected, in bytes
     */
    long maxCollectedBytes() default 4L * 1024 * 1024;

    /**
     * When the trace is attached: on failure (default) or always.
     *
     * @return when the collected trace is attached to the report
     */
    AttachPolicy attach() default AttachPolicy.ON_FAILURE;

    /**
     * Where to trace: in the guest (default, where cyclictest runs) or on its host.
     *
     * @return whether the guest or its host is traced
     */
    StressTarget on() default StressTarget.GUEST;
}
