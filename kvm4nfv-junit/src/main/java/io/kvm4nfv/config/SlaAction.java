package io.kvm4nfv.config;

/**
 * What a violated SLA does, as Yardstick's SLA {@code action}: {@code assert} fails the test;
 * {@code monitor} records the violation (criteria {@code FAIL} in the results and the
 * dispatchers, a warning in the report and the log) and lets the test pass, so a CI can watch
 * a pod's figures before gating on them, or exercise a path on hardware that cannot meet
 * the pod's timing (a TCG guest). Pod file: {@code sla.action}; override:
 * {@code -Dkvm4nfv.sla.action=monitor}.
 */
public enum SlaAction {
    /** A violated bound fails the test. */
    ASSERT,
    /** A violated bound is recorded and reported; the test does not fail for it. */
    MONITOR
}
