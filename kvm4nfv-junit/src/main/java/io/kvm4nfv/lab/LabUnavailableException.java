package io.kvm4nfv.lab;

/**
 * The pod cannot be used here: unreachable, missing packages, no permission. Tests
 * using it are <em>aborted</em> with this reason, not failed as a product bug.
 */
public class LabUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception caused by another one.
     *
     * @param message why the pod cannot be used here
     * @param cause   the underlying failure
     */
    public LabUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception without a cause.
     *
     * @param message why the pod cannot be used here
     */
    public LabUnavailableException(String message) {
        super(message);
    }
}
