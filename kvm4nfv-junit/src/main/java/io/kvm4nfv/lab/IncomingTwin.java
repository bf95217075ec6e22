package io.kvm4nfv.lab;

/**
 * What the incoming twins of both kinds of lab share: the twin runs on the guest's own host
 * (the stream goes over loopback), it is adopted at most once, and closing a twin that was
 * not adopted stops it.
 */
abstract class LoopbackTwin implements IncomingGuest {

    private final GuestQemu qemu;
    private boolean adopted;

    LoopbackTwin(GuestQemu qemu) {
        this.qemu = qemu;
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
        return "127.0.0.1";
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
