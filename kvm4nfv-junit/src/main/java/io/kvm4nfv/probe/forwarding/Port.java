package io.kvm4nfv.probe.forwarding;

/**
 * One end point on the forwarding path: a physical port facing the traffic generator
 * ({@code phy1}, {@code phy2}) or a guest NIC ({@code vm2.nic3}, 1-based like VSPERF's docs).
 *
 * @param vm  1-based VM index, 0 for a physical port
 * @param nic 1-based NIC (or physical port) index
 */
public record Port(int vm, int nic) {

    /**
     * Checks the indices.
     *
     * @param vm  1-based VM index, 0 for a physical port
     * @param nic 1-based NIC (or physical port) index
     * @throws IllegalArgumentException when {@code vm} is negative, {@code nic} is below 1, or a
     *                                  physical port is numbered above 2
     */
    public Port {
        if (vm < 0 || nic < 1) {
            throw new IllegalArgumentException("bad port vm=" + vm + " nic=" + nic);
        }
        if (vm == 0 && nic > 2) {
            throw new IllegalArgumentException("there are two physical ports, not " + nic);
        }
    }

    /**
     * Physical port {@code phy<index>}.
     *
     * @param index 1 or 2
     * @return the port with VM index 0
     * @throws IllegalArgumentException when {@code index} is not 1 or 2
     */
    public static Port phy(int index) {
        return new Port(0, index);
    }

    /**
     * NIC {@code nic} of guest {@code vm}.
     *
     * @param vm  1-based VM index
     * @param nic 1-based NIC index within that VM
     * @return the guest port {@code vm<vm>.nic<nic>}
     * @throws IllegalArgumentException when {@code vm} or {@code nic} is below 1
     */
    public static Port guest(int vm, int nic) {
        if (vm < 1) {
            throw new IllegalArgumentException("VMs count from 1: " + vm);
        }
        return new Port(vm, nic);
    }

    /**
     * Whether this is a physical port facing the traffic generator rather than a guest NIC.
     *
     * @return {@code true} for {@code phy1}/{@code phy2} (VM index 0)
     */
    public boolean physical() {
        return vm == 0;
    }

    /**
     * {@code phy1} or {@code vm1.nic2}.
     *
     * @return the port's name as VSPERF's docs write it
     */
    public String name() {
        return physical() ? "phy" + nic : "vm" + vm + ".nic" + nic;
    }

    @Override
    public String toString() {
        return name();
    }
}
