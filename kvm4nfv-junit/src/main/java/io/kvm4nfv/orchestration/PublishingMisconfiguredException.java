package io.kvm4nfv.orchestration;

/**
 * The run's {@code kvm4nfv.publish.*} settings are wrong, so a result cannot be dispatched; it
 * is still in the local results file, which the message names.
 */
public final class PublishingMisconfiguredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    PublishingMisconfiguredException(String message, Throwable cause) {
        super(message, cause);
    }
}
