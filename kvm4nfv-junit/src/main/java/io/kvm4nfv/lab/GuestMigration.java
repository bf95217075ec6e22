package io.kvm4nfv.lab;

import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.probe.migration.HeartbeatMonitor;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.MigrationRun;
import io.kvm4nfv.probe.migration.QmpClient;
import io.kvm4nfv.probe.migration.QmpException;
import io.kvm4nfv.probe.migration.SocketQmpTransport;
import io.kvm4nfv.result.MigrationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Live migration of an embedded-lab guest to another QEMU on the same host (the KVM4NFV
 * "local live migration"), driven over QMP by {@link MigrationRun}.
 * <p>
 * Each leg starts a destination QEMU with the guest's very configuration plus
 * {@code -incoming defer} — same RAM, devices and kernel command line; its own QMP socket,
 * console log, heartbeat socket and SSH host port (the guest keeps its NIC; only the host
 * side of the user-net forward differs) — registers it with the lab's {@link Reaper}, and
 * migrates over a loopback TCP port.
 * <ul>
 *   <li><b>completed</b> (and the destination runs): the lab's {@link Guest} of that name now
 *       stands for the destination — its {@link Guest#node()} is a new SSH connection to the new
 *       port, its {@link Guest#qmpSocket()} the new monitor — and the source QEMU is stopped;</li>
 *   <li><b>failed</b> (e.g. the destination died) or <b>cancelled</b> (the timeout of
 *       {@link MigrationOptions#timeout()} passed and {@code migrate_cancel} was sent): the
 *       destination QEMU is stopped and the guest <em>keeps running on the source</em>, as a
 *       production VM would after an aborted migration. The result carries QEMU's error.</li>
 * </ul>
 * Only the embedded lab can do this; a real pod's guests are launched by its own scripts.
 * <pre>{@code
 * GuestMigration.Leg leg = GuestMigration.of(lab, "guest").migrate(options, null);
 * assert leg.result().isCompleted();
 * lab.guest("guest").node().exec("uptime", Duration.ofSeconds(10));   // the migrated guest
 * }</pre>
 */
public final class GuestMigration {

    /** The guest's serial port whose chardev the host can read: write heartbeats here. */
    public static final String HEARTBEAT_DEVICE = "/dev/ttyS1";

    private static final Logger LOG = LoggerFactory.getLogger(GuestMigration.class);
    private static final Duration QMP_WAIT = Duration.ofSeconds(20);
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(20);

    private final EmbeddedLab lab;
    private final String guestName;

    private GuestMigration(EmbeddedLab lab, String guestName) {
        this.lab = lab;
        this.guestName = guestName;
    }

    /**
     * The migration of {@code guestName} in {@code lab}.
     *
     * @throws UnsupportedOperationException when the lab is not an {@link EmbeddedLab}
     */
    public static GuestMigration of(Lab lab, String guestName) {
        Objects.requireNonNull(guestName, "guestName");
        if (!(lab instanceof EmbeddedLab embedded)) {
            throw new UnsupportedOperationException("live migration is implemented for the embedded lab only; pod "
                    + lab.pod().name() + " is a " + lab.pod().kind() + " pod");
        }
        return new GuestMigration(embedded, guestName);
    }

    /**
     * One leg of a migration and when it ran.
     *
     * @param result              QEMU's figures and our timings
     * @param finalQueryMigrate   the raw {@code query-migrate} answer of the source after the leg (JSON), or
     *                            {@code null} when the source could not be asked
     * @param startNanos          {@link System#nanoTime()} right before the destination was told to listen
     * @param endNanos            {@link System#nanoTime()} when the run returned
     * @param sshPort             the loopback port that reaches the guest after the leg
     */
    public record Leg(MigrationResult result, String finalQueryMigrate, long startNanos, long endNanos,
                      int sshPort) {
    }

    /** The heartbeat socket of the QEMU that runs the guest now (connect a {@link HeartbeatMonitor} to it). */
    public Path heartbeatSocket() {
        EmbeddedLab.EmbeddedGuest guest = lab.embeddedGuest(guestName);
        return lab.heartbeatSocket(guestName, guest.generation());
    }

    /**
     * Migrates the guest once to a fresh destination QEMU on this host. The destination's
     * heartbeat socket is attached to {@code heartbeat} (when not {@code null}) before the
     * migration starts. A migration that does not complete is a result, not an exception.
     *
     * @param options how to migrate; a loopback {@link MigrationOptions#destination()} gets a
     *                fresh free port for each leg
     * @throws LabProcessException when the destination cannot be started or reached over QMP, or the
     *                             migrated guest does not answer SSH (the guest is then stopped)
     */
    public Leg migrate(MigrationOptions options, HeartbeatMonitor heartbeat) {
        EmbeddedLab.EmbeddedGuest guest = lab.embeddedGuest(guestName);
        GuestVm source = guest.vm();
        int generation = guest.nextGeneration();
        int sshPort = LabPaths.freeLoopbackPort();
        EmbeddedLab.IncomingQemu destination = lab.launchIncoming(guestName, generation, sshPort);
        boolean moved = false;
        try (QmpClient src = qmp(source.qmpSocket()); QmpClient dst = qmp(destination.vm().qmpSocket())) {
            if (heartbeat != null) {
                heartbeat.attachUnix(lab.heartbeatSocket(guestName, generation), QMP_WAIT);
            }
            MigrationOptions legOptions = options.destination().isLocal()
                    ? options.withDestination(MigrationDestination.local(LabPaths.freeLoopbackPort())) : options;
            long start = System.nanoTime();
            MigrationResult result = new MigrationRun(src, dst, legOptions).run();
            long end = System.nanoTime();
            String json = finalQueryMigrate(src);
            LOG.info("guest {}: migration {} -> {} {} (total {} ms, downtime {} ms{})", guestName, source.pid(),
                    destination.vm().pid(), result.status(), result.totalMs(), result.downtimeMs(),
                    result.errorDesc() == null ? "" : ", " + result.errorDesc());
            if (result.isCompleted() && "running".equals(result.destinationStateAfter())) {
                SshNode node;
                try {
                    node = lab.connectGuest(guestName, sshPort);
                } catch (RuntimeException e) {
                    guest.close();
                    throw new LabProcessException("guest " + guestName + " migrated but does not answer SSH on "
                            + "127.0.0.1:" + sshPort + ": " + e.getMessage(), e);
                }
                guest.moveTo(destination.vm(), destination.registration(), node, generation);
                moved = true;
                return new Leg(result, json, start, end, sshPort);
            }
            keepSourceRunning(src);
            return new Leg(result, json, start, end, source.sshPort());
        } catch (IOException e) {
            throw new LabProcessException("cannot reach the QMP monitors of guest " + guestName + ": "
                    + e.getMessage(), e);
        } finally {
            if (!moved) {
                destination.close();
            }
        }
    }

    /**
     * Migrates back and forth: {@code 2 * roundTrips} legs (a QEMU that migrated away cannot
     * take the guest back, so every leg has a fresh destination), stopping at the first leg
     * that does not complete. {@code roundTrips = 0} means one leg.
     */
    public List<Leg> pingPong(MigrationOptions options, int roundTrips, HeartbeatMonitor heartbeat) {
        if (roundTrips < 0) {
            throw new IllegalArgumentException("roundTrips must be >= 0, was " + roundTrips);
        }
        int legs = Math.max(1, 2 * roundTrips);
        List<Leg> done = new ArrayList<>();
        for (int i = 0; i < legs; i++) {
            Leg leg = migrate(options, heartbeat);
            done.add(leg);
            if (!leg.result().isCompleted()) {
                break;
            }
        }
        return done;
    }

    private static QmpClient qmp(Path socket) throws IOException {
        return QmpClient.connect(SocketQmpTransport.unix(socket, QMP_WAIT), QMP_TIMEOUT);
    }

    private static String finalQueryMigrate(QmpClient source) {
        try {
            return source.execute("query-migrate").toString();
        } catch (QmpException e) {
            return null;
        }
    }

    /** After a failed or cancelled migration QEMU resumes the source; make sure it did. */
    private void keepSourceRunning(QmpClient source) {
        try {
            String state = source.execute("query-status").path("status").asText();
            if (!"running".equals(state)) {
                LOG.warn("guest {}: source is {} after an aborted migration; resuming it", guestName, state);
                source.execute("cont");
            }
        } catch (QmpException e) {
            LOG.warn("guest {}: cannot check the source after an aborted migration: {}", guestName, e.getMessage());
        }
    }
}
