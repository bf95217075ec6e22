package io.kvm4nfv.probe.forwarding;

import java.util.ArrayList;
import java.util.List;

/**
 * The NICs of one guest on the forwarding path.
 *
 * @param vm       1-based VM index
 * @param nicCount 1 or an even number (VSPERF's rule: one NIC, or pairs)
 */
public record GuestNics(int vm, int nicCount) {

    /** More NICs than any NFV guest in the test plan uses; catches typos. */
    public static final int MAX_NICS = 32;

    /**
     * Checks the VM index and the NIC count.
     *
     * @param vm       1-based VM index
     * @param nicCount 1 or an even number up to {@link #MAX_NICS}
     * @throws IllegalArgumentException   when {@code vm} is below 1
     * @throws InvalidDeploymentException when {@code nicCount} is not 1 or an even number in 2..{@value #MAX_NICS}
     */
    public GuestNics {
        if (vm < 1) {
            throw new IllegalArgumentException("VMs count from 1: " + vm);
        }
        if (nicCount < 1 || nicCount > MAX_NICS || nicCount > 1 && nicCount % 2 != 0) {
            throw new InvalidDeploymentException("VM " + vm + " has " + nicCount + " NICs; GUEST_NICS_NR allows 1 or an"
                    + " even number of NICs (2, 4, ... " + MAX_NICS + ") per VM, e.g. [2, 4]");
        }
    }

    /**
     * The guest's NICs in order, {@code vm<vm>.nic1} first.
     *
     * @return one port per NIC, immutable
     */
    public List<Port> ports() {
        List<Port> ports = new ArrayList<>(nicCount);
        for (int i = 1; i <= nicCount; i++) {
            ports.add(Port.guest(vm, i));
        }
        return List.copyOf(ports);
    }

    /**
     * nic1 with nic2, nic3 with nic4, ...; a single NIC is its own pair.
     *
     * @return the NIC pairs the guest forwards between, in NIC order, immutable
     */
    public List<NicPair> pairs() {
        if (nicCount == 1) {
            return List.of(new NicPair(Port.guest(vm, 1), Port.guest(vm, 1)));
        }
        List<NicPair> pairs = new ArrayList<>(nicCount / 2);
        for (int i = 1; i < nicCount; i += 2) {
            pairs.add(new NicPair(Port.guest(vm, i), Port.guest(vm, i + 1)));
        }
        return List.copyOf(pairs);
    }
}
