package io.kvm4nfv.publish;

/**
 * One {@link Dispatcher} did not deliver one record to its target; {@link Publisher} catches it,
 * spools the record when {@link #retryable()} and reports it in its {@link DispatchReport} (which
 * may end in a {@link DispatchFailedException} for the test). The message names the target
 * without credentials.
 */
public class RecordNotDeliveredException extends Exception {

    /** Whether sending the record again later can succeed. */
    private final boolean retryable;

    /**
     * A record that did not arrive because of {@code cause}.
     *
     * @param message   what failed, naming the target without credentials
     * @param retryable true when the target was unreachable or failed (sending later may work),
     *                  false when it refused the content itself (e.g. HTTP 400)
     * @param cause     the underlying exception, e.g. an {@link java.io.IOException}
     */
    public RecordNotDeliveredException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * As {@link #RecordNotDeliveredException(String, boolean, Throwable)} without an underlying exception.
     *
     * @param message   what failed, naming the target without credentials
     * @param retryable true when sending later may work, false when the target refused the content
     */
    public RecordNotDeliveredException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /**
     * Whether sending the record again later can succeed; {@link Publisher} keeps it pending in the
     * spool only then, and moves a refused one to the spool's {@code rejected} folder.
     *
     * @return {@code true} for an unreachable or failing target, {@code false} for refused content
     */
    public boolean retryable() {
        return retryable;
    }
}
