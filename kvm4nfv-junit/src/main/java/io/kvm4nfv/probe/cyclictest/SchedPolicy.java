package io.kvm4nfv.probe.cyclictest;

import java.util.Locale;

/**
 * Scheduling policy of the measurement threads ({@code --policy=NAME}): {@code FIFO} and
 * {@code RR} are the real-time {@code SCHED_FIFO} and {@code SCHED_RR}; {@code OTHER} and
 * {@code NORMAL} both name the default time-sharing {@code SCHED_OTHER}; {@code BATCH} and
 * {@code IDLE} are {@code SCHED_BATCH} and {@code SCHED_IDLE}.
 */
public enum SchedPolicy {
    /** {@code SCHED_FIFO}: real-time, first in first out; the policy of KVM4NFV's runs. */
    FIFO(true),
    /** {@code SCHED_RR}: real-time, round robin among threads of one priority. */
    RR(true),
    /** {@code SCHED_OTHER}: the default time-sharing policy. */
    OTHER(false),
    /** Another name of {@code SCHED_OTHER}, as cyclictest accepts it. */
    NORMAL(false),
    /** {@code SCHED_BATCH}: time-sharing for CPU-bound work, never preempting on wake-up. */
    BATCH(false),
    /** {@code SCHED_IDLE}: runs only when nothing else wants the CPU. */
    IDLE(false);

    private final boolean realtime;

    SchedPolicy(boolean realtime) {
        this.realtime = realtime;
    }

    /**
     * True for FIFO and RR, which need a priority 1..99.
     *
     * @return {@code true} for the real-time policies FIFO and RR
     */
    public boolean realtime() {
        return realtime;
    }

    /**
     * The name cyclictest expects, e.g. {@code fifo}.
     *
     * @return the lower-case constant name, as {@code --policy=} takes it
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
