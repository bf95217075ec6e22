package io.kvm4nfv.lab;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A forwarding VM to start on a {@link ForwardingHost}: the lab's guest image with one control NIC
 * (SSH forwarded from the host's loopback) plus {@code nicArgs}.
 *
 * @param name        the guest's name (a host name; also the prefix of its files on the host)
 * @param memoryKb    its RAM, KiB
 * @param nicArgs     the QEMU arguments of its forwarding NICs (e.g. tap-backed virtio-net)
 * @param environment extra environment of its QEMU (e.g. the path's marker {@code K4N_RUN=PREFIX})
 * @param owner       the owner name its files are registered with
 */
public record ForwardingVmSpec(String name, long memoryKb, List<String> nicArgs, Map<String, String> environment,
                               String owner) {

    /**
     * Copies the NIC arguments and the environment.
     *
     * @param name        the guest's name
     * @param memoryKb    its RAM, KiB
     * @param nicArgs     the QEMU arguments of its forwarding NICs
     * @param environment extra environment of its QEMU
     * @param owner       the owner name its files are registered with
     * @throws NullPointerException when {@code name}, {@code owner}, {@code nicArgs} or {@code environment} is {@code null}
     */
    public ForwardingVmSpec {
        Objects.requireNonNull(name, "name");
        nicArgs = List.copyOf(nicArgs);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(owner, "owner");
    }
}
