package io.kvm4nfv.lab;

/** A lab guest did not start or did not become reachable; the message has the console's tail. */
public class GuestStartException extends RuntimeException {

    /**
     * An exception without a cause.
     *
     * @param message what did not start, with the console's tail
     */
    public GuestStartException(String message) {
        super(message);
    }

    /**
     * An exception caused by another one.
     *
     * @param message what did not start, with the console's tail
     * @param cause   the underlying failure
     */
    public GuestStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
