package io.kvm4nfv.junit;

import io.kvm4nfv.fault.Kit;
import io.kvm4nfv.lab.SshPodFixture;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.PingPongResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kvm4nfv.probe.migration.Workload.Kind.FORWARDING_LIKE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @LiveMigration} on a real pod, through the annotation as a user writes it: a
 * {@code kind: ssh} pod whose guest the lab launches with the pod's own script over SSH
 * ({@link SshPodFixture}). An idle guest, the forwarding-like workload and a ping-pong — each
 * migration measured twice (QEMU's figures, the heartbeat timed on the host through an SSH relay)
 * and the guest's memory verified — recorded, and afterwards no QEMU, twin file or relay of
 * the run is left on the host. (Timing is monitored, not judged: TCG on CI.)
 */
class SshPodLiveMigrationIT {

    @TempDir
    static Path temp;
    private static SshPodFixture fixture;
    static volatile MigrationResult idle;
    static volatile MigrationMeasurement forwarding;
    static volatile PingPongResult pingPong;

    @Kvm4nfvTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class MigrationOnTheSshPod {
        static final long UNCAPPED = 10L << 30;

        @Test
        @LiveMigration(maxBandwidthBytesPerSecond = UNCAPPED, downtimeLimitMs = 10)
        void a_idleGuest(MigrationResult result) {
            idle = result;
        }

        @Test
        @LiveMigration(workload = FORWARDING_LIKE, maxBandwidthBytesPerSecond = UNCAPPED, downtimeLimitMs = 10)
        void b_forwardingLike(MigrationMeasurement measurement) {
            forwarding = measurement;
        }

        @Test
        @LiveMigration(pingPong = 2, maxBandwidthBytesPerSecond = UNCAPPED, downtimeLimitMs = 10)
        void c_pingPong(PingPongResult result) {
            pingPong = result;
        }
    }

    @BeforeAll
    static void writeThePod() {
        fixture = SshPodFixture.create(temp, """
                sla:
                  action: monitor
                  migration:
                    maxTotalMs: 2000
                    maxDowntimeMs: 10
                """);
    }

    @AfterAll
    static void giveBackTheHost() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void migratesOnTheSshPodThroughTheAnnotation() throws Exception {
        Path results = temp.resolve("results");
        Map<String, String> properties = new HashMap<>(fixture.selection());
        properties.putAll(Kit.labProperties(temp.resolve("labs")));

        EngineExecutionResults run = Kit.run(Duration.ofMinutes(8), properties,
                Map.of("kvm4nfv.publish.resultsDir", results.toString()), MigrationOnTheSshPod.class);

        assertThat(Kit.problems(run)).extracting(Kit.Outcome::messages).isEmpty();
        assertThat(run.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(idle.isCompleted()).as(String.valueOf(idle.errorDesc())).isTrue();
        assertThat(idle.destinationStateAfter()).isEqualTo("running");
        assertThat(forwarding.integrity().intact()).as(forwarding.integrity().failures().toString()).isTrue();
        assertThat(forwarding.counterAfter()).isGreaterThan(forwarding.counterBefore());
        assertThat(forwarding.bootIdAfter()).isEqualTo(forwarding.bootIdBefore());
        assertThat(forwarding.heartbeats()).singleElement().satisfies(h -> assertThat(h.beats()).isPositive());
        assertThat(pingPong.legs()).hasSize(4);
        assertThat(pingPong.isCompleted()).isTrue();
        List<String> recorded = Files.readAllLines(results.resolve("results.jsonl"));
        assertThat(recorded.stream().filter(l -> l.contains("\"caseName\":\"kvmfornfv_live_migration\"")).count())
                .as("one published record per test").isEqualTo(3);
        // the pod's lab closed with the run: its guest and every twin stopped, their files removed
        assertThat(fixture.leftInRunDir()).containsExactly(SshPodFixture.GUEST + ".console");
        System.out.printf("ssh pod: idle total %s ms, downtime %s ms; forwarding-like total %s ms, downtime %s ms, "
                        + "heartbeat gap %.1f ms%n", idle.totalMs(), idle.downtimeMs(), forwarding.last().totalMs(),
                forwarding.last().downtimeMs(), forwarding.heartbeats().get(0).largestGapMs());
    }
}
