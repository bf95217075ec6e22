package io.kvm4nfv.probe.forwarding;

/**
 * How guest NICs reach the wire. What VSPERF does for each is in its user guide
 * ({@code docs/testing/user/userguide/testusage.rst} of opnfv/vswitchperf, sections "Using SRIOV
 * support" and "Using QEMU with PCI passthrough support"): a VM with direct access to NICs runs
 * only the PVP deployment, as {@code ./vsperf --vswitch none --vnf QemuPciPassthrough pvp_tput};
 * SR-IOV virtual functions are chosen by VSPERF's {@code WHITELIST_NICS} with the extended form
 * {@code '0000:05:00.0|vf0'} in the conf file (VSPERF then enables SR-IOV on the card and disables
 * it at the end). KVM4NFV's and VSPERF's CI ran their SRIOV job exactly so: {@code --vswitch none
 * --vnf QemuPciPassthrough} with an SRIOV conf file ({@code ci/build-vsperf.sh} of opnfv/vswitchperf).
 */
public enum NicAttachment {
    /** Through the host's vSwitch (vhost-user, virtio-net/tap): VSPERF {@code --vswitch OvsDpdkVhost} etc. */
    VSWITCH,
    /**
     * Whole physical NICs passed through to the guest: no vSwitch on the path; VSPERF
     * {@code --vswitch none --vnf QemuPciPassthrough}, {@code pvp} only.
     */
    PCI_PASSTHROUGH,
    /**
     * SR-IOV virtual functions passed through to the guest: as {@link #PCI_PASSTHROUGH}, with the VFs
     * named in the conf file's {@code WHITELIST_NICS} ({@code '0000:05:00.0|vf0'}); KVM4NFV's SRIOV job.
     */
    SRIOV;

    /**
     * Whether frames cross the host's vSwitch.
     *
     * @return {@code true} for {@link #VSWITCH} only
     */
    public boolean usesVswitch() {
        return this == VSWITCH;
    }
}
