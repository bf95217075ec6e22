package io.kvm4nfv.node;

/** A node could not do what was asked. Messages name the node and never carry secrets. */
public class NodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception without a cause.
     *
     * @param message what failed, naming the node
     */
    public NodeException(String message) {
        super(message);
    }

    /**
     * An exception caused by another one.
     *
     * @param message what failed, naming the node
     * @param cause   the underlying failure
     */
    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
