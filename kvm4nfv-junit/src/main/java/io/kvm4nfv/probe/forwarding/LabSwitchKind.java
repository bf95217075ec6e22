package io.kvm4nfv.probe.forwarding;

/** The software switch of the library's own (native) forwarding path. */
public enum LabSwitchKind {
    /** Open vSwitch with the userspace datapath ({@code datapath_type=netdev}), private ovsdb-server and ovs-vswitchd. */
    OVS_NETDEV("OVS_netdev"),
    /** A Linux bridge in its own namespace. */
    LINUX_BRIDGE("Linux_bridge"),
    /** OVS when it is installed and starts, else the Linux bridge. */
    AUTO("auto");

    private final String testType;

    LabSwitchKind(String testType) {
        this.testType = testType;
    }

    /**
     * The name used as the result's test type, KVM4NFV style ({@code OVS_netdev}, {@code Linux_bridge}).
     *
     * @return the test type name; {@code auto} for {@link #AUTO}
     */
    public String testType() {
        return testType;
    }
}
