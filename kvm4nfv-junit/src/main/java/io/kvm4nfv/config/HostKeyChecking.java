package io.kvm4nfv.config;

import java.util.Locale;

/**
 * How SSH host keys of a pod's nodes are checked. The node layer's
 * {@code io.kvm4nfv.node.HostKeyPolicy} has the same constants (map by {@link #name()});
 * this layer does not import it because config sits below node.
 */
public enum HostKeyChecking {
    /** The key must already be in the known_hosts file (the default). */
    STRICT,
    /** Unknown keys are recorded in the pod's known_hosts file; changed keys are refused. */
    TRUST_ON_FIRST_USE;

    /**
     * The spelling in the pod file.
     *
     * @return {@code strict} or {@code trust-on-first-use}
     */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
