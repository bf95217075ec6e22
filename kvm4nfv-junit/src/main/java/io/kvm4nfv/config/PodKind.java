package io.kvm4nfv.config;

import java.util.Locale;

/** How a pod's nodes come to exist. Written in lower case in the pod file. */
public enum PodKind {
    /**
     * Everything on this machine: the lab starts an sshd on a free loopback port for the
     * host node and launches the guests with QEMU. Addresses, ports, users, key files and
     * the known_hosts file are filled in at runtime by the lab.
     */
    EMBEDDED,
    /** Real machines reached over SSH with the addresses, users and keys in the file. */
    SSH;

    /**
     * The spelling in the pod file.
     *
     * @return {@code embedded} or {@code ssh}
     */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
