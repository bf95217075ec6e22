package io.kvm4nfv.probe.migration;

/** No answer to a QMP command (or no greeting) within its timeout. */
public final class QmpTimeoutException extends QmpException {

    /**
     * An exception for a missing answer.
     *
     * @param message names the command (or the greeting), the monitor and the timeout
     */
    public QmpTimeoutException(String message) {
        super(message);
    }
}
