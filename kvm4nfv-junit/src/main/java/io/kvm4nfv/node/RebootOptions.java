package io.kvm4nfv.node;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reboot a node and wait for it.
 *
 * @param command      the command that reboots the node (default {@code reboot})
 * @param limit        how long to wait for a different boot id before failing
 * @param pollInterval how often to ask for the boot id
 */
public record RebootOptions(String command, Duration limit, Duration pollInterval) {
    /**
     * Checks that no component is {@code null}.
     *
     * @param command      the command that reboots the node
     * @param limit        how long to wait for a different boot id before failing
     * @param pollInterval how often to ask for the boot id
     * @throws NullPointerException when a component is {@code null}
     */
    public RebootOptions {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * Options for the plain {@code reboot} command, polling the boot id every 500 ms.
     *
     * @param limit how long to wait for a different boot id before failing
     * @return the new options
     */
    public static RebootOptions within(Duration limit) {
        return new RebootOptions("reboot", limit, Duration.ofMillis(500));
    }
}
