package io.kvm4nfv.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the SSH host keys of a pod's nodes are verified.
 *
 * @param policy     {@link HostKeyChecking#STRICT} unless the pod says otherwise
 * @param knownHosts the known_hosts file (absolute); {@code null} in an embedded pod until
 *                   the lab has generated its host keys and written its own known_hosts
 *                   (see {@link PodConfig#withKnownHosts(Path)}), which it then checks strictly
 */
public record HostKeys(HostKeyChecking policy, Path knownHosts) {
    /**
     * Defaults the policy to {@link HostKeyChecking#STRICT}.
     *
     * @param policy     the checking policy, or {@code null} for strict
     * @param knownHosts the known_hosts file (absolute), or {@code null} when the embedded lab writes it
     */
    public HostKeys {
        policy = Objects.requireNonNullElse(policy, HostKeyChecking.STRICT);
    }

    /**
     * Checked with {@code policy} against the known_hosts file the embedded lab will write.
     *
     * @param policy the checking policy, or {@code null} for strict
     * @return host keys with no known_hosts file yet ({@link #labManaged()} true)
     */
    public static HostKeys writtenByLab(HostKeyChecking policy) {
        return new HostKeys(policy, LAB_WRITES_KNOWN_HOSTS);
    }

    /** The {@code knownHosts} of a pod whose known_hosts file the embedded lab writes. */
    private static final Path LAB_WRITES_KNOWN_HOSTS = null;

    /**
     * Whether the known_hosts file is still to be written by the embedded lab.
     *
     * @return {@code true} when {@link #knownHosts()} is {@code null}
     */
    public boolean labManaged() {
        return knownHosts == null;
    }
}
