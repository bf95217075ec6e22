package io.kvm4nfv.config;

import java.nio.file.Path;

/**
 * The pod's script directories, absolute, always inside the config folder. Either may be
 * {@code null} when the pod has no scripts of that side. Existence is checked when a setup
 * sequence uses them, not when the pod is loaded.
 *
 * @param host directory of the host setup scripts ({@code host-setup0.sh}, ...)
 * @param guest directory of the guest setup scripts ({@code guest-setup0.sh}, ...)
 */
public record Scripts(Path host, Path guest) {
    /** No script directories. */
    public static final Scripts NONE = new Scripts(null, null);
}
