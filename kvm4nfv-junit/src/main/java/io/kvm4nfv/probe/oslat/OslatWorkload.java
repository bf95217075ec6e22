package io.kvm4nfv.probe.oslat;

/** What oslat does between two reads of the clock ({@code -w}). */
public enum OslatWorkload {
    /** Nothing: a bare busy loop (oslat's default, {@code -w no}). */
    NONE("no"),
    /** A {@code memmove} of the workload memory ({@code -w memmove}, sized by {@code -m}). */
    MEMMOVE("memmove");

    private final String cliName;

    OslatWorkload(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name oslat takes after {@code -w}.
     *
     * @return the {@code -w} argument, e.g. {@code memmove}
     */
    public String cliName() {
        return cliName;
    }
}
