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

    /** OVS if it works else a Linux bridge, 1000 fps offered, owned by this JVM, runs under {@code /tmp}. */
    public static EmbeddedLabOptions defaults() {
        return new EmbeddedLabOptions(LabSwitchKind.AUTO, 1000, ProcessHandle.current().pid(), "/tmp",
                Duration.ofSeconds(30));
    }

    public EmbeddedLabOptions withSwitchKind(LabSwitchKind kind) {
        return new EmbeddedLabOptions(kind, offeredFps, ownerPid, runRoot, commandTimeout);
    }

    public EmbeddedLabOptions withOfferedFps(int fps) {
        return new EmbeddedLabOptions(switchKind, fps, ownerPid, runRoot, commandTimeout);
    }

    public EmbeddedLabOptions withOwnerPid(long pid) {
        return new EmbeddedLabOptions(switchKind, offeredFps, pid, runRoot, commandTimeout);
    }
}
