package io.kvm4nfv.lab;

import io.kvm4nfv.node.Node;

import java.time.Duration;

/** A forwarding VM started by a {@link ForwardingHost}; closing stops its QEMU and removes its files. */
public interface ForwardingVm extends AutoCloseable {

    String name();

    /** The pid of its QEMU on the host. */
    long pid();

    /** Whether its QEMU still runs. */
    boolean isAlive();

    /**
     * Waits until the guest's SSH server runs.
     *
     * @return how long it waited
     * @throws GuestStartException when QEMU exits first or {@code timeout} passes
     */
    Duration awaitReady(Duration timeout);

    /** A new SSH connection to the guest as root (host key checked strictly); the caller closes it. */
    Node connect();

    /** Where its SSH is reached, for logs: {@code 127.0.0.1:PORT on HOST}. */
    String sshAddress();

    @Override
    void close();
}
