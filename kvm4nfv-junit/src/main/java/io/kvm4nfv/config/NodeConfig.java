package io.kvm4nfv.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One node of a pod as configured. Values are plain data: an address like
 * {@code $(touch /tmp/x)} is kept as that string and must be quoted by whoever builds a
 * command from it.
 *
 * @param name        unique name in the pod ({@code [A-Za-z0-9][A-Za-z0-9_-]*}), used in override keys
 * @param role        jump, host or guest
 * @param address     host name or IP address to SSH to; {@code null} in an embedded pod until the
 *                    lab fills it in. For a guest with a {@code forwardPort}, the host's address.
 * @param port        SSH port (default 22; for a guest with a {@code forwardPort}, that port)
 * @param user        login user; {@code null} in an embedded pod until the lab fills it in
 * @param keyFile     private key file, absolute; never read by this layer
 * @param via         name of the node to tunnel through (normally the jump host), or {@code null}
 * @param host        for a guest: the name of the host node it runs on; otherwise {@code null}
 * @param forwardPort for a guest reached through a port forward on its host
 *                    ({@code host:forwardPort -> guest:22}), or {@code null}
 * @param cpus        the node's CPU plan, never {@code null}
 * @param launch      for a guest: how it is launched and its QEMU reached ({@link GuestLaunch#NONE} when
 *                    not configured); always {@link GuestLaunch#NONE} for other roles
 */
public record NodeConfig(String name, NodeRole role, String address, int port, String user, Path keyFile,
                         String via, String host, Integer forwardPort, CpuSets cpus, GuestLaunch launch) {

    /** Default SSH port. */
    public static final int DEFAULT_PORT = 22;

    /** What a node name may look like: it becomes part of override keys and variable names. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    /**
     * Validates the node and defaults the CPU plan and the launch section.
     *
     * @param name        unique name in the pod, matching {@link #NAME}; not {@code null}
     * @param role        jump, host or guest; not {@code null}
     * @param address     host name or IP address to SSH to, or {@code null} until the lab fills it in
     * @param port        SSH port, 1 to 65535
     * @param user        login user, or {@code null} until the lab fills it in
     * @param keyFile     private key file, absolute, or {@code null}
     * @param via         name of the node to tunnel through, or {@code null}; not the node itself
     * @param host        for a guest: the host node it runs on; {@code null} for other roles
     * @param forwardPort for a guest: the host port forwarded to its port 22, or {@code null}
     * @param cpus        the CPU plan, or {@code null} for {@link CpuSets#NONE}
     * @param launch      for a guest: how it is launched, or {@code null} for {@link GuestLaunch#NONE}
     * @throws IllegalArgumentException on a bad name, a port out of range, a node reached via itself,
     *                                  or host/forwardPort/launch on a non-guest
     */
    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidFieldException("name", "node names are letters, digits, '-' and '_' (at most 63, "
                    + "starting with a letter or digit), got '" + PodConfigException.shorten(name) + "'");
        }
        InvalidFieldException.port("port", port);
        InvalidFieldException.port("forwardPort", forwardPort);
        if (role != NodeRole.GUEST && host != null) {
            throw new InvalidFieldException("host", "only a guest runs on a host; a " + role.yamlName()
                    + " node has no 'host'");
        }
        if (role != NodeRole.GUEST && forwardPort != null) {
            throw new InvalidFieldException("forwardPort", "only a guest is reached through a host port forward");
        }
        if (name.equals(via)) {
            throw new InvalidFieldException("via", "a node cannot be reached through itself");
        }
        cpus = Objects.requireNonNullElse(cpus, CpuSets.NONE);
        launch = Objects.requireNonNullElse(launch, GuestLaunch.NONE);
        if (role != NodeRole.GUEST && launch != GuestLaunch.NONE) {
            throw new InvalidFieldException("launch", "only a guest is launched; a " + role.yamlName()
                    + " node has no 'launch'");
        }
    }

    /**
     * The same node with the given CPU sets, without a launch section (for the lab's own copies).
     *
     * @param name        unique name in the pod, matching {@link #NAME}; not {@code null}
     * @param role        jump, host or guest; not {@code null}
     * @param address     host name or IP address to SSH to, or {@code null} until the lab fills it in
     * @param port        SSH port, 1 to 65535
     * @param user        login user, or {@code null} until the lab fills it in
     * @param keyFile     private key file, absolute, or {@code null}
     * @param via         name of the node to tunnel through, or {@code null}; not the node itself
     * @param host        for a guest: the host node it runs on; {@code null} for other roles
     * @param forwardPort for a guest: the host port forwarded to its port 22, or {@code null}
     * @param cpus        the CPU plan, or {@code null} for {@link CpuSets#NONE}
     * @throws IllegalArgumentException when a field is invalid (see the canonical constructor)
     */
    public NodeConfig(String name, NodeRole role, String address, int port, String user, Path keyFile, String via,
                      String host, Integer forwardPort, CpuSets cpus) {
        this(name, role, address, port, user, keyFile, via, host, forwardPort, cpus, GuestLaunch.NONE);
    }

    /**
     * A copy with the connection filled in (the embedded lab does this at runtime).
     *
     * @param address host name or IP address to SSH to
     * @param port    SSH port
     * @param user    login user
     * @param keyFile private key file, absolute
     * @return the copy, name, role, tunnel, CPU plan and launch unchanged
     */
    public NodeConfig withConnection(String address, int port, String user, Path keyFile) {
        return new NodeConfig(name, role, address, port, user, keyFile, via, host, forwardPort, cpus, launch);
    }

    /**
     * A copy reached at another port (a forwarded guest after a live migration: the twin's forward).
     *
     * @param newPort the SSH port to use, 1 to 65535
     * @return the copy; its {@code forwardPort} is {@code newPort} too when it had one
     */
    public NodeConfig withPort(int newPort) {
        return new NodeConfig(name, role, address, newPort, user, keyFile, via, host,
                forwardPort == null ? null : newPort, cpus, launch);
    }

    /**
     * Whether address, user and key file are all known (i.e. the node can be reached).
     *
     * @return {@code true} when none of the three is {@code null}
     */
    public boolean hasConnection() {
        return address != null && user != null && keyFile != null;
    }

    /**
     * Where the node is reached, for messages.
     *
     * @return {@code user@address:port} with {@code ?} for what is not known yet (the port too while the address is unknown)
     */
    public String endpoint() {
        return (user == null ? "?" : user) + "@" + (address == null ? "?" : address) + ":"
                + (address == null ? "?" : String.valueOf(port));
    }
}
