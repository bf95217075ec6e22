package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfig;

/** Opens the lab of a pod: the embedded lab for {@code kind: embedded}, SSH otherwise. */
public final class Labs {

    private Labs() {
    }

    /**
     * Opens (and for the embedded lab: starts) the pod's lab.
     *
     * @throws LabUnavailableException when it cannot be had here (the reason says what is missing)
     */
    public static Lab open(PodConfig pod) {
        return pod.embedded() ? EmbeddedLab.start(pod) : SshLab.open(pod);
    }
}
