package io.kvm4nfv.probe.forwarding;

/** A forwarding run produced no usable result: no result file, no frame back, a generator that died. */
public class ForwardingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ForwardingFailedException(String message) {
        super(message);
    }

    public ForwardingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
