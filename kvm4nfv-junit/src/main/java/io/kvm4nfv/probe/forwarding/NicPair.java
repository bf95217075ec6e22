package io.kvm4nfv.probe.forwarding;

/**
 * Two NICs of one guest between which the guest's forwarding application (testpmd, l2fwd,
 * a Linux bridge) forwards. A guest with a single NIC forwards back out of it: {@code in == out}.
 *
 * @param in  the NIC frames enter the guest by
 * @param out the NIC the guest sends them out of; equal to {@code in} for a single NIC
 */
public record NicPair(Port in, Port out) {

    /**
     * Checks that both ports are NICs of the same guest.
     *
     * @param in  the NIC frames enter the guest by
     * @param out the NIC the guest sends them out of; equal to {@code in} for a single NIC
     * @throws IllegalArgumentException when a port is physical or the ports belong to different VMs
     */
    public NicPair {
        if (in.physical() || out.physical() || in.vm() != out.vm()) {
            throw new IllegalArgumentException("a NIC pair joins two NICs of one guest: " + in + ", " + out);
        }
    }

    @Override
    public String toString() {
        return in.equals(out) ? in + " (loopback)" : in + "<->" + out;
    }
}
