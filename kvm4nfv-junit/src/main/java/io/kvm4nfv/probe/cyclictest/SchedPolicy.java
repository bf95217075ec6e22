package io.kvm4nfv.probe.cyclictest;

import java.util.Locale;

/** Scheduling policy of the measurement threads ({@code --policy=NAME}). */
public enum SchedPolicy {
    FIFO(true), RR(true), OTHER(false), NORMAL(false), BATCH(false), IDLE(false);

    private final boolean realtime;

    SchedPolicy(boolean realtime) {
        this.realtime = realtime;
    }

    /** True for FIFO and RR, which need a priority 1..99. */
    public boolean realtime() {
        return realtime;
    }

    /** The name cyclictest expects, e.g. {@code fifo}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
