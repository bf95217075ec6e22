package io.kvm4nfv.probe.trace;

/** When a collected trace is attached to the test report. */
public enum AttachPolicy {
    /** Only when the test failed (default: traces are large). */
    ON_FAILURE,
    /** Always. */
    ALWAYS;

    /**
     * Whether to attach, given the test's outcome.
     *
     * @param testFailed whether the test failed
     * @return {@code true} for {@code ALWAYS}, or for {@code ON_FAILURE} when the test failed
     */
    public boolean shouldAttach(boolean testFailed) {
        return this == ALWAYS || testFailed;
    }
}
