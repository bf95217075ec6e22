package io.kvm4nfv.probe.migration;

/** Migration capabilities that can be requested ({@code migrate-set-capabilities}); {@code events} is always on. */
public enum MigrationCapability {
    XBZRLE("xbzrle"),
    AUTO_CONVERGE("auto-converge"),
    POSTCOPY_RAM("postcopy-ram"),
    MULTIFD("multifd");

    private final String qmpName;

    MigrationCapability(String qmpName) {
        this.qmpName = qmpName;
    }

    /** The capability's QMP name. */
    public String qmpName() {
        return qmpName;
    }
}
