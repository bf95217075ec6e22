package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real QEMU-to-QEMU migrations over loopback of a BIOS-only VM (no guest OS needed). */
class MigrationRunIT {

    private Path dir;
    private final List<QemuProcess> started = new ArrayList<>();

    @BeforeEach
    void makeDir() throws Exception {
        dir = QemuProcess.shortTempDir();
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            for (QemuProcess q : started) {
                q.close();
            }
            for (QemuProcess q : started) {
                assertThat(QemuProcess.anyProcessWithMarker(q.marker())).as("QEMU %s left running", q.marker())
                        .isFalse();
            }
        } finally {
            QemuProcess.deleteDir(dir);
        }
    }

    private QemuProcess source(String name) throws Exception {
        QemuProcess q = QemuProcess.start(dir, name);
        started.add(q);
        return q;
    }

    private QemuProcess incoming(String name) throws Exception {
        QemuProcess q = QemuProcess.startIncoming(dir, name);
        started.add(q);
        return q;
    }

    @Test
    void completesAndRecordsTimesBytesAndTimeline() throws Exception {
        QemuProcess src = source("a");
        QemuProcess dst = incoming("b");
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(QemuProcess.freePort()))
                .withMaxBandwidthBytesPerSecond(10L << 30).withTimeout(Duration.ofSeconds(60));

        MigrationResult r = new MigrationRun(src.qmp(), dst.qmp(), options).run();

        assertThat(r.status()).as("error: %s", r.errorDesc()).isEqualTo("completed");
        assertThat(r.totalMs()).isPositive();
        assertThat(r.downtimeMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(r.setupMs()).isNotNull();
        assertThat(r.transferredBytes()).isPositive();
        assertThat(r.ramTotalBytes()).isGreaterThanOrEqualTo(262152L * 1024);
        assertThat(r.passes()).isGreaterThanOrEqualTo(1);
        assertThat(r.wallClockMs()).isGreaterThanOrEqualTo(r.totalMs() - 50.0);
        assertThat(r.samples()).isNotEmpty();
        assertThat(r.samples().get(r.samples().size() - 1).status()).isEqualTo("completed");
        assertThat(r.events()).anySatisfy(e -> {
            assertThat(e.side()).isEqualTo("source");
            assertThat(e.name()).isEqualTo("MIGRATION");
            assertThat(e.detail()).isEqualTo("completed");
        });
        assertThat(r.events()).anySatisfy(e -> assertThat(e.name()).isEqualTo("MIGRATION_PASS"));
        assertThat(r.sourceStateAfter()).isEqualTo("postmigrate");
        assertThat(r.destinationStateAfter()).isEqualTo("running");
        assertThat(r.errorDesc()).isNull();
        assertThat(r.stopToResumeMs()).as("source STOP to destination RESUME").isNotNull()
                .isGreaterThanOrEqualTo(0.0);

        JsonNode json = new ObjectMapper().valueToTree(r);
        assertThat(json.get("totalMs").isNumber()).isTrue();
        assertThat(json.get("downtimeMs").isNumber()).isTrue();
        assertThat(json.get("wallClockMs").isNumber()).isTrue();
        assertThat(json.get("samples").get(0).get("atMs").isNumber()).isTrue();
        // the timings are what they are on this machine; the verdict must agree with them either way
        MigrationVerdict verdict = MigrationVerdict.judge(options.sla(), r, null, null);
        assertThat(verdict.passed()).as("judged on total time and QEMU's downtime only")
                .isEqualTo(r.totalMs() <= 2000 && r.downtimeMs() <= 10);
    }

    @Test
    void destinationKilledMidwayIsAFailureWithQemuText() throws Exception {
        QemuProcess src = source("a");
        QemuProcess dst = incoming("b");
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(QemuProcess.freePort()))
                .withMaxBandwidthBytesPerSecond(100_000L).withTimeout(Duration.ofSeconds(60));
        QmpClient srcQmp = src.qmp();
        CompletableFuture<MigrationResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new MigrationRun(srcQmp, dst.qmp(), options).run();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(20, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS).until(() ->
                "active".equals(srcQmp.execute("query-migrate").path("status").asText()));
        dst.kill();

        MigrationResult r = run.get(30, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.errorDesc()).isNotBlank();
        assertThat(r.errorDesc()).containsAnyOf("socket", "Connection", "Broken pipe", "reset");
        assertThat(r.downtimeMs()).isNull();
        assertThat(r.destinationStateAfter()).isEqualTo("unreachable");
        assertThat(r.sourceStateAfter()).isEqualTo("running");
        MigrationVerdict verdict = MigrationVerdict.judge(io.kvm4nfv.result.MigrationSla.of(2000, 10), r, null, null);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.describe()).contains("failed").contains(r.errorDesc());
        assertThat(dst.alive()).isFalse();
    }

    /** 100 kB/s: the ~1 MiB of non-zero pages of an idle BIOS VM then takes ~10 s, plenty to time out. */
    @Test
    void timeoutCancelsTheMigration() throws Exception {
        QemuProcess src = source("a");
        QemuProcess dst = incoming("b");
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(QemuProcess.freePort()))
                .withMaxBandwidthBytesPerSecond(100_000L).withTimeout(Duration.ofMillis(1500));

        MigrationResult r = new MigrationRun(src.qmp(), dst.qmp(), options).run();

        assertThat(r.timedOut()).isTrue();
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.wallClockMs()).isBetween(1500.0, 20_000.0);
        assertThat(r.samples()).extracting(s -> s.status()).contains("active");
        assertThat(r.events()).anySatisfy(e -> {
            assertThat(e.side()).isEqualTo("source");
            assertThat(e.detail()).isIn("cancelling", "cancelled");
        });
        assertThat(r.sourceStateAfter()).isEqualTo("running");
        assertThat(MigrationVerdict.judge(io.kvm4nfv.result.MigrationSla.of(2000, 10), r, null, null).describe()).contains("timed out");
    }

    private PingPongRun.Peer peer(QemuProcess q) {
        return new PingPongRun.Peer() {
            @Override
            public QmpClient qmp() {
                try {
                    return q.qmp();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                q.close();
            }
        };
    }

    @Test
    void pingPongMovesTheVmThereAndBackTwice() throws Exception {
        QemuProcess a = source("a0");
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(QemuProcess.freePort()))
                .withMaxBandwidthBytesPerSecond(10L << 30).withPingPongRoundTrips(2);
        io.kvm4nfv.result.PingPongResult result;
        try (PingPongRun run = new PingPongRun(peer(a), leg -> peer(incoming((leg % 2 == 0 ? "b" : "a") + (leg + 1))),
                options)) {
            result = run.run();
            assertThat(run.current().qmp().execute("query-status").path("status").asText()).isEqualTo("running");
            assertThat(run.current().qmp().describe()).endsWith("a4.sock");
        }
        assertThat(result.legs()).hasSize(4);
        assertThat(result.isCompleted()).isTrue();
        assertThat(result.legs()).allSatisfy(l -> {
            assertThat(l.status()).isEqualTo("completed");
            assertThat(l.sourceStateAfter()).isEqualTo("postmigrate");
            assertThat(l.destinationStateAfter()).isEqualTo("running");
        });
        assertThat(result.legs()).extracting(l -> l.destination().replaceAll(".*/", ""))
                .containsExactly("b1.sock", "a2.sock", "b3.sock", "a4.sock");
        assertThat(result.maxDowntimeMs()).isPresent();
        for (QemuProcess q : started) {
            assertThat(q.alive()).as("%s stopped by the run", q.marker()).isFalse();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"MULTIFD,AUTO_CONVERGE", "XBZRLE"})
    void qemuAcceptsTheRequestedCapabilitiesAndStillCompletes(String caps) throws Exception {
        QemuProcess src = source("a");
        QemuProcess dst = incoming("b");
        java.util.Set<MigrationCapability> requested = java.util.Arrays.stream(caps.split(","))
                .map(MigrationCapability::valueOf).collect(java.util.stream.Collectors.toSet());
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(QemuProcess.freePort()))
                .withMaxBandwidthBytesPerSecond(10L << 30).withDowntimeLimitMs(10L).withCapabilities(requested, 2);

        MigrationResult r = new MigrationRun(src.qmp(), dst.qmp(), options).run();

        assertThat(r.status()).as("error: %s", r.errorDesc()).isEqualTo("completed");
        java.util.List<String> names = requested.stream().map(MigrationCapability::qmpName).toList();
        assertThat(MigrationRun.enabledCapabilities(src.qmp())).contains("events").containsAll(names);
        assertThat(MigrationRun.enabledCapabilities(dst.qmp())).contains("events").containsAll(names);
        JsonNode params = src.qmp().execute("query-migrate-parameters");
        assertThat(params.get("downtime-limit").asLong()).isEqualTo(10);
        assertThat(params.get("max-bandwidth").asLong()).isEqualTo(10L << 30);
        if (requested.contains(MigrationCapability.MULTIFD)) {
            assertThat(params.get("multifd-channels").asInt()).isEqualTo(2);
        }
    }

    @Test
    void migratesWithTheMonitorsReachedAsNodeStreamsOnAPortTheDestinationPicks() throws Exception {
        QemuProcess src = source("a");
        QemuProcess dst = incoming("b");
        // each monitor as a node's stream (on a real pod: a socat relay over SSH), the port chosen by QEMU
        io.kvm4nfv.node.LocalNode node = new io.kvm4nfv.node.LocalNode("local");
        Path srcSock = dir.resolve("a.sock");
        Path dstSock = dir.resolve("b.sock");
        try (QmpClient s = QmpClient.connect(new StreamQmpTransport(node.openUnixStream(srcSock.toString(),
                Duration.ofSeconds(10))), Duration.ofSeconds(10));
             QmpClient d = QmpClient.connect(new StreamQmpTransport(node.openUnixStream(dstSock.toString(),
                     Duration.ofSeconds(10))), Duration.ofSeconds(10))) {
            assertThat(s.greeting().major()).isGreaterThanOrEqualTo(6);
            MigrationResult r = new MigrationRun(s, d, MigrationOptions.defaults(MigrationDestination.localAnyPort())
                    .withMaxBandwidthBytesPerSecond(10L << 30)).run();
            assertThat(r.status()).as("error: %s", r.errorDesc()).isEqualTo("completed");
            assertThat(r.source()).isEqualTo("[local] unix:" + srcSock);
            assertThat(r.uri()).as("the port the destination picked").matches("tcp:127\\.0\\.0\\.1:[1-9][0-9]*");
            assertThat(r.destinationStateAfter()).isEqualTo("running");
        }
    }
}
