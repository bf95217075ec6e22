package io.kvm4nfv.lab;

/**
 * The pod cannot be used here: unreachable, missing packages, no permission. Tests
 * using it are <em>aborted</em> with this reason, not failed as a product bug.
 */
public class LabUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public LabUnavailableException(String message) {
        super(message);
    }
}
