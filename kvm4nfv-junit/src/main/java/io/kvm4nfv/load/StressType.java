package io.kvm4nfv.load;

/** The kinds of load of the KVM4NFV test plan, with the names its test types use. */
public enum StressType {
    /** No load: nothing is started. */
    IDLE("Idle"),
    /** CPU load: {@code stress-ng --cpu} workers doing matrix products. */
    CPU("CPU_stress"),
    /** Memory load: {@code stress-ng --vm} workers keeping their memory mapped. */
    MEMORY("Memory_stress"),
    /** I/O load: {@code stress-ng --io} (sync) and one {@code --hdd} worker. */
    IO("IO_stress");

    private final String testTypeName;

    StressType(String testTypeName) {
        this.testTypeName = testTypeName;
    }

    /**
     * The name KVM4NFV's test types use for this load.
     *
     * @return {@code Idle}, {@code CPU_stress}, {@code Memory_stress} or {@code IO_stress}
     */
    public String testTypeName() {
        return testTypeName;
    }
}
