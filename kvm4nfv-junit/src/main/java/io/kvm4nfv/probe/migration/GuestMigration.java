package io.kvm4nfv.probe.migration;

import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.GuestQemu;
import io.kvm4nfv.lab.IncomingGuest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.LabProcessException;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.result.MigrationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Live migration of a guest to a second QEMU on its host (KVM4NFV's "local live migration") or
 * on another host of the pod ({@link MigrationOptions#toHost()}), driven over QMP by
 * {@link MigrationRun}, on any {@link Lab}: the embedded lab and a real pod alike.
 * <p>
 * Each leg asks the lab for the guest's incoming twin ({@link Guest#startIncoming(String)}: the
 * running QEMU's own command line plus {@code -incoming defer}, with its own QMP socket,
 * heartbeat socket, pid file and SSH forward, on the leg's host), reaches both monitors through
 * their host nodes ({@link Node#openUnixStream}: a direct socket here, a relay over SSH on a real
 * pod), lets the destination pick its listening port ({@code tcp:ADDRESS:0}, loopback on one
 * host, else the destination host's address) and migrates.
 * <ul>
 *   <li><b>completed</b> (and the destination runs): the twin is adopted — the lab's
 *       {@link Guest} of that name now stands for it (a new SSH connection, {@link Guest#qemu()}
 *       the new QEMU) — and the source QEMU is stopped;</li>
 *   <li><b>failed</b> or <b>cancelled</b> (the timeout of {@link MigrationOptions#timeout()}
 *       passed and {@code migrate_cancel} was sent): the twin is stopped and the guest
 *       <em>keeps running on the source</em>, as a production VM would after an aborted
 *       migration. The result carries QEMU's error.</li>
 * </ul>
 * <pre>{@code
 * GuestMigration.Leg leg = GuestMigration.of(lab, "guest").migrate(options);
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

    private final Lab lab;
    private final String guestName;

    private GuestMigration(Lab lab, String guestName) {
        this.lab = lab;
        this.guestName = guestName;
    }

    /**
     * The migration of {@code guestName} in {@code lab}. Nothing is started yet.
     *
     * @param lab       the lab the guest runs in (embedded or a real pod)
     * @param guestName the guest's name in the lab
     * @return a handle whose {@link #migrate} and {@link #pingPong} move that guest
     */
    public static GuestMigration of(Lab lab, String guestName) {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(guestName, "guestName");
        return new GuestMigration(lab, guestName);
    }

    /**
     * One leg of a migration and when it ran.
     *
     * @param result            QEMU's figures and our timings
     * @param finalQueryMigrate the raw {@code query-migrate} answer of the source after the leg (JSON), or
     *                          {@code null} when the source could not be asked
     * @param startNanos        {@link System#nanoTime()} right before the destination was told to listen
     * @param endNanos          {@link System#nanoTime()} when the run returned
     * @param source            the QEMU the leg started from
     * @param destination       the twin the leg went to (running the guest when the leg completed)
     */
    public record Leg(MigrationResult result, String finalQueryMigrate, long startNanos, long endNanos,
                      GuestQemu source, GuestQemu destination) {
    }

    /**
     * Attaches the heartbeat socket of the QEMU that runs the guest now to {@code heartbeat}.
     *
     * @param heartbeat the monitor that times the guest's beats from now on
     * @throws LabProcessException when the guest's QEMU has no heartbeat socket
     * @throws io.kvm4nfv.node.NodeException when the socket cannot be opened on the guest's host
     */
    public void attachHeartbeat(HeartbeatMonitor heartbeat) {
        GuestQemu qemu = lab.guest(guestName).qemu();
        heartbeat.attach(lab.node(qemu.hostName()).openUnixStream(heartbeatSocket(qemu), QMP_WAIT));
    }

    private String heartbeatSocket(GuestQemu qemu) {
        return qemu.heartbeat().orElseThrow(() -> new LabProcessException("guest " + guestName + " of pod "
                + lab.pod().name() + " has no heartbeat socket (a second serial port the host can read; on a real pod "
                + "the guest's launch.heartbeatSocket): its guest-visible downtime cannot be measured"));
    }

    /**
     * Migrates the guest once to its incoming twin. The destination's heartbeat socket is
     * attached to {@code heartbeat} (when not {@code null}) before the migration starts. A
     * migration that does not complete is a result, not an exception.
     *
     * @param options how to migrate; a loopback {@link MigrationOptions#destination()} becomes the
     *                twin on the guest's host, on a port the twin picks
     * @param heartbeat the monitor the destination's heartbeat socket is attached to, or {@code null}
     * @return the leg: its migration result, the source's final {@code query-migrate}, when it ran and both QEMUs
     * @throws LabProcessException when the destination cannot be started or reached over QMP, or the
     *                             migrated guest does not answer SSH (the guest is then stopped)
     */
    public Leg migrate(MigrationOptions options, HeartbeatMonitor heartbeat) {
        Guest guest = lab.guest(guestName);
        return migrate(options, heartbeat, options.toHost() == null ? guest.hostName() : options.toHost());
    }

    /**
     * As {@link #migrate(MigrationOptions, HeartbeatMonitor)} without listening to the guest's heartbeat.
     *
     * @param options how to migrate
     * @return the leg: its migration result, the source's final {@code query-migrate}, when it ran and both QEMUs
     * @throws LabProcessException when the destination cannot be started or reached over QMP, or the
     *                             migrated guest does not answer SSH
     */
    public Leg migrate(MigrationOptions options) {
        return migrate(options, WITHOUT_HEARTBEAT);
    }

    /** The {@code heartbeat} of a migration nobody listens to the guest's heartbeat during. */
    private static final HeartbeatMonitor WITHOUT_HEARTBEAT = null;

    private Leg migrate(MigrationOptions options, HeartbeatMonitor heartbeat, String toHost) {
        Guest guest = lab.guest(guestName);
        GuestQemu source = guest.qemu();
        Node sourceHost = lab.node(source.hostName());
        try (IncomingGuest incoming = guest.startIncoming(toHost, options.preallocateDestination());
             QmpClient src = qmp(sourceHost, source.qmpSocket());
             QmpClient dst = qmp(lab.node(incoming.qemu().hostName()), incoming.qemu().qmpSocket())) {
            GuestQemu destination = incoming.qemu();
            if (heartbeat != null) {
                heartbeat.attach(lab.node(destination.hostName()).openUnixStream(heartbeatSocket(destination),
                        QMP_WAIT));
            }
            MigrationOptions legOptions = options.destination().isLocal()
                    ? options.withDestination(MigrationDestination.host(incoming.migrationAddress(), 0))
                    : options;
            long start = System.nanoTime();
            MigrationResult result = new MigrationRun(src, dst, legOptions).run();
            long end = System.nanoTime();
            String json = finalQueryMigrate(src);
            LOG.info("guest {}: migration {} on {} -> {} on {} {} (total {} ms, downtime {} ms{})", guestName,
                    source.pid(), source.hostName(), destination.pid(), destination.hostName(), result.status(),
                    result.totalMs(), result.downtimeMs(),
                    result.errorDesc() == null ? "" : ", " + result.errorDesc());
            if (result.isCompleted() && "running".equals(result.destinationStateAfter())) {
                incoming.adopt();
            } else {
                keepSourceRunning(src);
            }
            return new Leg(result, json, start, end, source, destination);
        } catch (QmpException e) {
            throw new LabProcessException("cannot drive the QMP monitors of guest " + guestName + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Migrates back and forth: {@code 2 * roundTrips} legs (a QEMU that migrated away cannot
     * take the guest back, so every leg has a fresh destination), stopping at the first leg
     * that does not complete. {@code roundTrips = 0} means one leg. With
     * {@link MigrationOptions#toHost()} another host, the legs go there and back: the guest
     * ends where it started.
     *
     * @param options    how to migrate each leg ({@link MigrationOptions#pingPongRoundTrips()} is not read here)
     * @param roundTrips round trips to run, {@code >= 0}
     * @param heartbeat  the monitor every leg's destination heartbeat socket is attached to, or {@code null}
     * @return the legs run, in order; the last one is the first that did not complete, if any
     * @throws IllegalArgumentException when {@code roundTrips} is negative
     * @throws LabProcessException      when a leg's destination cannot be started or reached, or a
     *                                  migrated guest does not answer SSH
     */
    public List<Leg> pingPong(MigrationOptions options, int roundTrips, HeartbeatMonitor heartbeat) {
        if (roundTrips < 0) {
            throw new IllegalArgumentException("roundTrips must be >= 0, was " + roundTrips);
        }
        int legs = Math.max(1, 2 * roundTrips);
        String home = lab.guest(guestName).hostName();
        String away = options.toHost() == null ? home : options.toHost();
        List<Leg> done = new ArrayList<>();
        for (int i = 0; i < legs; i++) {
            Leg leg = migrate(options, heartbeat, i % 2 == 0 ? away : home);
            done.add(leg);
            if (!leg.result().isCompleted()) {
                break;
            }
        }
        return done;
    }

    /** A QMP client on the monitor socket {@code socket} of {@code host}. */
    static QmpClient qmp(Node host, String socket) {
        var stream = host.openUnixStream(socket, QMP_WAIT);
        try {
            return QmpClient.connect(new StreamQmpTransport(stream), QMP_TIMEOUT);
        } catch (RuntimeException e) {
            stream.close();
            throw new LabProcessException("cannot reach the QMP monitor " + stream.describe() + ": " + e.getMessage(), e);
        }
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
