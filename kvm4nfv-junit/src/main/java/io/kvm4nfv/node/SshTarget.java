package io.kvm4nfv.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach a node over SSH.
 *
 * @param name           the node's name in the pod
 * @param host           address or host name
 * @param port           SSH port
 * @param user           login user
 * @param keyFile        private key file (never read into a log or message)
 * @param knownHosts     known_hosts file used to verify (and, with TOFU, record) host keys
 * @param hostKeyPolicy  {@link HostKeyPolicy#STRICT} unless the pod says otherwise
 * @param via            jump host to connect through, or {@code null}
 * @param connectTimeout bound of TCP connect + handshake + auth
 * @param keepAlive      keepalive interval
 */
public record SshTarget(String name, String host, int port, String user, Path keyFile, Path knownHosts,
                        HostKeyPolicy hostKeyPolicy, SshTarget via, Duration connectTimeout, Duration keepAlive) {

    /**
     * Checks the target and fills in defaults: {@code STRICT} host keys, a 15 s connect
     * timeout and a 10 s keepalive when those are {@code null}.
     *
     * @param name           the node's name in the pod
     * @param host           address or host name
     * @param port           SSH port, 1..65535
     * @param user           login user
     * @param keyFile        private key file
     * @param knownHosts     known_hosts file used to verify host keys
     * @param hostKeyPolicy  how host keys are checked, or {@code null} for {@code STRICT}
     * @param via            jump host to connect through, or {@code null}
     * @param connectTimeout bound of TCP connect + handshake + auth, or {@code null} for 15 s
     * @param keepAlive      keepalive interval, or {@code null} for 10 s
     * @throws NullPointerException     when name, host, user, keyFile or knownHosts is {@code null}
     * @throws IllegalArgumentException when {@code port} is not in 1..65535
     */
    public SshTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(knownHosts, "knownHosts");
        hostKeyPolicy = hostKeyPolicy == null ? HostKeyPolicy.STRICT : hostKeyPolicy;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(15) : connectTimeout;
        keepAlive = keepAlive == null ? Duration.ofSeconds(10) : keepAlive;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code user@host:port} (for messages). */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (via == null ? "" : " via " + via);
    }
}
