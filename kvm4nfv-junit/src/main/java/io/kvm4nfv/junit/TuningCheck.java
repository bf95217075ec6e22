package io.kvm4nfv.junit;

import io.kvm4nfv.probe.tuning.TuningPolicy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Checks the low-latency tuning of the guest's host and of the guest before the measurement
 * ({@code isolcpus}, {@code nohz_full}, {@code rcu_nocbs} on the pod's isolated CPUs, huge pages,
 * {@code idle=poll}, C-states, RT throttling, watchdogs, irqbalance, IRQ affinity, ...) and
 * attaches the expected-against-actual table of each node. Expectations come from the pod's CPU
 * sets ({@code cpus.isolated} of the host and of the guest). What a mismatch means is the policy:
 * {@code FAIL} fails the test after its body, listing every mismatch; {@code WARN} reports them
 * (a warning step in the report) and passes; {@code OFF} checks nothing. The reports can be
 * injected as a {@link TuningReports} parameter.
 *
 * <p>Maps to {@link io.kvm4nfv.probe.tuning.TuningExpectations}; the same check is possible from
 * plain Java with {@link io.kvm4nfv.probe.tuning.TuningProbe#check}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface TuningCheck {

    /** Configuration parameter: the default policy for every pod ({@code FAIL}, {@code WARN}, {@code OFF}). */
    String POLICY_PARAMETER = "kvm4nfv.probe.tuning.policy";

    /**
     * The policy; empty (default) = the configuration parameter {@value #POLICY_PARAMETER}, else
     * the pod's kind: {@code WARN} for the embedded lab (it never retunes its own machine),
     * {@code FAIL} for a real pod.
     *
     * @return at most one policy; an empty array for the configured or pod-kind default
     */
    TuningPolicy[] policy() default {};
}
