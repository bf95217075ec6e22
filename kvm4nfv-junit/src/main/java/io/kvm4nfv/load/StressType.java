package io.kvm4nfv.load;

/** The kinds of load of the KVM4NFV test plan, with the names its test types use. */
public enum StressType {
    IDLE("Idle"),
    CPU("CPU_stress"),
    MEMORY("Memory_stress"),
    IO("IO_stress");

    private final String testTypeName;

    StressType(String testTypeName) {
        this.testTypeName = testTypeName;
    }

    /** {@code Idle}, {@code CPU_stress}, {@code Memory_stress} or {@code IO_stress}. */
    public String testTypeName() {
        return testTypeName;
    }
}
