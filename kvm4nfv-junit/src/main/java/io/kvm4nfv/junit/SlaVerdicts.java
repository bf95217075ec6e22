package io.kvm4nfv.junit;

import io.kvm4nfv.config.SlaAction;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.publish.AllureJournal;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.opentest4j.AssertionFailedError;

/**
 * How every probe ends a test: the body first (its own assertions), then the SLA verdict,
 * always both; and the verdict itself: met, violated and failing the test under
 * {@code sla.action: assert}, or violated and only reported (a warning step and the Allure
 * category "SLA violated (monitor)") under {@code monitor}.
 */
final class SlaVerdicts {

    private SlaVerdicts() {
    }

    /** A verdict judged after the test body; throws when a bound is violated. */
    @FunctionalInterface
    interface Verdict {
        void judge() throws Throwable;
    }

    /**
     * Runs the body, then {@code verdict}. A violated SLA is what the test fails with, carrying a
     * failure of the body as suppressed; otherwise the body's failure, if any, propagates.
     */
    static void bodyThenVerdict(InvocationInterceptor.Invocation<Void> invocation, Verdict verdict) throws Throwable {
        Throwable body = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            body = t;
        }
        try {
            verdict.judge();
        } catch (Throwable violated) {
            if (body != null && body != violated) {
                violated.addSuppressed(body);
            }
            throw violated;
        }
        if (body != null) {
            throw body;
        }
    }

    /**
     * Runs the body, then judges the {@link Outcome} a probe extension stored under {@code key} in
     * the test's store (nothing to judge when the probe did not run).
     */
    static void bodyThenOutcome(InvocationInterceptor.Invocation<Void> invocation, ExtensionContext context,
                                Object key) throws Throwable {
        bodyThenVerdict(invocation, () -> {
            Outcome<?> outcome = context.getStore(TestContexts.NAMESPACE).get(key, Outcome.class);
            if (outcome != null) {
                judge(outcome);
            }
        });
    }

    /**
     * The result of the {@link Outcome} stored under {@code key}, for a test parameter.
     *
     * @throws org.junit.jupiter.api.extension.ParameterResolutionException naming the annotation it needs
     */
    static Object outcomeResult(ExtensionContext context, Object key, Class<?> type, String annotation) {
        Outcome<?> outcome = context.getStore(TestContexts.NAMESPACE).get(key, Outcome.class);
        if (outcome == null) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException("a " + type.getSimpleName()
                    + " parameter needs " + annotation + " on " + context.getRequiredTestMethod().getName());
        }
        return outcome.result();
    }

    /** Judges a probe's outcome (already recorded with the matching criteria). */
    static void judge(Outcome<?> outcome) throws Exception {
        judge(outcome.violations().size(), outcome.action(), outcome.message());
    }

    /**
     * Reports a verdict as a journal step with its message attached: met; violated under
     * {@code assert}: the test fails; violated under {@code monitor}: a warning, the test passes.
     */
    static void judge(int violations, SlaAction action, String message) throws Exception {
        AllureJournal journal = TestContexts.journal();
        if (violations > 0 && action == SlaAction.MONITOR) {
            journal.warning("SLA verdict: " + violations + " bound(s) violated (sla.action: monitor, not failing)",
                    message);
            journal.slaViolatedButMonitored(violations + " bound(s), the test is not failed (sla.action: monitor)\n"
                    + message);
            return;
        }
        journal.run("SLA verdict: " + (violations == 0 ? "met" : violations + " bound(s) violated"), () -> {
            journal.attachText("SLA verdict", message);
            if (violations > 0) {
                throw new AssertionFailedError(message);
            }
        });
    }

    /** Judges under the test's pod's {@code sla.action}. */
    static void judge(ExtensionContext context, int violations, String message) throws Exception {
        judge(violations, TestContexts.plan(context).pod().sla().action(), message);
    }
}
