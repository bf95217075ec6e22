package io.kvm4nfv.probe.tuning;

/** The outcome of one tuning check. */
public enum TuningStatus {
    /** The node is tuned as expected. */
    OK,
    /** The node is readable but not tuned as expected. */
    MISMATCH,
    /** The fact could not be read on this node (file absent, kernel without the feature). */
    UNAVAILABLE
}
