package io.kvm4nfv.publish;

/**
 * The verdict of a test case as Yardstick and the OPNFV test-results API spell it. It is
 * computed from the SLA before publishing; the assertion that fails the test comes after,
 * so the published result is never lost to a failed SLA.
 */
public enum Criteria {
    /** Every bound of the SLA was met. */
    PASS,
    /** At least one bound of the SLA was violated. */
    FAIL
}
