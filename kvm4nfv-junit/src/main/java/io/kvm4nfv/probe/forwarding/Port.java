package io.kvm4nfv.probe.forwarding;

/**
 * One end point on the forwarding path: a physical port facing the traffic generator
 * ({@code phy1}, {@code phy2}) or a guest NIC ({@code vm2.nic3}, 1-based like VSPERF's docs).
 *
 * @param vm  1-based VM index, 0 for a physical port
 * @param nic 1-based NIC (or physical port) index
 */
public record Port(int vm, int nic) {

    public Port {
        if (vm < 0 || nic < 1) {
            throw new IllegalArgumentException("bad port vm=" + vm + " nic=" + nic);
        }
        if (vm == 0 && nic > 2) {
            throw new IllegalArgumentException("there are two physical ports, not " + nic);
        }
    }

    public static Port phy(int index) {
        return new Port(0, index);
    }

    public static Port guest(int vm, int nic) {
        if (vm < 1) {
            throw new IllegalArgumentException("VMs count from 1: " + vm);
        }
        return new Port(vm, nic);
    }

    public boolean physical() {
        return vm == 0;
    }

    /** {@code phy1} or {@code vm1.nic2}. */
    public String name() {
        return physical() ? "phy" + nic : "vm" + vm + ".nic" + nic;
    }

    @Override
    public String toString() {
        return name();
    }
}
