package io.kvm4nfv.probe.migration;

import io.kvm4nfv.lab.GuestQemu;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-migration contract every kind of lab keeps, run against a real guest (TCG) of each
 * ({@link EmbeddedGuestMigrationIT}, {@link SshPodGuestMigrationIT}) with only the {@link Lab}
 * API: success (the lab's guest is then the destination, the source stopped), destination
 * killed mid-way (QEMU's error, the guest keeps running on the source), timeout with
 * {@code migrate_cancel}, and that no QEMU of a failed attempt is left; then a measured
 * migration (heartbeat, integrity, boot id, counter). One lab and one guest per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GuestMigrationContract {

    /** Slow enough (about 140 MB to send) that a migration is still running seconds later. */
    private static final long SLOW_BYTES_PER_SECOND = 4L << 20;

    private Lab lab;

    /** Opens the lab under test. */
    abstract Lab openLab();

    /** The guest under test. */
    abstract String guestName();

    /** A path every QEMU command line of this lab's guest contains (its socket folder). */
    abstract String qemuMarker();

    /** Called after the lab closed: nothing of it may be left. */
    void afterLabClosed() throws Exception {
    }

    @BeforeAll
    void startLab() {
        lab = openLab();
        lab.guest(guestName());
    }

    @AfterAll
    void stopLab() throws Exception {
        if (lab != null) {
            lab.close();
            assertThat(qemus()).as("no QEMU of the lab is left").isEmpty();
            afterLabClosed();
        }
    }

    private static MigrationOptions options() {
        return MigrationOptions.defaults(MigrationDestination.localAnyPort())
                .withMaxBandwidthBytesPerSecond(10L << 30).withTimeout(Duration.ofSeconds(120));
    }

    private String bootId() {
        return lab.guest(guestName()).node().exec("cat /proc/sys/kernel/random/boot_id", Duration.ofSeconds(30))
                .requireSuccess().stdoutText().strip();
    }

    @Test
    @Order(1)
    void migratesAndTheLabGuestIsTheDestination() throws Exception {
        String bootId = bootId();
        var guest = lab.guest(guestName());
        GuestQemu source = guest.qemu();

        GuestMigration.Leg leg = GuestMigration.of(lab, guestName()).migrate(options());

        MigrationResult r = leg.result();
        assertThat(r.status()).as(String.valueOf(r.errorDesc())).isEqualTo(MigrationResult.COMPLETED);
        assertThat(r.totalMs()).isPositive();
        assertThat(r.downtimeMs()).isNotNull();
        assertThat(r.destinationStateAfter()).isEqualTo("running");
        assertThat(leg.finalQueryMigrate()).contains("\"status\":\"completed\"");
        assertThat(leg.source()).isEqualTo(source);
        assertThat(running(source.pid())).as("source QEMU stopped").isFalse();
        assertThat(lab.guest(guestName())).isSameAs(guest);
        assertThat(guest.qemu()).isEqualTo(leg.destination());
        assertThat(guest.qemu().pid()).isNotEqualTo(source.pid());
        assertThat(guest.qemu().qmpSocket()).isNotEqualTo(source.qmpSocket());
        assertThat(guest.qemu().memoryKb()).isEqualTo(source.memoryKb());
        assertThat(bootId()).as("same kernel still running, reached anew").isEqualTo(bootId);
        assertThat(qemus()).as("only the destination QEMU is left").containsExactly(guest.qemu().pid());
    }

    @Test
    @Order(2)
    void destinationKilledMidWayFailsWithQemusErrorAndLeavesOnlyTheSource() throws Exception {
        String bootId = bootId();
        GuestQemu source = lab.guest(guestName()).qemu();
        List<Long> killed = new ArrayList<>();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            long pid = awaitOtherQemu(source.pid());
            sleep(2500);
            killed.add(pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        });

        GuestMigration.Leg leg = GuestMigration.of(lab, guestName())
                .migrate(options().withMaxBandwidthBytesPerSecond(SLOW_BYTES_PER_SECOND));
        killer.get(30, TimeUnit.SECONDS);

        MigrationResult r = leg.result();
        assertThat(r.status()).isEqualTo(MigrationResult.FAILED);
        assertThat(r.errorDesc()).as("QEMU's error").isNotBlank();
        assertThat(r.timedOut()).isFalse();
        assertThat(killed).hasSize(1);
        assertThat(lab.guest(guestName()).qemu()).isEqualTo(source);
        assertThat(bootId()).as("guest still runs on the source").isEqualTo(bootId);
        assertThat(qemus()).as("only the source QEMU is left").containsExactly(source.pid());
    }

    @Test
    @Order(3)
    void timeoutCancelsAndTheGuestKeepsRunningOnTheSource() throws Exception {
        String bootId = bootId();
        GuestQemu source = lab.guest(guestName()).qemu();
        CompletableFuture<Long> destination = CompletableFuture.supplyAsync(() -> awaitOtherQemu(source.pid()));

        GuestMigration.Leg leg = GuestMigration.of(lab, guestName()).migrate(options()
                .withMaxBandwidthBytesPerSecond(SLOW_BYTES_PER_SECOND).withTimeout(Duration.ofSeconds(2)), null);

        MigrationResult r = leg.result();
        assertThat(r.status()).isEqualTo(MigrationResult.CANCELLED);
        assertThat(r.timedOut()).isTrue();
        long pid = destination.get(30, TimeUnit.SECONDS);
        assertThat(running(pid)).as("destination QEMU stopped").isFalse();
        assertThat(lab.guest(guestName()).qemu()).isEqualTo(source);
        assertThat(bootId()).isEqualTo(bootId);
        assertThat(qemus()).as("only the source QEMU is left").containsExactly(source.pid());
    }

    @Test
    @Order(4)
    void measuredMigrationSeesTheHeartbeatGapAndAnIntactGuest() {
        MigrationMeasurement m = MeasuredMigration.run(lab, guestName(),
                options().withWorkload(Workload.forwardingLike()).withPingPongRoundTrips(1), System.out::println);

        assertThat(m.legs()).hasSize(2).allSatisfy(l -> assertThat(l.status()).isEqualTo(MigrationResult.COMPLETED));
        assertThat(m.integrity().intact()).as(m.integrity().failures().toString()).isTrue();
        assertThat(m.integrity().blocksChecked()).isEqualTo(2 * MeasuredMigration.INTEGRITY_BLOCKS);
        assertThat(m.bootIdAfter()).isEqualTo(m.bootIdBefore());
        assertThat(m.counterAfter()).isGreaterThan(m.counterBefore());
        assertThat(m.heartbeats()).hasSize(2).allSatisfy(h -> {
            assertThat(h.beats()).isPositive();
            assertThat(h.largestGapMs()).isPositive();
        });
        assertThat(m.guestMemoryKb() % 256).as("not a multiple of 256 KiB under TCG").isNotZero();
        System.out.println(m.verdict(io.kvm4nfv.result.MigrationSla.of(2000, 10)).describe());
    }

    @Test
    @Order(5)
    void aPreallocatedDestinationStartsWithMemPreallocAndTakesTheGuest() throws Exception {
        String bootId = bootId();
        GuestMigration.Leg leg = GuestMigration.of(lab, guestName())
                .migrate(options().withPreallocatedDestination(true));

        assertThat(leg.result().status()).as(String.valueOf(leg.result().errorDesc()))
                .isEqualTo(MigrationResult.COMPLETED);
        long pid = lab.guest(guestName()).qemu().pid();
        assertThat(pid).isEqualTo(leg.destination().pid());
        List<String> argv = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")))
                .split("\0"));
        assertThat(argv).as("the twin's command line").contains("-mem-prealloc").containsSequence("-incoming", "defer");
        String vcpus = lab.pod().node(lab.guest(guestName()).hostName()).cpus().vcpu().toString();
        assertThat(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
                .as("the twin runs on its host's vCPU CPUs (cpus.vcpu)").contains("Cpus_allowed_list:\t" + vcpus);
        assertThat(bootId()).isEqualTo(bootId);
    }

    /** The pid of a QEMU of the lab other than {@code sourcePid}, once one runs. */
    private long awaitOtherQemu(long sourcePid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                for (long pid : qemus()) {
                    if (pid != sourcePid) {
                        return pid;
                    }
                }
            } catch (Exception e) {
                // /proc changed while we read it
            }
            sleep(20);
        }
        throw new AssertionError("no second QEMU of the lab appeared");
    }

    /** Pids of the QEMUs of this lab still running (non-zombie, command line holding the lab's marker). */
    List<Long> qemus() throws Exception {
        String marker = qemuMarker();
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path d : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
                    String stat = Files.readString(d.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && cmdline.startsWith("qemu-system") && cmdline.contains(marker)) {
                        pids.add(Long.parseLong(d.getFileName().toString()));
                    }
                } catch (Exception gone) {
                    // ended while we looked
                }
            }
        }
        return pids;
    }

    /**
     * Whether process {@code pid} runs: a zombie does not (a QEMU that outlived the shell that
     * started it is reaped by init, and a container's init may never reap it).
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception gone) {
            return false;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
