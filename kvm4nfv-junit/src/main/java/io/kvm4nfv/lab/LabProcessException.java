package io.kvm4nfv.lab;

/**
 * A process of the embedded lab (sshd, reaper, ...) could not be started or stopped.
 * The message names the process and carries the tail of its log, never a secret.
 */
public class LabProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabProcessException(String message) {
        super(message);
    }

    public LabProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
