package io.kvm4nfv.probe.forwarding;

import java.time.Duration;
import java.util.Objects;

/**
 * How the embedded lab builds and drives its forwarding path.
 *
 * @param switchKind      OVS (userspace datapath), Linux bridge, or whichever works
 * @param offeredFps      frame rate iperf3 offers per frame size; low enough for a software path on
 *                        a shared 2-core machine to forward without loss
 * @param ownerPid        the pid whose death makes this lab's leftovers stale (default: this JVM)
 * @param runRoot         where run directories ({@code <prefix>run}) go on the node
 * @param commandTimeout  upper bound of each setup/teardown command
 */
public record EmbeddedLabOptions(LabSwitchKind switchKind, int offeredFps, long ownerPid, String runRoot,
                                 Duration commandTimeout) {

    /**
     * Checks the options.
     *
     * @param switchKind     OVS (userspace datapath), Linux bridge, or whichever works
     * @param offeredFps     frame rate iperf3 offers per frame size, frames per second, 1..10,000,000
     * @param ownerPid       the pid whose death makes this lab's leftovers stale
     * @param runRoot        absolute directory on the node, without quotes or blanks
     * @param commandTimeout upper bound of each setup/teardown command
     * @throws NullPointerException     when an object component is {@code null}
     * @throws IllegalArgumentException when a number is out of range or {@code runRoot} is not a plain absolute path
     */
    public EmbeddedLabOptions {
        Objects.requireNonNull(switchKind, "switchKind");
        if (offeredFps < 1 || offeredFps > 10_000_000) {
            throw new IllegalArgumentException("offeredFps must be 1..10000000: " + offeredFps);
        }
        if (ownerPid < 1) {
            throw new IllegalArgumentException("ownerPid must be a pid: " + ownerPid);
        }
        Objects.requireNonNull(runRoot, "runRoot");
        if (!runRoot.startsWith("/") || runRoot.contains("'") || runRoot.contains(" ")) {
            throw new IllegalArgumentException("runRoot must be an absolute path without quotes or blanks: " + runRoot);
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
    }

    /**
     * OVS if it works else a Linux bridge, 1000 fps offered, owned by this JVM, runs under {@code /tmp}.
     *
     * @return the default options, with a 30 s command timeout
     */
    public static EmbeddedLabOptions defaults() {
        return new EmbeddedLabOptions(LabSwitchKind.AUTO, 1000, ProcessHandle.current().pid(), "/tmp",
                Duration.ofSeconds(30));
    }

    /**
     * These options with another switch.
     *
     * @param kind the software switch the lab builds
     * @return a copy with {@code switchKind} replaced
     */
    public EmbeddedLabOptions withSwitchKind(LabSwitchKind kind) {
        return new EmbeddedLabOptions(kind, offeredFps, ownerPid, runRoot, commandTimeout);
    }

    /**
     * These options with another offered rate.
     *
     * @param fps frame rate iperf3 offers per frame size, frames per second
     * @return a copy with {@code offeredFps} replaced
     * @throws IllegalArgumentException when {@code fps} is not in 1..10,000,000
     */
    public EmbeddedLabOptions withOfferedFps(int fps) {
        return new EmbeddedLabOptions(switchKind, fps, ownerPid, runRoot, commandTimeout);
    }

    /**
     * These options owned by another process.
     *
     * @param pid the process whose death makes the lab's leftovers stale
     * @return a copy with {@code ownerPid} replaced
     */
    public EmbeddedLabOptions withOwnerPid(long pid) {
        return new EmbeddedLabOptions(switchKind, offeredFps, pid, runRoot, commandTimeout);
    }
}
