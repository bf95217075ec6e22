package io.kvm4nfv.lab;

/**
 * What the incoming twins of both kinds of lab share: the source sends the stream to one
 * address (loopback when the twin runs on the guest's own host), the twin is adopted at most
 * once, and closing a twin that was not adopted stops it.
 */
abstract class IncomingTwin implements IncomingGuest {

    private final GuestQemu qemu;
    private final String migrationAddress;
    private boolean adopted;

    /** A twin on the guest's own host: the stream goes over loopback. */
    IncomingTwin(GuestQemu qemu) {
        this(qemu, "127.0.0.1");
    }

    IncomingTwin(GuestQemu qemu, String migrationAddress) {
        this.qemu = qemu;
        this.migrationAddress = migrationAddress;
    }

    /** Makes the guest this twin (reconnect, stop the QEMU it left). */
    abstract void takeOver();

    /** Stops the twin (it was not adopted). */
    abstract void discard();

    @Override
    public final GuestQemu qemu() {
        return qemu;
    }

    @Override
    public final String migrationAddress() {
        return migrationAddress;
    }

    @Override
    public final synchronized void adopt() {
        if (adopted) {
            throw new IllegalStateException("incoming twin " + qemu.pid() + " was adopted already");
        }
        takeOver();
        adopted = true;
    }

    @Override
    public final synchronized void close() {
        if (!adopted) {
            discard();
        }
    }
}
