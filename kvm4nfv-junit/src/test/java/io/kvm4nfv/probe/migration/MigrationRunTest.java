package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.result.MigrationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The QMP conversation of a migration, against scripted fake monitors (paths QEMU-free ITs cannot reach). */
class MigrationRunTest {

    private static final Duration T = Duration.ofSeconds(5);
    private Path dir;
    private FakeQmpServer src;
    private FakeQmpServer dst;

    @BeforeEach
    void makeDir() throws Exception {
        dir = QemuProcess.shortTempDir();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
        QemuProcess.deleteDir(dir);
    }

    private QmpClient client(String name, BiConsumer<JsonNode, FakeQmpServer.Out> handler) throws Exception {
        Path sock = dir.resolve(name + ".sock");
        FakeQmpServer s = FakeQmpServer.unix(sock, true, handler);
        if (name.equals("src")) {
            src = s;
        } else {
            dst = s;
        }
        return QmpClient.connect(SocketQmpTransport.unix(sock, T), T);
    }

    private static BiConsumer<JsonNode, FakeQmpServer.Out> scripted(List<String> queryMigrateAnswers,
                                                                    String statusAfter) {
        AtomicInteger polls = new AtomicInteger();
        return (r, out) -> {
            switch (r.path("execute").asText()) {
                case "query-migrate" -> out.send(FakeQmpServer.ok(r, queryMigrateAnswers.get(
                        Math.min(polls.getAndIncrement(), queryMigrateAnswers.size() - 1))));
                case "query-status" -> out.send(FakeQmpServer.ok(r, "{\"status\": \"" + statusAfter + "\"}"));
                case "migrate" -> {
                    out.send(FakeQmpServer.event("MIGRATION", "{\"status\": \"setup\"}", 1795622750, 0));
                    out.send(FakeQmpServer.ok(r, "{}"));
                }
                default -> out.send(FakeQmpServer.ok(r, "{}"));
            }
        };
    }

    @Test
    void setsCapabilitiesAndParametersOnBothSidesThenFollowsToCompletedWithPostcopy() throws Exception {
        List<String> answers = List.of(
                "{\"status\": \"setup\"}",
                "{\"status\": \"active\", \"expected-downtime\": 300, \"ram\": {\"remaining\": 1000, \"transferred\": 5,"
                        + " \"dirty-sync-count\": 2, \"dirty-pages-rate\": 120, \"mbps\": 80.5}}",
                "{\"status\": \"postcopy-active\", \"ram\": {\"remaining\": 10, \"transferred\": 900,"
                        + " \"dirty-sync-count\": 3, \"dirty-pages-rate\": 40}}",
                "{\"status\": \"completed\", \"total-time\": 431, \"downtime\": 6, \"setup-time\": 3,"
                        + " \"ram\": {\"transferred\": 1000, \"total\": 268976128, \"mbps\": 901.25,"
                        + " \"dirty-sync-count\": 3, \"remaining\": 0}}");
        QmpClient s = client("src", scripted(answers, "postmigrate"));
        QmpClient d = client("dst", scripted(List.of("{\"status\": \"active\"}"), "running"));
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(4444))
                .withDowntimeLimitMs(10L).withMaxBandwidthBytesPerSecond(10L << 30)
                .withCapabilities(Set.of(MigrationCapability.POSTCOPY_RAM, MigrationCapability.MULTIFD), 4)
                .withPollInterval(Duration.ofMillis(10));

        MigrationResult r = new MigrationRun(s, d, options).run();

