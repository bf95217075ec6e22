package io.kvm4nfv.publish;

/** A record was not delivered. The message names the target without credentials. */
public class DispatchException extends Exception {

    private final boolean retryable;

    /**
     * @param retryable true when the target was unreachable or failed (sending later may work),
     *                  false when it refused the content itself (e.g. HTTP 400)
     */
    public DispatchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public DispatchException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
