package io.kvm4nfv.probe.migration;

/** No answer to a QMP command (or no greeting) within its timeout. */
public final class QmpTimeoutException extends QmpException {

    public QmpTimeoutException(String message) {
        super(message);
    }
}
