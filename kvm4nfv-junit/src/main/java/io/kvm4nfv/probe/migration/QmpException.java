package io.kvm4nfv.probe.migration;

/** Something went wrong talking QMP: the base of the QMP exceptions. */
public class QmpException extends RuntimeException {

    /**
     * An exception without a cause.
     *
     * @param message what failed, naming the monitor or command
     */
    public QmpException(String message) {
        super(message);
    }

    /**
     * An exception caused by another one.
     *
     * @param message what failed, naming the monitor or command
     * @param cause   the underlying failure (e.g. an I/O or JSON error)
     */
    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
