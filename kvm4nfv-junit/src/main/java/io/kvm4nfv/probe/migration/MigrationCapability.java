package io.kvm4nfv.probe.migration;

/** Migration capabilities that can be requested ({@code migrate-set-capabilities}); {@code events} is always on. */
public enum MigrationCapability {
    /** XOR-based compression of pages re-dirtied since they were last sent. */
    XBZRLE("xbzrle"),
    /** Throttles the guest's vCPUs when the migration does not converge. */
    AUTO_CONVERGE("auto-converge"),
    /** Allows switching to post-copy: the guest runs on the destination and fetches missing pages on demand. */
    POSTCOPY_RAM("postcopy-ram"),
    /** Sends RAM over several parallel channels ({@link MigrationOptions#multifdChannels()}). */
    MULTIFD("multifd");

    private final String qmpName;

    MigrationCapability(String qmpName) {
        this.qmpName = qmpName;
    }

    /**
     * The capability's QMP name.
     *
     * @return the name used in {@code migrate-set-capabilities}, e.g. {@code auto-converge}
     */
    public String qmpName() {
        return qmpName;
    }
}
