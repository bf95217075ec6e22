package io.kvm4nfv.orchestration;

import io.kvm4nfv.config.SlaAction;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.result.Violation;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one probe run gave: its result, already recorded and published with {@link #criteria()},
 * and the SLA's verdict on it in the one shape every probe shares.
 *
 * @param result     the immutable result
 * @param subject    what the verdict speaks of, e.g. {@code cyclictest Idle-Idle on pod local}
 * @param sla        the bounds judged, e.g. {@code maxUs <= 50}
 * @param violations every violated bound (empty: met)
 * @param criteria   what was published: {@code FAIL} exactly when a bound was violated
 * @param action     {@code ASSERT}: a violation fails; {@code MONITOR}: it is recorded and reported only
 * @param <R>        the result type
 */
public record Outcome<R>(R result, String subject, String sla, List<Violation> violations, Criteria criteria,
                         SlaAction action) {

    /**
     * Checks the components and copies the violations.
     *
     * @param result the immutable result
     * @param subject what the verdict speaks of
     * @param sla the bounds judged
     * @param violations every violated bound; copied
     * @param criteria what was published
     * @param action what a violation does
     * @throws NullPointerException if a component is {@code null}
     */
    public Outcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sla, "sla");
        violations = List.copyOf(violations);
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(action, "action");
    }

    /**
     * Whether every bound was met.
     *
     * @return {@code true} when no bound was violated
     */
    public boolean slaMet() {
        return violations.isEmpty();
    }

    /**
     * Whether the verdict fails the test: a bound violated under {@code sla.action: assert}.
     *
     * @return {@code true} when a bound was violated and the pod's action is {@code ASSERT}
     */
    public boolean failsTest() {
        return !violations.isEmpty() && action == SlaAction.ASSERT;
    }

    /**
     * {@code SLA met: <subject> within <sla>}, or {@code SLA violated: <subject> violates N
     * bound(s) of <sla>:} with one line per violated bound.
     *
     * @return the verdict as text, one line per violated bound after the first line
     */
    public String message() {
        if (violations.isEmpty()) {
            return "SLA met: " + subject + " within " + sla;
        }
        return "SLA violated: " + subject + " violates " + violations.size() + " bound(s) of " + sla + ":\n"
                + violations.stream().map(v -> "  - " + v.describe()).collect(Collectors.joining("\n"));
    }

    /**
     * For plain Java: returns the result when the SLA is met or only monitored, else throws.
     *
     * @return the result, when the SLA is met or only monitored
     * @throws SlaViolatedException when a bound is violated under {@code sla.action: assert}
     */
    public R assertSlaMet() {
        if (failsTest()) {
            throw new SlaViolatedException(message());
        }
        return result;
    }
}
