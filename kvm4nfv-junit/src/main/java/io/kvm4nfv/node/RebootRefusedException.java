package io.kvm4nfv.node;

/**
 * A node that must never be rebooted was asked to: the machine running the tests (the
 * embedded lab's host, a {@link LocalNode}). Nothing was sent to the machine.
 */
public final class RebootRefusedException extends NodeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public RebootRefusedException(String nodeName, String reason) {
        super("[" + nodeName + "] refusing to reboot: " + reason);
        this.reason = reason;
    }

    /** Why this node is never rebooted (one sentence, for reports). */
    public String reason() {
        return reason;
    }
}
