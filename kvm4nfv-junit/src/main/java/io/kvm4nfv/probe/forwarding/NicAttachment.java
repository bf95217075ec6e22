package io.kvm4nfv.probe.forwarding;

/** How guest NICs reach the wire. */
public enum NicAttachment {
    /** Through the host's vSwitch (vhost-user, virtio-net/tap): VSPERF {@code --vswitch OvsDpdkVhost} etc. */
    VSWITCH,
    /**
     * SR-IOV VFs (or whole NICs) passed through to the guest: no vSwitch on the path. VSPERF runs it as
     * {@code --vswitch none --vnf QemuPciPassthrough} with the {@code pvp} deployment, as KVM4NFV's SRIOV job did.
     */
    PCI_PASSTHROUGH
}
