package io.kvm4nfv.lab;

/**
 * A process of the embedded lab (sshd, reaper, ...) could not be started or stopped.
 * The message names the process and carries the tail of its log, never a secret.
 */
public class LabProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception without a cause.
     *
     * @param message what could not be started or stopped, with the tail of its log
     */
    public LabProcessException(String message) {
        super(message);
    }

    /**
     * An exception caused by another one.
     *
     * @param message what could not be started or stopped, with the tail of its log
     * @param cause   the underlying failure
     */
    public LabProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
