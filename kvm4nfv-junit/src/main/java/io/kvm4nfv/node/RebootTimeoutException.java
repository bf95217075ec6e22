package io.kvm4nfv.node;

/** A node did not come back with a new boot id within the limit. */
public class RebootTimeoutException extends NodeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception for a reboot that did not finish in time.
     *
     * @param message names the node, the old boot id and the limit
     * @param cause   the last error seen while polling for the boot id, else the poll's own timeout
     */
    public RebootTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
