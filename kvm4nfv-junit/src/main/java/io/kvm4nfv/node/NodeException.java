package io.kvm4nfv.node;

/** A node could not do what was asked. Messages name the node and never carry secrets. */
public class NodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeException(String message) {
        super(message);
    }

    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
