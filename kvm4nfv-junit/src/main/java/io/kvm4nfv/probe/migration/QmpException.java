package io.kvm4nfv.probe.migration;

/** Something went wrong talking QMP: the base of the QMP exceptions. */
public class QmpException extends RuntimeException {

    public QmpException(String message) {
        super(message);
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
