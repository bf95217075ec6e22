package io.kvm4nfv.probe.forwarding;

/** A forwarding run produced no usable result: no result file, no frame back, a generator that died. */
public class ForwardingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure without an underlying exception.
     *
     * @param message what went wrong, for the test report
     */
    public ForwardingFailedException(String message) {
        super(message);
    }

    /**
     * A failure caused by another exception.
     *
     * @param message what went wrong, for the test report
     * @param cause   the exception that made the run unusable
     */
    public ForwardingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
