package io.kvm4nfv.lab;

/**
 * The incoming twin of a running guest for a live migration: a second QEMU started from the
 * running one's own command line plus {@code -incoming defer} (its own QMP socket, heartbeat
 * socket, pid file and SSH forward), waiting for {@code migrate-incoming}. Obtained from
 * {@link Guest#startIncoming(String)}; every kind of lab implements it (a local process on the
 * embedded lab, a process on the pod's host over SSH on a real pod).
 * <p>
 * After a <b>completed</b> migration call {@link #adopt()}: the {@link Guest} then stands for
 * this QEMU (its {@link Guest#node()} reconnected, {@link Guest#qemu()} this one) and the
 * source QEMU is stopped. Otherwise {@link #close()} stops the twin and the guest keeps
 * running on the source.
 */
public interface IncomingGuest extends AutoCloseable {

    /**
     * The twin QEMU (its sockets on its host).
     *
     * @return the twin's host, pid, sockets, RAM and accelerator
     */
    GuestQemu qemu();

    /**
     * The address the destination listens on and the source QEMU sends the migration stream to:
     * {@code 127.0.0.1} when both QEMUs share a host, else the destination host's address in the pod.
     *
     * @return an IP address or host name, without port
     */
    String migrationAddress();

    /**
     * The migration completed and the twin runs the guest: the guest now is this QEMU.
     *
     * @throws LabProcessException when the migrated guest does not answer SSH (the guest is then stopped)
     */
    void adopt();

    /** Stops the twin unless it was adopted. Never throws. */
    @Override
    void close();
}
