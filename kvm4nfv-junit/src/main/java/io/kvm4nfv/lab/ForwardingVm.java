package io.kvm4nfv.lab;

import io.kvm4nfv.node.Node;

import java.time.Duration;

/** A forwarding VM started by a {@link ForwardingHost}; closing stops its QEMU and removes its files. */
public interface ForwardingVm extends AutoCloseable {

    /**
     * The VM's name, as given in its {@link ForwardingVmSpec}.
     *
     * @return the guest's name (also a host name)
     */
    String name();

    /**
     * The pid of its QEMU on the host.
     *
     * @return the QEMU's process id in the host's process table
     */
    long pid();

    /**
     * Whether its QEMU still runs.
     *
     * @return {@code true} while the QEMU process is alive
     */
    boolean isAlive();

    /**
     * Waits until the guest's SSH server runs.
     *
     * @param timeout how long to wait at most
     * @return how long it waited
     * @throws GuestStartException when QEMU exits first or {@code timeout} passes
     */
    Duration awaitReady(Duration timeout);

    /**
     * A new SSH connection to the guest as root (host key checked strictly); the caller closes it.
     *
     * @return a connected node for the guest
     * @throws io.kvm4nfv.node.NodeException when the guest cannot be reached
     */
    Node connect();

    /**
     * Where its SSH is reached, for logs.
     *
     * @return the forwarded address, e.g. {@code 127.0.0.1:PORT on HOST}
     */
    String sshAddress();

    @Override
    void close();
}
