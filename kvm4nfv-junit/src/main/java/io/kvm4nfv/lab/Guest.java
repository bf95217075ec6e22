package io.kvm4nfv.lab;

import io.kvm4nfv.node.Node;

/**
 * A guest VM of a lab, reachable over SSH, and the QEMU that runs it — the same contract on
 * every kind of lab, so that no probe asks which lab it has. Closing stops it if the lab
 * started it.
 */
public interface Guest extends AutoCloseable {

    /**
     * The guest's node name in the pod.
     *
     * @return the name the pod gives the guest
     */
    String name();

    /**
     * The name of the host node it runs on now (after a live migration to another host: that host).
     *
     * @return a host node name of the pod
     */
    String hostName();

    /**
     * Commands in the guest.
     *
     * @return the guest's SSH node (a new one after a migration was adopted)
     */
    Node node();

    /**
     * The QEMU that runs the guest now (after a live migration: the destination's).
     *
     * @return its host, pid, sockets, RAM and accelerator
     */
    GuestQemu qemu();

    /**
     * Starts the guest's incoming twin on its own host for a live migration (see
     * {@link IncomingGuest}).
     *
     * @return the started twin, waiting for {@code migrate-incoming}; the caller closes it
     * @throws LabProcessException when the twin cannot be started
     */
    default IncomingGuest startIncoming() {
        return startIncoming(hostName());
    }

    /**
     * Starts the guest's incoming twin on host node {@code hostName} of the pod — its own host,
     * or another one: the same command line, read on the guest's host, started on that host.
     *
     * @param hostName the host node the twin runs on
     * @return the started twin, waiting for {@code migrate-incoming}; the caller closes it
     * @throws IllegalArgumentException when {@code hostName} is not a host node of the pod
     * @throws MigrationNotPossibleException when the guest cannot move to that host (a disk that
     *                                       is not on storage both hosts share)
     * @throws LabProcessException           when the twin cannot be started
     */
    default IncomingGuest startIncoming(String hostName) {
        return startIncoming(hostName, false);
    }

    /**
     * As {@link #startIncoming(String)}; with {@code preallocateRam} the twin also gets
     * {@code -mem-prealloc}, so that it allocates (and the kernel zeroes) all its RAM when it starts
     * instead of page by page while the migration writes into it.
     *
     * @param hostName       the host node the twin runs on
     * @param preallocateRam whether the twin preallocates its RAM
     * @return the started twin, waiting for {@code migrate-incoming}; the caller closes it
     * @throws IllegalArgumentException      when {@code hostName} is not a host node of the pod
     * @throws MigrationNotPossibleException when the guest cannot move to that host
     * @throws LabProcessException           when the twin cannot be started
     */
    IncomingGuest startIncoming(String hostName, boolean preallocateRam);

    @Override
    void close();
}
