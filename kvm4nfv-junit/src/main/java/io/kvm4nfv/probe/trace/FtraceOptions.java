package io.kvm4nfv.probe.trace;

import io.kvm4nfv.config.CpuSet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to trace a measurement with ftrace.
 *
 * @param tracer            the tracer written to {@code current_tracer}: {@code function},
 *                          {@code function_graph}, {@code nop} (events only), ...
 * @param events            event groups ({@code sched}) or single events ({@code sched:sched_switch}) to enable
 * @param cpus              CPUs to trace ({@code tracing_cpumask}); empty = leave the mask as it is
 * @param bufferSizeKb      per-CPU ring buffer size ({@code buffer_size_kb}); {@code null} = leave it
 * @param maxCollectedBytes at most this much trace text is collected (the tail, plus the region
 *                          around a trace mark if there is one)
 * @param attach            when the trace goes into the report
 * @param mountIfAbsent     mount tracefs when it is not mounted (and unmount it again afterwards)
 * @param commandTimeout    bound of every command the session runs on the node
 */
public record FtraceOptions(String tracer, List<String> events, CpuSet cpus, Integer bufferSizeKb,
                            long maxCollectedBytes, AttachPolicy attach, boolean mountIfAbsent,
                            Duration commandTimeout) {

    /** The event groups KVM4NFV enabled when chasing latency spikes. */
    public static final List<String> KVM4NFV_EVENTS = List.of("irq", "task", "syscalls", "sched", "timer", "kvm");

    /** Default collected size: 4 MiB of text. */
    public static final long DEFAULT_MAX_COLLECTED_BYTES = 4L * 1024 * 1024;

    private static final Pattern TRACER = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_]{1,64}(:[A-Za-z0-9_]{1,96})?");

    /**
     * Validates the options and fills in defaults for the components left {@code null}.
     *
     * @param tracer the tracer name, lower case, e.g. {@code function}; not {@code null}
     * @param events event groups or {@code group:event} names; {@code null} = none
     * @param cpus CPUs to trace; {@code null} or empty = leave the mask as it is
     * @param bufferSizeKb per-CPU ring buffer size in KiB, &gt; 0; {@code null} = leave it
     * @param maxCollectedBytes the most trace text collected, in bytes, &gt;= 1024
     * @param attach when the trace goes into the report; {@code null} = on failure
     * @param mountIfAbsent whether to mount tracefs when it is not mounted
     * @param commandTimeout bound of every command of the session, positive; {@code null} = 30 s
     * @throws IllegalArgumentException when the tracer or an event name is malformed or a number is out of range
     * @throws NullPointerException if {@code tracer} is {@code null}
     */
    public FtraceOptions {
        Objects.requireNonNull(tracer, "tracer");
        if (!TRACER.matcher(tracer).matches()) {
            throw new IllegalArgumentException("tracer must look like 'function' or 'function_graph', got '" + tracer + "'");
        }
        events = List.copyOf(Objects.requireNonNullElse(events, List.of()));
        for (String e : events) {
            if (!EVENT.matcher(e).matches()) {
                throw new IllegalArgumentException("event must be a group ('sched') or group:event "
                        + "('sched:sched_switch'), got '" + e + "'");
            }
        }
        cpus = Objects.requireNonNullElse(cpus, CpuSet.EMPTY);
        if (bufferSizeKb != null && bufferSizeKb <= 0) {
            throw new IllegalArgumentException("bufferSizeKb must be > 0: " + bufferSizeKb);
        }
        if (maxCollectedBytes < 1024) {
            throw new IllegalArgumentException("maxCollectedBytes must be >= 1024: " + maxCollectedBytes);
        }
        attach = Objects.requireNonNullElse(attach, AttachPolicy.ON_FAILURE);
        commandTimeout = Objects.requireNonNullElse(commandTimeout, Duration.ofSeconds(30));
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive: " + commandTimeout);
        }
    }

    /**
     * The KVM4NFV setup: function tracer, the KVM4NFV event groups, all CPUs, 4 MiB collected, on failure.
     *
     * @return the default options
     */
    public static FtraceOptions defaults() {
        return new FtraceOptions("function", KVM4NFV_EVENTS, CpuSet.EMPTY, null, DEFAULT_MAX_COLLECTED_BYTES,
                AttachPolicy.ON_FAILURE, true, Duration.ofSeconds(30));
    }

    /**
     * The same options with another tracer.
     *
     * @param name the tracer written to {@code current_tracer}, e.g. {@code function_graph}
     * @return a copy with {@code tracer} replaced
     */
    public FtraceOptions withTracer(String name) {
        return new FtraceOptions(name, events, cpus, bufferSizeKb, maxCollectedBytes, attach, mountIfAbsent,
                commandTimeout);
    }

    /**
     * The same options with other events.
     *
     * @param list event groups or {@code group:event} names to enable; {@code null} = none
     * @return a copy with {@code events} replaced
     */
    public FtraceOptions withEvents(List<String> list) {
        return new FtraceOptions(tracer, list, cpus, bufferSizeKb, maxCollectedBytes, attach, mountIfAbsent,
                commandTimeout);
    }

    /**
     * The same options with other CPUs to trace.
     *
     * @param set the CPUs; {@code null} or empty = leave the mask as it is
     * @return a copy with {@code cpus} replaced
     */
    public FtraceOptions withCpus(CpuSet set) {
        return new FtraceOptions(tracer, events, set, bufferSizeKb, maxCollectedBytes, attach, mountIfAbsent,
                commandTimeout);
    }

    /**
     * The same options with another ring buffer size.
     *
     * @param kb per-CPU ring buffer size in KiB, or {@code null} to leave it
     * @return a copy with {@code bufferSizeKb} replaced
     */
    public FtraceOptions withBufferSizeKb(Integer kb) {
        return new FtraceOptions(tracer, events, cpus, kb, maxCollectedBytes, attach, mountIfAbsent, commandTimeout);
    }

    /**
     * The same options with another limit on the collected text.
     *
     * @param bytes the most trace text collected, in bytes, &gt;= 1024
     * @return a copy with {@code maxCollectedBytes} replaced
     */
    public FtraceOptions withMaxCollectedBytes(long bytes) {
        return new FtraceOptions(tracer, events, cpus, bufferSizeKb, bytes, attach, mountIfAbsent, commandTimeout);
    }

    /**
     * The same options with another attach policy.
     *
     * @param policy when the trace goes into the report
     * @return a copy with {@code attach} replaced
     */
    public FtraceOptions withAttach(AttachPolicy policy) {
        return new FtraceOptions(tracer, events, cpus, bufferSizeKb, maxCollectedBytes, policy, mountIfAbsent,
                commandTimeout);
    }

    /**
     * The same options with or without mounting tracefs.
     *
     * @param mount whether to mount tracefs when it is not mounted
     * @return a copy with {@code mountIfAbsent} replaced
     */
    public FtraceOptions withMountIfAbsent(boolean mount) {
        return new FtraceOptions(tracer, events, cpus, bufferSizeKb, maxCollectedBytes, attach, mount, commandTimeout);
    }

    /**
     * The same options with another command timeout.
     *
     * @param timeout bound of every command of the session, positive
     * @return a copy with {@code commandTimeout} replaced
     */
    public FtraceOptions withCommandTimeout(Duration timeout) {
        return new FtraceOptions(tracer, events, cpus, bufferSizeKb, maxCollectedBytes, attach, mountIfAbsent, timeout);
    }

    /**
     * The {@code tracing_cpumask} value of a CPU set: hex, in comma-separated 32-bit groups,
     * most significant first ({@code 0-1} → {@code 3}, {@code 32} → {@code 1,00000000}).
     *
     * @param cpus a non-empty CPU set
     * @return the hexadecimal mask, e.g. {@code 3} for CPUs 0-1
     * @throws IllegalArgumentException when {@code cpus} is empty
     */
    public static String cpumask(CpuSet cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("empty cpu set has no mask");
        }
        int max = cpus.cpus().get(cpus.size() - 1);
        int groups = max / 32 + 1;
        long[] words = new long[groups];
        for (int cpu : cpus.cpus()) {
            words[cpu / 32] |= 1L << (cpu % 32);
        }
        StringBuilder sb = new StringBuilder(Long.toHexString(words[groups - 1]));
        for (int g = groups - 2; g >= 0; g--) {
            sb.append(',').append(String.format("%08x", words[g]));
        }
        return sb.toString();
    }
}
