package io.kvm4nfv.lab;

/** A lab guest did not start or did not become reachable; the message has the console's tail. */
public class GuestStartException extends RuntimeException {

    public GuestStartException(String message) {
        super(message);
    }

    public GuestStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
