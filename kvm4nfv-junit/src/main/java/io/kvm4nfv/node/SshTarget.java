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
