package io.kvm4nfv.node;

/** A node did not come back with a new boot id within the limit. */
public class RebootTimeoutException extends NodeException {
    private static final long serialVersionUID = 1L;

    public RebootTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
