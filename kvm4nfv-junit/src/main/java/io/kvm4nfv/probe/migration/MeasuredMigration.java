package io.kvm4nfv.probe.migration;

import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.GuestQemu;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.LabProcessException;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.HeartbeatReport;
import io.kvm4nfv.result.IntegrityReport;
import io.kvm4nfv.result.MigrationMeasurement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A live migration of a guest of any lab (embedded or a real pod), measured twice and checked,
 * from plain Java:
 * <ol>
 *   <li>uploads {@code heartbeat.sh} and {@code integrity.sh} into the guest, reads its boot id,
 *       writes the integrity blocks (tmpfs) and starts their writer, whose generation is the
 *       guest counter that must keep advancing, and starts the {@link Workload};</li>
 *   <li>starts the heartbeat on {@link GuestMigration#HEARTBEAT_DEVICE} and a
 *       {@link HeartbeatMonitor} reading every QEMU's heartbeat socket;</li>
 *   <li>migrates (once, or ping-pong) with {@link GuestMigration};</li>
 *   <li>reports the largest heartbeat gap of each leg (window: the leg ± 100 ms), checks the boot
 *       id, that the counter advanced, and verifies every integrity block;</li>
 *   <li>stops its guest jobs and unmounts its tmpfs, whatever happened.</li>
 * </ol>
 * The result is judged by {@link MigrationMeasurement#verdict}; a failed integrity check fails
 * it whatever the timings.
 */
public final class MeasuredMigration {

    /** Integrity blocks written before the migration (each static and dynamic). */
    public static final int INTEGRITY_BLOCKS = 8;
    /** Size of one integrity block, KiB. */
    public static final int INTEGRITY_BLOCK_KB = 64;
    /** Pause of the integrity writer between generations, µs: the checker must not be the workload. */
    public static final long INTEGRITY_WRITER_PAUSE_US = 100_000;
    /** Heartbeat interval asked of the guest, µs (TCG adds its own overhead). */
    public static final long HEARTBEAT_INTERVAL_US = 250;

    private static final Logger LOG = LoggerFactory.getLogger(MeasuredMigration.class);
    private static final String DIR = "/run/kvm4nfv-migration";
    private static final String INTEGRITY_DIR = DIR + "/integrity";
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final long MARGIN_NANOS = 100_000_000L;

    private MeasuredMigration() {
    }

    /**
     * Runs the measured migration of {@code guestName}.
     *
     * @param lab       the lab the guest runs in
     * @param guestName the guest's name in the lab
     * @param options   how to migrate (ping-pong round trips, workload, QEMU limits)
     * @param progress receives one line per stage (e.g. a journal's note), never {@code null}
     * @return every leg's result and heartbeat gap, the integrity and liveness check, boot ids and
     *         counters before and after, to be judged by {@link MigrationMeasurement#verdict}
     * @throws io.kvm4nfv.node.CommandFailedException when a preparation command in the guest fails
     * @throws LabProcessException when the heartbeat does not start, a guest job does not start or a
     *                             leg cannot be run
     */
    public static MigrationMeasurement run(Lab lab, String guestName, MigrationOptions options,
                                           Consumer<String> progress) {
        GuestMigration migration = GuestMigration.of(lab, guestName);
        Guest guest = lab.guest(guestName);
        GuestQemu qemu = guest.qemu();
        Node before = guest.node();
        String heartbeatScript = DIR + "/heartbeat.sh";
        String integrityScript = DIR + "/integrity.sh";
        List<String> pids = new ArrayList<>();
        try (HeartbeatMonitor heartbeat = HeartbeatMonitor.udp(0)) {
            exec(before, "mkdir -p " + DIR + " && printf '%s' " + Shell.quote(GuestScripts.heartbeatScript()) + " > "
                    + heartbeatScript + " && printf '%s' " + Shell.quote(GuestScripts.integrityScript()) + " > "
                    + integrityScript);
            String bootBefore = exec(before, "cat /proc/sys/kernel/random/boot_id").strip();
            String sums = exec(before, GuestScripts.integrityPrepare(integrityScript, INTEGRITY_DIR, INTEGRITY_BLOCKS,
                    INTEGRITY_BLOCK_KB));
            pids.add(startDetached(before, GuestScripts.integrityWriter(integrityScript, INTEGRITY_DIR,
                    INTEGRITY_WRITER_PAUSE_US)));
            String workload = GuestScripts.workload(options.workload());
            if (!workload.isEmpty()) {
                pids.add(startDetached(before, workload));
            }
            migration.attachHeartbeat(heartbeat);
            pids.add(startDetached(before, GuestScripts.heartbeat(heartbeatScript, GuestMigration.HEARTBEAT_DEVICE,
                    HEARTBEAT_INTERVAL_US)));
            awaitBeats(heartbeat, 10, Duration.ofSeconds(60));
            Long counterBefore = awaitCounter(before, -1, Duration.ofSeconds(20));
            progress.accept(String.format(Locale.ROOT, "guest %s ready: boot id %s, counter %s, heartbeat %d beats, "
                    + "workload %s", guestName, bootBefore, counterBefore, heartbeat.beats(), describe(options.workload())));

            List<GuestMigration.Leg> legs = migration.pingPong(options, options.pingPongRoundTrips(), heartbeat);
            long lastEnd = legs.get(legs.size() - 1).endNanos();
            awaitBeatsAfter(heartbeat, lastEnd + MARGIN_NANOS, Duration.ofSeconds(5));
            List<HeartbeatReport> gaps = new ArrayList<>();
            for (GuestMigration.Leg leg : legs) {
                gaps.add(heartbeat.report(leg.startNanos() - MARGIN_NANOS, leg.endNanos() + MARGIN_NANOS));
                progress.accept(String.format(Locale.ROOT, "leg %d: %s, total %s ms, downtime %s ms (QEMU), "
                                + "heartbeat gap %.1f ms", gaps.size(), leg.result().status(), leg.result().totalMs(),
                        leg.result().downtimeMs(), gaps.get(gaps.size() - 1).largestGapMs()));
            }

            Node after = guest.node();
            List<String> liveness = new ArrayList<>();
            String bootAfter = null;
            Long counterAfter = null;
            IntegrityReport integrity;
            try {
                bootAfter = exec(after, "cat /proc/sys/kernel/random/boot_id").strip();
                if (!bootAfter.equals(bootBefore)) {
                    liveness.add("boot id changed from " + bootBefore + " to " + bootAfter + " (the guest rebooted)");
                }
                counterAfter = awaitCounter(after, counterBefore == null ? -1 : counterBefore, Duration.ofSeconds(20));
                if (counterAfter == null || counterBefore == null || counterAfter <= counterBefore) {
                    liveness.add("guest counter did not advance after the migration (" + counterBefore + " -> "
                            + counterAfter + ")");
                }
                ExecResult verify = after.exec(GuestScripts.integrityVerify(integrityScript, INTEGRITY_DIR, sums),
                        COMMAND);
                integrity = GuestScripts.parseIntegrity(verify.stdoutText());
            } catch (RuntimeException e) {
                integrity = new IntegrityReport(0, List.of("guest unreachable after the migration: " + e.getMessage()));
            }
            if (!liveness.isEmpty()) {
                List<String> failures = new ArrayList<>(integrity.failures());
                failures.addAll(liveness);
                integrity = new IntegrityReport(integrity.blocksChecked(), failures);
            }
            progress.accept("integrity: " + (integrity.intact() ? "intact (" + integrity.blocksChecked()
                    + " blocks)" : String.join("; ", integrity.failures())));
            return new MigrationMeasurement(guestName, qemu.memoryKb(), qemu.accelerator(), describe(options.workload()),
                    options.maxBandwidthBytesPerSecond(), options.downtimeLimitMs(), options.pingPongRoundTrips(),
                    legs.stream().map(GuestMigration.Leg::result).toList(), gaps,
                    legs.stream().map(GuestMigration.Leg::finalQueryMigrate).toList(), integrity, bootBefore,
                    bootAfter, counterBefore, counterAfter);
        } catch (IOException e) {
            throw new LabProcessException("heartbeat monitor of guest " + guestName + " failed: " + e.getMessage(), e);
        } finally {
            cleanUp(guest, pids);
        }
    }

    /** {@code IDLE}, or {@code FORWARDING_LIKE 4096 KiB at 102400 KiB/s}. */
    static String describe(Workload w) {
        if (w.kind() == Workload.Kind.IDLE) {
            return "IDLE";
        }
        return w.kind() + " " + (w.workingSetBytes() / 1024) + " KiB at " + (w.dirtyRateBytesPerSecond() / 1024)
                + " KiB/s";
    }

    private static String exec(Node node, String command) {
        return node.exec(command, COMMAND).requireSuccess().stdoutText();
    }

    /** Runs a detached job ({@code setsid ... &}) and returns its pid (a session leader: kill its group). */
    private static String startDetached(Node node, String detachedCommand) {
        String pid = exec(node, detachedCommand + " echo $!").strip();
        if (!pid.matches("\\d+")) {
            throw new LabProcessException("guest job did not start: " + detachedCommand);
        }
        return pid;
    }

    /** The integrity writer's generation (first line of dynamic block 0), once it is above {@code above}. */
    private static Long awaitCounter(Node node, long above, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long seen = null;
        while (System.nanoTime() < deadline) {
            String out = exec(node, "head -c 11 " + INTEGRITY_DIR + "/dyn.0").strip();
            if (out.matches("g\\d{10}")) {
                seen = Long.parseLong(out.substring(1));
                if (seen > above) {
                    return seen;
                }
            }
            sleep(200);
        }
        return seen;
    }

    private static void awaitBeats(HeartbeatMonitor heartbeat, long beats, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (heartbeat.beats() < beats) {
            if (System.nanoTime() > deadline) {
                throw new LabProcessException("the guest heartbeat did not start: " + heartbeat.beats()
                        + " beats in " + timeout.toSeconds() + " s");
            }
            sleep(50);
        }
    }

    /** Waits until the clock passed {@code nanos} and a beat arrived after it (bounded). */
    private static void awaitBeatsAfter(HeartbeatMonitor heartbeat, long nanos, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < nanos) {
            sleep(20);
        }
        long count = heartbeat.beats();
        while (heartbeat.beats() < count + 5 && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    private static void cleanUp(Guest guest, List<String> pids) {
        try {
            Node node = guest.node();
            StringBuilder cmd = new StringBuilder();
            for (String pid : pids) {
                cmd.append("kill -TERM -- -").append(pid).append(" 2>/dev/null; ");
            }
            cmd.append("sleep 1; umount ").append(INTEGRITY_DIR).append(" 2>/dev/null; ")
                    .append("umount /run/kvm4nfv-workload 2>/dev/null; rm -rf ").append(DIR).append("; true");
            node.exec(cmd.toString(), COMMAND);
        } catch (RuntimeException e) {
            LOG.warn("could not clean up the migration jobs in guest {}: {}", guest.name(), e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabProcessException("interrupted", e);
        }
    }
}
