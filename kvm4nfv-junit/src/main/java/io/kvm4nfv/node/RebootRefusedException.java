package io.kvm4nfv.node;

/**
 * A node that must never be rebooted was asked to: the machine running the tests (the
 * embedded lab's host, a {@link LocalNode}). Nothing was sent to the machine.
 */
public final class RebootRefusedException extends NodeException {
    private static final long serialVersionUID = 1L;

    /** Why the node is never rebooted, as given to the constructor. */
    private final String reason;

    /**
     * An exception whose message is {@code [nodeName] refusing to reboot: reason}.
     *
     * @param nodeName the node that was asked to reboot
     * @param reason   why it is never rebooted (one sentence)
     */
    public RebootRefusedException(String nodeName, String reason) {
        super("[" + nodeName + "] refusing to reboot: " + reason);
        this.reason = reason;
    }

    /**
     * Why this node is never rebooted.
     *
     * @return the reason given to the constructor (one sentence, for reports)
     */
    public String reason() {
        return reason;
    }
}
