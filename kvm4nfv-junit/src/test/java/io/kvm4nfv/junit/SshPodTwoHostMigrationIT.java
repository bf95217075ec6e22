package io.kvm4nfv.junit;

import io.kvm4nfv.fault.Kit;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.SshLab;
import io.kvm4nfv.lab.SshPodFixture;
import io.kvm4nfv.probe.migration.GuestMigration;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.result.PingPongResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * Live migration between two hosts of one pod ({@code @LiveMigration(to = "node2")}): a
 * {@code kind: ssh} pod whose two host nodes are this machine behind two OpenSSH sshds of their
 * own (own ports, host keys, client keys). The guest (kernel + initramfs, no disk) is launched on
 * node1 by the pod's script; its incoming twin is started <em>through node2's SSH connection</em>
 * (the twin's environment carries node2's sshd port), the stream goes to node2's address, and the
 * migrated guest is reached through node2. A host the pod lacks is a configuration error naming
 * the pod's hosts. (Timing is monitored, not judged: TCG on CI.)
 */
class SshPodTwoHostMigrationIT {

    static final long UNCAPPED = 10L << 30;

    @TempDir
    static Path temp;
    private static SshPodFixture fixture;
    static volatile PingPongResult thereAndBack;
    static volatile String hostAfterThereAndBack;

    @Kvm4nfvTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class BetweenHosts {

        @Test
        @LiveMigration(to = SshPodFixture.SECOND_HOST, pingPong = 1, maxBandwidthBytesPerSecond = UNCAPPED,
                downtimeLimitMs = 10)
        void a_thereAndBack(PingPongResult result, Guest guest) {
            thereAndBack = result;
            hostAfterThereAndBack = guest.hostName();
        }

        @Test
        @LiveMigration(to = "node9")
        void b_toAHostThePodLacks() {
        }
    }

    @BeforeAll
    static void writeThePod() {
        fixture = SshPodFixture.createWithTwoHosts(temp, """
                sla:
                  action: monitor
                """);
    }

    @AfterAll
    static void giveBackTheHosts() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theTwinRunsOnTheOtherHostAndTheGuestComesBack() {
        var pod = fixture.pod();
        int node1Port = pod.node(SshPodFixture.HOST).port();
        int node2Port = pod.node(SshPodFixture.SECOND_HOST).port();
        assertThat(node2Port).as("two sshds").isNotEqualTo(node1Port);
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.localAnyPort())
                .withMaxBandwidthBytesPerSecond(UNCAPPED).withDowntimeLimitMs(10L);
        try (Lab lab = SshLab.open(pod)) {
            Guest guest = lab.guest(SshPodFixture.GUEST);
            String bootId = bootId(guest);
            GuestMigration migration = GuestMigration.of(lab, SshPodFixture.GUEST);

            GuestMigration.Leg there = migration.migrate(options.withToHost(SshPodFixture.SECOND_HOST));

            assertThat(there.result().isCompleted()).as(String.valueOf(there.result().errorDesc())).isTrue();
            assertThat(there.source().hostName()).isEqualTo(SshPodFixture.HOST);
            assertThat(there.destination().hostName()).isEqualTo(SshPodFixture.SECOND_HOST);
            assertThat(sshdPortThatStarted(there.destination().pid())).as("started through node2's sshd")
                    .isEqualTo(node2Port);
            assertThat(guest.hostName()).isEqualTo(SshPodFixture.SECOND_HOST);
            assertThat(guest.qemu().hostName()).isEqualTo(SshPodFixture.SECOND_HOST);
            assertThat(bootId(guest)).as("the same guest, not a reboot").isEqualTo(bootId);
            assertThat(processAlive(there.source().pid())).as("the source QEMU on node1 stopped").isFalse();

            GuestMigration.Leg back = migration.migrate(options.withToHost(SshPodFixture.HOST));

            assertThat(back.result().isCompleted()).as(String.valueOf(back.result().errorDesc())).isTrue();
            assertThat(back.destination().hostName()).isEqualTo(SshPodFixture.HOST);
            assertThat(sshdPortThatStarted(back.destination().pid())).as("started through node1's sshd")
                    .isEqualTo(node1Port);
            assertThat(guest.hostName()).isEqualTo(SshPodFixture.HOST);
            assertThat(bootId(guest)).isEqualTo(bootId);
            System.out.printf("between hosts: node1 -> node2 total %s ms, downtime %s ms; node2 -> node1 total %s ms, "
                            + "downtime %s ms%n", there.result().totalMs(), there.result().downtimeMs(),
                    back.result().totalMs(), back.result().downtimeMs());
        }
        assertThat(fixture.leftInRunDir()).as("twins' files on both hosts removed")
                .containsExactly(SshPodFixture.GUEST + ".console");
        assertThat(processesMentioning(fixture.runDir().toString())).as("no QEMU or relay of the pod left").isZero();
    }

    @Test
    void throughTheAnnotationThereAndBackAndAMissingHostIsAConfigurationError() {
        Map<String, String> properties = new HashMap<>(fixture.selection());
        properties.putAll(Kit.labProperties(temp.resolve("labs")));

        EngineExecutionResults run = Kit.run(Duration.ofMinutes(6), properties,
                Map.of("kvm4nfv.publish.resultsDir", temp.resolve("results").toString()), BetweenHosts.class);

        run.testEvents().assertThatEvents().haveExactly(1, event(test("b_toAHostThePodLacks"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.startsWith("@LiveMigration(to): pod ssh-pod") && m.contains("'node9'")
                                && m.contains("[node1, node2]")))));
        assertThat(run.testEvents().succeeded().count()).as("a_thereAndBack").isEqualTo(1);
        assertThat(thereAndBack.legs()).hasSize(2);
        assertThat(thereAndBack.isCompleted()).isTrue();
        assertThat(hostAfterThereAndBack).as("the guest ends where it started").isEqualTo(SshPodFixture.HOST);
        assertThat(fixture.leftInRunDir()).containsExactly(SshPodFixture.GUEST + ".console");
    }

    private static String bootId(Guest guest) {
        return guest.node().exec("cat /proc/sys/kernel/random/boot_id", Duration.ofSeconds(20)).requireSuccess()
                .stdoutText().strip();
    }

    /** The sshd port in {@code SSH_CONNECTION} of the process's environment: the connection that started it. */
    private static int sshdPortThatStarted(long pid) {
        try {
            String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.UTF_8);
            return Stream.of(environ.split("\0")).filter(v -> v.startsWith("SSH_CONNECTION=")).findFirst()
                    .map(v -> Integer.parseInt(v.substring(v.lastIndexOf(' ') + 1))).orElse(-1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Running, not a zombie (this machine's PID 1 does not reap). */
    private static boolean processAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private static long processesMentioning(String text) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    return cmd.contains(text) && processAlive(Long.parseLong(p.getFileName().toString()));
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
