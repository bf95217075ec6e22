package io.kvm4nfv.junit;

/**
 * Whether one node of the pod answered and is up, as checked for a {@link Scenario}.
 *
 * @param node          the node's name
 * @param role          host, guest or jump
 * @param up            whether it answered with its boot id and uptime
 * @param bootId        {@code /proc/sys/kernel/random/boot_id} ({@code null} when not up)
 * @param uptimeSeconds seconds since it booted ({@code -1} when not up)
 * @param problem       why it is not up ({@code null} when up)
 */
public record NodeUptime(String node, String role, boolean up, String bootId, double uptimeSeconds, String problem) {

    /** {@code node (role): up 123 s, boot id ...} or {@code node (role): NOT UP: problem}. */
    public String describe() {
        return node + " (" + role + "): " + (up ? String.format(java.util.Locale.ROOT, "up %.0f s, boot id %s",
                uptimeSeconds, bootId) : "NOT UP: " + problem);
    }
}
