package io.kvm4nfv.probe.forwarding;

/** A deployment name or NIC layout that VSPERF would not run; the message lists the valid forms. */
public class InvalidDeploymentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A rejected deployment or NIC layout.
     *
     * @param message what is wrong and which forms are valid
     */
    public InvalidDeploymentException(String message) {
        super(message);
    }
}