        assertThat(src.requests()).extracting(q -> q.path("execute").asText()).containsSubsequence(
                "migrate-set-capabilities", "migrate-set-parameters", "migrate", "query-migrate",
                "migrate-start-postcopy", "query-migrate", "query-status");
        assertThat(dst.requests()).extracting(q -> q.path("execute").asText()).containsSubsequence(
                "migrate-set-capabilities", "migrate-set-parameters", "migrate-incoming");
        JsonNode caps = src.requests().get(1).path("arguments").path("capabilities");
        assertThat(caps).extracting(c -> c.path("capability").asText())
                .containsExactlyInAnyOrder("events", "postcopy-ram", "multifd");
        assertThat(dst.requests().get(1).path("arguments")).isEqualTo(src.requests().get(1).path("arguments"));
        JsonNode params = src.requests().get(2).path("arguments");
        assertThat(params.get("downtime-limit").asLong()).isEqualTo(10);
        assertThat(params.get("max-bandwidth").asLong()).isEqualTo(10L << 30);
        assertThat(params.get("multifd-channels").asInt()).isEqualTo(4);
        assertThat(dst.requests().get(2).path("arguments").get("multifd-channels").asInt()).isEqualTo(4);
        JsonNode incoming = dst.requests().stream().filter(q -> q.path("execute").asText().equals("migrate-incoming"))
                .findFirst().orElseThrow();
        assertThat(incoming.path("arguments").path("uri").asText()).isEqualTo("tcp:127.0.0.1:4444");

        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.totalMs()).isEqualTo(431);
        assertThat(r.downtimeMs()).isEqualTo(6);
        assertThat(r.setupMs()).isEqualTo(3);
        assertThat(r.transferredBytes()).isEqualTo(1000);
        assertThat(r.throughputMbps()).isEqualTo(901.25);
        assertThat(r.passes()).isEqualTo(3);
        assertThat(r.maxDirtyPagesRate()).isEqualTo(120);
        assertThat(r.samples()).extracting(x -> x.status())
                .containsExactly("setup", "active", "postcopy-active", "completed");
        assertThat(r.samples().get(1).expectedDowntimeMs()).isEqualTo(300);
        assertThat(r.sourceStateAfter()).isEqualTo("postmigrate");
        assertThat(r.destinationStateAfter()).isEqualTo("running");
        assertThat(r.events()).extracting(e -> e.side() + ":" + e.name() + ":" + e.detail())
                .contains("source:MIGRATION:setup");
    }

    @Test
    void completedWithoutTimesYetIsReReadUntilQemuHasComputedThem() throws Exception {
        // QEMU 7.2 flips the status to completed before computing total-time and downtime
        QmpClient s = client("src", scripted(List.of("{\"status\": \"active\"}",
                "{\"status\": \"completed\", \"total-time\": 0, \"ram\": {\"transferred\": 10}}",
                "{\"status\": \"completed\", \"total-time\": 0, \"ram\": {\"transferred\": 10}}",
                "{\"status\": \"completed\", \"total-time\": 2583, \"downtime\": 2, \"ram\": {\"transferred\": 10}}"),
                "postmigrate"));
        QmpClient d = client("dst", scripted(List.of("{}"), "running"));
        MigrationResult r = new MigrationRun(s, d, MigrationOptions.defaults(MigrationDestination.local(4444))
                .withPollInterval(Duration.ofMillis(10))).run();
        assertThat(r.totalMs()).isEqualTo(2583);
        assertThat(r.downtimeMs()).isEqualTo(2);
    }

    @Test
    void stopToResumeComesFromSourceStopAndDestinationResumeEvents() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        QmpClient s = client("src", (r, out) -> {
            switch (r.path("execute").asText()) {
                case "query-migrate" -> {
                    if (polls.getAndIncrement() == 0) {
                        out.send(FakeQmpServer.event("STOP", "{}", 4102444800L, 250_000));
                        out.send(FakeQmpServer.ok(r, "{\"status\": \"active\"}"));
                    } else {
                        out.send(FakeQmpServer.ok(r, "{\"status\": \"completed\", \"total-time\": 5, \"downtime\": 1}"));
                    }
                }
                case "query-status" -> out.send(FakeQmpServer.ok(r, "{\"status\": \"postmigrate\"}"));
                default -> out.send(FakeQmpServer.ok(r, "{}"));
            }
        });
        QmpClient d = client("dst", (r, out) -> {
            if (r.path("execute").asText().equals("query-status")) {
                out.send(FakeQmpServer.event("RESUME", "{}", 4102444800L, 262_500));
                out.send(FakeQmpServer.ok(r, "{\"status\": \"running\"}"));
            } else {
                out.send(FakeQmpServer.ok(r, "{}"));
            }
        });
        MigrationResult r = new MigrationRun(s, d, MigrationOptions.defaults(MigrationDestination.local(4444))
                .withPollInterval(Duration.ofMillis(10))).run();
        // events from far in the future: ms offsets near 1e12 keep ~1 µs of double precision
        assertThat(r.stopToResumeMs()).isCloseTo(12.5, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void failedIsTerminalAndCarriesQemuErrorText() throws Exception {
        QmpClient s = client("src", scripted(List.of("{\"status\": \"active\"}",
                "{\"status\": \"failed\", \"error-desc\": \"Unable to write to socket: Connection reset by peer\"}"),
                "running"));
        QmpClient d = client("dst", scripted(List.of("{}"), "inmigrate"));
        MigrationResult r = new MigrationRun(s, d, MigrationOptions.defaults(MigrationDestination.local(4444))
                .withPollInterval(Duration.ofMillis(10))).run();
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.errorDesc()).isEqualTo("Unable to write to socket: Connection reset by peer");
        assertThat(r.error()).hasValue(r.errorDesc());
        assertThat(r.downtimeMs()).isNull();
    }

    @Test
    void cancelledIsOnlyTerminalAfterOurOwnCancel() throws Exception {
        // a "cancelled" we did not ask for is not terminal: we keep polling until our timeout, then cancel
        QmpClient s = client("src", scripted(List.of("{\"status\": \"cancelled\"}"), "running"));
        QmpClient d = client("dst", scripted(List.of("{}"), "inmigrate"));
        MigrationResult r = new MigrationRun(s, d, MigrationOptions.defaults(MigrationDestination.local(4444))
                .withPollInterval(Duration.ofMillis(10)).withTimeout(Duration.ofMillis(200))).run();
        assertThat(r.timedOut()).isTrue();
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.wallClockMs()).isGreaterThanOrEqualTo(200.0);
        assertThat(src.requests()).extracting(q -> q.path("execute").asText()).contains("migrate_cancel");
    }

    @Test
    void refusedMigrateIsAnExceptionWithQemuText() throws Exception {
        QmpClient s = client("src", (r, out) -> {
            if (r.path("execute").asText().equals("migrate")) {
                out.send("{\"id\": " + r.get("id") + ", \"error\": {\"class\": \"GenericError\","
                        + " \"desc\": \"Failed to connect to '127.0.0.1:4444': Connection refused\"}}");
            } else {
                out.send(FakeQmpServer.ok(r, "{}"));
            }
        });
        QmpClient d = client("dst", scripted(List.of("{}"), "inmigrate"));
        assertThatThrownBy(() -> new MigrationRun(s, d, MigrationOptions.defaults(MigrationDestination.local(4444)))
                .run()).isInstanceOf(QmpErrorException.class).hasMessageContaining("Connection refused");
    }
}
