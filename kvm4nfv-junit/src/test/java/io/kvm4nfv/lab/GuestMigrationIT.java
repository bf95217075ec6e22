package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.Workload;
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
 * Live migration of a real embedded-lab guest (TCG) to a second QEMU on this host: success
 * (the lab's guest is then the destination), destination killed mid-way, timeout with
 * {@code migrate_cancel}, and that no QEMU of a failed attempt is left; then a measured
 * migration (heartbeat, integrity, boot id, counter). One lab and one guest for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestMigrationIT {

    private static final String GUEST = "guest";
    /** Slow enough (about 140 MB to send) that a migration is still running seconds later. */
    private static final long SLOW_BYTES_PER_SECOND = 4L << 20;

    private EmbeddedLab lab;

    @BeforeAll
    void startLab() {
        lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"));
        lab.guest(GUEST);
    }

    @AfterAll
    void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static MigrationOptions options() {
        return MigrationOptions.defaults(MigrationDestination.local(LabPaths.freeLoopbackPort()))
                .withMaxBandwidthBytesPerSecond(10L << 30).withTimeout(Duration.ofSeconds(120));
    }

    private String bootId() {
        return lab.guest(GUEST).node().exec("cat /proc/sys/kernel/random/boot_id", Duration.ofSeconds(30))
                .requireSuccess().stdoutText().strip();
    }

    @Test
    @Order(1)
    void migratesAndTheLabGuestIsTheDestination() throws Exception {
        String bootId = bootId();
        EmbeddedLab.EmbeddedGuest guest = lab.embeddedGuest(GUEST);
        GuestVm source = guest.vm();
        Path sourceQmp = lab.guest(GUEST).qmpSocket().orElseThrow();

        GuestMigration.Leg leg = GuestMigration.of(lab, GUEST).migrate(options(), null);

        MigrationResult r = leg.result();
        assertThat(r.status()).as(String.valueOf(r.errorDesc())).isEqualTo(MigrationResult.COMPLETED);
        assertThat(r.totalMs()).isPositive();
        assertThat(r.downtimeMs()).isNotNull();
        assertThat(r.destinationStateAfter()).isEqualTo("running");
        assertThat(leg.finalQueryMigrate()).contains("\"status\":\"completed\"");
        assertThat(source.isAlive()).as("source QEMU stopped").isFalse();
        assertThat(ProcessHandle.of(source.pid())).isEmpty();
        assertThat(guest.vm()).isNotSameAs(source);
        assertThat(guest.vm().sshPort()).isEqualTo(leg.sshPort()).isNotEqualTo(source.sshPort());
        assertThat(lab.guest(GUEST)).isSameAs(guest);
        assertThat(lab.guest(GUEST).qmpSocket().orElseThrow()).isNotEqualTo(sourceQmp);
        assertThat(bootId()).as("same kernel still running").isEqualTo(bootId);
        assertThat(qemusOfLab()).as("only the destination QEMU is left").containsExactly(guest.vm().pid());
    }

    @Test
    @Order(2)
    void destinationKilledMidWayFailsWithQemusErrorAndLeavesOnlyTheSource() throws Exception {
        String bootId = bootId();
        GuestVm source = lab.embeddedGuest(GUEST).vm();
        List<Long> killed = new ArrayList<>();
        int generation = lab.embeddedGuest(GUEST).lastGeneration() + 1;
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            long pid = awaitDestinationPid(generation);
            sleep(2500);
            killed.add(pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        });

        GuestMigration.Leg leg = GuestMigration.of(lab, GUEST)
                .migrate(options().withMaxBandwidthBytesPerSecond(SLOW_BYTES_PER_SECOND), null);
        killer.get(30, TimeUnit.SECONDS);

        MigrationResult r = leg.result();
        assertThat(r.status()).isEqualTo(MigrationResult.FAILED);
        assertThat(r.errorDesc()).as("QEMU's error").isNotBlank();
        assertThat(r.timedOut()).isFalse();
        assertThat(killed).hasSize(1);
        assertThat(ProcessHandle.of(killed.get(0)).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(lab.embeddedGuest(GUEST).vm()).isSameAs(source);
        assertThat(source.isAlive()).isTrue();
        assertThat(bootId()).as("guest still runs on the source").isEqualTo(bootId);
        assertThat(qemusOfLab()).as("only the source QEMU is left").containsExactly(source.pid());
    }

    @Test
    @Order(3)
    void timeoutCancelsAndTheGuestKeepsRunningOnTheSource() throws Exception {
        String bootId = bootId();
        GuestVm source = lab.embeddedGuest(GUEST).vm();
        int generation = lab.embeddedGuest(GUEST).lastGeneration() + 1;
        CompletableFuture<Long> destination = CompletableFuture.supplyAsync(() -> awaitDestinationPid(generation));

        GuestMigration.Leg leg = GuestMigration.of(lab, GUEST).migrate(options()
                .withMaxBandwidthBytesPerSecond(SLOW_BYTES_PER_SECOND).withTimeout(Duration.ofSeconds(2)), null);

        MigrationResult r = leg.result();
        assertThat(r.status()).isEqualTo(MigrationResult.CANCELLED);
        assertThat(r.timedOut()).isTrue();
        long pid = destination.get(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("destination QEMU stopped")
                .isNotEqualTo(java.util.Optional.of(true));
        assertThat(lab.embeddedGuest(GUEST).vm()).isSameAs(source);
        assertThat(source.isAlive()).isTrue();
        assertThat(bootId()).isEqualTo(bootId);
        assertThat(qemusOfLab()).as("only the source QEMU is left").containsExactly(source.pid());
    }

    @Test
    @Order(4)
    void measuredMigrationSeesTheHeartbeatGapAndAnIntactGuest() {
        MigrationMeasurement m = MeasuredMigration.run(lab, GUEST,
                options().withWorkload(Workload.forwardingLike()), line -> System.out.println(line));

        assertThat(m.last().status()).isEqualTo(MigrationResult.COMPLETED);
        assertThat(m.integrity().intact()).as(m.integrity().failures().toString()).isTrue();
        assertThat(m.integrity().blocksChecked()).isEqualTo(2 * MeasuredMigration.INTEGRITY_BLOCKS);
        assertThat(m.bootIdAfter()).isEqualTo(m.bootIdBefore());
        assertThat(m.counterAfter()).isGreaterThan(m.counterBefore());
        assertThat(m.heartbeats()).hasSize(1);
        assertThat(m.heartbeats().get(0).beats()).isPositive();
        assertThat(m.heartbeats().get(0).largestGapMs()).isPositive().isLessThan(10_000);
        assertThat(m.guestMemoryKb() % 256).as("not a multiple of 256 KiB under TCG").isNotZero();
        System.out.println(m.verdict(2000, 10).describe());
    }

    /** The pid of destination QEMU number {@code generation} (from its pid file in the lab's pid folder). */
    private long awaitDestinationPid(int generation) {
        Path file = lab.directory().pids().resolve(GUEST + "-qemu." + generation + ".pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                String text = Files.readString(file).strip();
                if (text.matches("\\d+")) {
                    return Long.parseLong(text);
                }
            } catch (Exception e) {
                // not written yet
            }
            sleep(20);
        }
        throw new AssertionError("no destination QEMU pid file " + file);
    }

    /** Pids of the QEMUs of this lab still running (their QMP sockets are in the lab's socket folder). */
    private List<Long> qemusOfLab() throws Exception {
        String marker = lab.directory().socketDir().toAbsolutePath().toString();
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
