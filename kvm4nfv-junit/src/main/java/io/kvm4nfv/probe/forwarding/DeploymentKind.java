package io.kvm4nfv.probe.forwarding;

/** How traffic crosses the host in a VSPERF deployment. */
public enum DeploymentKind {
    /** Physical port to physical port through the vSwitch, no VM ({@code p2p}, {@code phy2phy}). */
    PHY2PHY,
    /** Through N VMs one after another ({@code pvp} = 1 VM, {@code pvvp[N]}). */
    SERIAL,
    /** Through N VMs side by side, one traffic stream per VM NIC pair ({@code pvpv[N]}). */
    PARALLEL
}
