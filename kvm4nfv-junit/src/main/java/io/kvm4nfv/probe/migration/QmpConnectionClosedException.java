package io.kvm4nfv.probe.migration;

/** The monitor's connection ended (QEMU exited, socket closed) before the answer came. */
public final class QmpConnectionClosedException extends QmpException {

    public QmpConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
