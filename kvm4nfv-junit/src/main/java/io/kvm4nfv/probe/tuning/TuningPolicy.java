package io.kvm4nfv.probe.tuning;

/** What a tuning mismatch means for the test. */
public enum TuningPolicy {
    /** A mismatch fails the test. */
    FAIL,
    /** A mismatch is reported but does not fail the test (default for the embedded lab). */
    WARN,
    /** The tuning is not checked. */
    OFF
}
