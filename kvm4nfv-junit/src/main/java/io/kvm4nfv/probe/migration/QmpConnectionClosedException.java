package io.kvm4nfv.probe.migration;

/** The monitor's connection ended (QEMU exited, socket closed) before the answer came. */
public final class QmpConnectionClosedException extends QmpException {

    /**
     * An exception for a lost monitor connection.
     *
     * @param message names the monitor and what was waiting for an answer
     * @param cause   what ended the connection (an {@code IOException} "end of stream" when QEMU closed it), or
     *                {@code null} when this client was closed on purpose
     */
    public QmpConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
