package io.kvm4nfv.node;

/**
 * The server's host key was refused under the target's {@link HostKeyPolicy}: unknown
 * under {@code STRICT}, or changed (under every policy). Not a node that is merely
 * unreachable: a possible impostor, so callers must fail rather than skip. The message
 * names node, host, port, the fingerprints and the known_hosts file, and how to trust a
 * key on purpose.
 */
public class HostKeyRefusedException extends NodeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception for a refused host key.
     *
     * @param message names node, host, port, the fingerprints, the known_hosts file and how to trust the key
     */
    public HostKeyRefusedException(String message) {
        super(message);
    }
}
