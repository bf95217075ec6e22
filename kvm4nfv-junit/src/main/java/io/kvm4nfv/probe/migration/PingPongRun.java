package io.kvm4nfv.probe.migration;

import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.PingPongResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Migrates a VM back and forth {@link MigrationOptions#pingPongRoundTrips()} times (A to B to A
 * is one round trip; 0 means a single migration). A QEMU that migrated away cannot take the VM
 * back, so every leg gets a fresh destination from the {@link IncomingLauncher} and the old
 * source is closed once its leg completed. The run owns every {@link Peer} it is given or
 * launches; {@link #close()} stops those still open, and the peer that holds the VM at the
 * end stays open until then ({@link #current()}).
 */
public final class PingPongRun implements AutoCloseable {

    /** A QEMU reachable over QMP; closing it stops that QEMU. */
    public interface Peer extends AutoCloseable {
        /**
         * The QEMU's monitor.
         *
         * @return a connected QMP client of this QEMU
         */
        QmpClient qmp();

        /** Stops the QEMU; never throws. */
        @Override
        void close();
    }

    /** Starts a destination QEMU with the source's configuration plus {@code -incoming defer}. */
    @FunctionalInterface
    public interface IncomingLauncher {
        /**
         * Launches the destination of leg {@code leg} (0-based).
         *
         * @param leg the leg's index: 0 for the first migration, 1 for the way back, and so on
         * @return a QEMU waiting for the incoming migration, with its monitor connected
         * @throws Exception when the QEMU cannot be started; the run then fails with a {@link QmpException}
         */
        Peer launch(int leg) throws Exception;
    }

    private final IncomingLauncher launcher;
    private final MigrationOptions options;
    private final List<Peer> open = new ArrayList<>();
    private Peer current;

    /**
     * @param initial  the running VM (owned by this run from now on)
     * @param launcher starts fresh destinations
     * @param options  options of every leg (same destination address and port each time)
     */
    public PingPongRun(Peer initial, IncomingLauncher launcher, MigrationOptions options) {
        this.current = initial;
        this.launcher = launcher;
        this.options = options;
        open.add(initial);
    }

    /**
     * Runs the legs, stopping at the first that does not complete.
     *
     * @return the requested round trips and one migration result per leg run
     * @throws QmpException when a destination cannot be launched or QEMU refuses a leg's setup
     */
    public PingPongResult run() {
        int legs = Math.max(1, 2 * options.pingPongRoundTrips());
        List<MigrationResult> results = new ArrayList<>();
        for (int leg = 0; leg < legs; leg++) {
            Peer next;
            try {
                next = launcher.launch(leg);
            } catch (Exception e) {
                throw new QmpException("cannot launch the destination of leg " + leg + ": " + e.getMessage(), e);
            }
            open.add(next);
            MigrationResult r = new MigrationRun(current.qmp(), next.qmp(), options).run();
            results.add(r);
            if (!r.isCompleted()) {
                break;
            }
            current.close();
            open.remove(current);
            current = next;
        }
        return new PingPongResult(options.pingPongRoundTrips(), results);
    }

    /**
     * The peer holding the VM now.
     *
     * @return the initial peer before {@link #run()}, else the destination of the last completed leg
     */
    public Peer current() {
        return current;
    }

    /** Stops every peer still open. */
    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
