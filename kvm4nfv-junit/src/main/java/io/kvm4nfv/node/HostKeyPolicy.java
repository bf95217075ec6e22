package io.kvm4nfv.node;

/** How an SSH host key is checked. */
public enum HostKeyPolicy {
    /** The key must already be in the known_hosts file (the default). */
    STRICT,
    /**
     * Trust on first use: an unknown host's key is recorded in the pod's own known_hosts
     * file; a changed key is refused afterwards. Only when a pod says so.
     */
    TRUST_ON_FIRST_USE
}
