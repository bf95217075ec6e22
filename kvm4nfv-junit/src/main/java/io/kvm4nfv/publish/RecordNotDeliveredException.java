package io.kvm4nfv.publish;

/**
 * One {@link Dispatcher} did not deliver one record to its target; {@link Publisher} catches it,
 * spools the record when {@link #retryable()} and reports it in its {@link DispatchReport} (which
 * may end in a {@link DispatchFailedException} for the test). The message names the target
 * without credentials.
 */
public class RecordNotDeliveredException extends Exception {

    private final boolean retryable;

    /**
     * @param retryable true when the target was unreachable or failed (sending later may work),
     *                  false when it refused the content itself (e.g. HTTP 400)
     */
    public RecordNotDeliveredException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** As {@link #RecordNotDeliveredException(String, boolean, Throwable)} without an underlying exception. */
    public RecordNotDeliveredException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
