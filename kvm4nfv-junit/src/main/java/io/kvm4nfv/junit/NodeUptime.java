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

    /**
     * A node that answered with its boot id and uptime.
     *
     * @param node the node's name
     * @param role the node's role: host, guest or jump
     * @param bootId the node's {@code /proc/sys/kernel/random/boot_id}
     * @param uptimeSeconds seconds since the node booted
     * @return an entry with {@code up} true and no problem
     */
    public static NodeUptime up(String node, String role, String bootId, double uptimeSeconds) {
        return new NodeUptime(node, role, true, bootId, uptimeSeconds, NO_PROBLEM);
    }

    /**
     * A node that did not answer; {@code problem} says how.
     *
     * @param node the node's name
     * @param role the node's role: host, guest or jump
     * @param problem why the node did not answer, e.g. the connection or command error
     * @return an entry with {@code up} false, no boot id and uptime -1
     */
    public static NodeUptime notUp(String node, String role, String problem) {
        return new NodeUptime(node, role, false, NO_BOOT_ID, -1, problem);
    }

    private static final String NO_PROBLEM = null;
    private static final String NO_BOOT_ID = null;

    /**
     * {@code node (role): up 123 s, boot id ...} or {@code node (role): NOT UP: problem}.
     *
     * @return one line naming the node and its role, with its uptime and boot id or the problem
     */
    public String describe() {
        return node + " (" + role + "): " + (up ? String.format(java.util.Locale.ROOT, "up %.0f s, boot id %s",
                uptimeSeconds, bootId) : "NOT UP: " + problem);
    }
}
