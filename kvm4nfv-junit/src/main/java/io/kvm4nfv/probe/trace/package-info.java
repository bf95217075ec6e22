/**
 * ftrace evidence for latency spikes: {@link io.kvm4nfv.probe.trace.FtraceSession} enables a
 * tracer and event groups right before a measurement, collects the (trimmed) trace after it and
 * always restores the node ({@code tracing_on=0}, {@code current_tracer=nop}, events off, cpumask
 * and buffer as they were); {@link io.kvm4nfv.probe.trace.FtraceSession#verifyOff} checks that
 * nothing is left on. {@link io.kvm4nfv.probe.trace.BreaktraceTrace} finds the region around the
 * marker cyclictest writes when its breaktrace fires. Scripts are POSIX sh (busybox guests too).
 * Like every probe it may use {@code config}, {@code node}, {@code report}, {@code result},
 * {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.trace;
