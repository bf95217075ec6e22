package io.kvm4nfv.orchestration;

/**
 * A result violated its SLA under {@code sla.action: assert}: the message lists every
 * violated bound. An {@link AssertionError}, so plain Java and any test framework report it
 * as a failed assertion.
 */
public final class SlaViolatedException extends AssertionError {

    private static final long serialVersionUID = 1L;

    SlaViolatedException(String message) {
        super(message);
    }
}
