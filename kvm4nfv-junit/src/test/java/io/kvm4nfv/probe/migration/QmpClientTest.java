package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QmpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private Path dir;
    private FakeQmpServer server;

    @BeforeEach
    void makeDir() throws Exception {
        dir = QemuProcess.shortTempDir();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
        QemuProcess.deleteDir(dir);
    }

    private QmpClient connect(boolean greet, BiConsumer<JsonNode, FakeQmpServer.Out> handler, Duration timeout)
            throws Exception {
        Path sock = dir.resolve("q.sock");
        server = FakeQmpServer.unix(sock, greet, handler);
        return QmpClient.connect(SocketQmpTransport.unix(sock, TIMEOUT), timeout);
    }

    @Test
    void readsGreetingThenNegotiatesCapabilitiesFirst() throws Exception {
        try (QmpClient c = connect(true, (r, out) -> out.send(FakeQmpServer.ok(r, "{\"status\": \"running\"}")),
                TIMEOUT)) {
            assertThat(c.greeting().version()).isEqualTo("7.2.22");
            assertThat(c.greeting().packageName()).startsWith("Debian");
            assertThat(c.greeting().capabilities()).containsExactly("oob");
            assertThat(c.execute("query-status").path("status").asText()).isEqualTo("running");
            assertThat(server.requests()).extracting(r -> r.path("execute").asText())
                    .containsExactly("qmp_capabilities", "query-status");
            assertThat(server.requests()).extracting(r -> r.path("id").asText()).doesNotHaveDuplicates();
        }
    }

    @Test
    void sendsArgumentsAsJson() throws Exception {
        try (QmpClient c = connect(true, (r, out) -> out.send(FakeQmpServer.ok(r, "{}")), TIMEOUT)) {
            c.execute("migrate-set-parameters", Map.of("downtime-limit", 10, "max-bandwidth", 10L << 30));
            JsonNode args = server.requests().get(1).get("arguments");
            assertThat(args.get("downtime-limit").isNumber()).isTrue();
            assertThat(args.get("max-bandwidth").asLong()).isEqualTo(10L << 30);
        }
    }

    @Test
    void matchesAnswersToCallersByIdEvenOutOfOrder() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        List<JsonNode> held = new CopyOnWriteArrayList<>();
        BiConsumer<JsonNode, FakeQmpServer.Out> handler = (r, out) -> {
            held.add(r);
            both.countDown();
            if (held.size() == 2) {
                // answer the second request first, then the first
                for (JsonNode h : List.of(held.get(1), held.get(0))) {
                    String cmd = h.path("execute").asText();
                    out.send(FakeQmpServer.ok(h, "{\"echo\": \"" + cmd + "\"}"));
                }
            }
        };
        try (QmpClient c = connect(true, handler, TIMEOUT)) {
            CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> c.execute("cmd-a"));
            CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> c.execute("cmd-b"));
            assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(a.get(5, TimeUnit.SECONDS).path("echo").asText()).isEqualTo("cmd-a");
            assertThat(b.get(5, TimeUnit.SECONDS).path("echo").asText()).isEqualTo("cmd-b");
        }
    }

    @Test
    void deliversInterleavedEventsWithQemuTimestamps() throws Exception {
        List<QmpEvent> seen = new CopyOnWriteArrayList<>();
        BiConsumer<JsonNode, FakeQmpServer.Out> handler = (r, out) -> {
            out.send(FakeQmpServer.event("MIGRATION", "{\"status\": \"setup\"}", 1795622750, 913030));
            out.send(FakeQmpServer.event("STOP", "{}", 1795622751, 5));
            out.send(FakeQmpServer.ok(r, "{}"));
            out.send(FakeQmpServer.event("MIGRATION_PASS", "{\"pass\": 1}", 1795622751, 146534));
        };
        try (QmpClient c = connect(true, handler, TIMEOUT)) {
            c.addEventListener(seen::add);
            c.execute("migrate", Map.of("uri", "tcp:127.0.0.1:1"));
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> seen.size() == 3);
        }
        assertThat(seen).extracting(QmpEvent::name).containsExactly("MIGRATION", "STOP", "MIGRATION_PASS");
        assertThat(seen.get(0).dataText("status")).isEqualTo("setup");
        assertThat(seen.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1795622750, 913_030_000));
        assertThat(seen.get(1).data().isObject()).isTrue();
        assertThat(seen.get(2).dataText("pass")).isEqualTo("1");
    }

    @Test
    void errorAnswerBecomesTypedExceptionWithQemuText() throws Exception {
        BiConsumer<JsonNode, FakeQmpServer.Out> handler = (r, out) -> out.send("{\"id\": " + r.get("id")
                + ", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command migrate_set_speed has not been found\"}}");
        try (QmpClient c = connect(true, handler, TIMEOUT)) {
            assertThatThrownBy(() -> c.execute("migrate_set_speed", Map.of("value", 1)))
                    .isInstanceOfSatisfying(QmpErrorException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo("CommandNotFound");
                        assertThat(e.description()).isEqualTo("The command migrate_set_speed has not been found");
                        assertThat(e.command()).isEqualTo("migrate_set_speed");
                    })
                    .hasMessageContaining("migrate_set_speed has not been found");
        }
    }

    @Test
    void callTimesOutAndTheLateAnswerDoesNotConfuseTheNextCall() throws Exception {
        List<JsonNode> slow = new CopyOnWriteArrayList<>();
        BiConsumer<JsonNode, FakeQmpServer.Out> handler = (r, out) -> {
            if ("slow".equals(r.path("execute").asText())) {
                slow.add(r);
            } else {
                for (JsonNode s : slow) {
                    out.send(FakeQmpServer.ok(s, "{\"late\": true}"));
                }
                out.send(FakeQmpServer.ok(r, "{\"late\": false}"));
            }
        };
        try (QmpClient c = connect(true, handler, TIMEOUT)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.execute("slow", null, Duration.ofMillis(300)))
                    .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("slow").hasMessageContaining("300 ms");
            assertThat((System.nanoTime() - t0) / 1e6).isBetween(290.0, 3000.0);
            assertThat(c.execute("fast").path("late").asBoolean()).isFalse();
        }
    }

    @Test
    void noGreetingTimesOut() throws Exception {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> connect(false, (r, out) -> { }, Duration.ofMillis(300)))
                .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("greeting");
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(3000);
    }

    @Test
    void lostConnectionFailsPendingAndLaterCalls() throws Exception {
        BiConsumer<JsonNode, FakeQmpServer.Out> handler = (r, out) -> out.hangUp();
        try (QmpClient c = connect(true, handler, TIMEOUT)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.execute("query-migrate")).isInstanceOf(QmpConnectionClosedException.class);
            assertThat((System.nanoTime() - t0) / 1e6).isLessThan(TIMEOUT.toMillis());
            assertThat(c.isOpen()).isFalse();
            assertThatThrownBy(() -> c.execute("query-status")).isInstanceOf(QmpConnectionClosedException.class);
        }
    }

    @Test
    void worksOverTcpToo() throws Exception {
        server = FakeQmpServer.tcp(true, (r, out) -> out.send(FakeQmpServer.ok(r, "{\"status\": \"paused\"}")));
        try (QmpClient c = QmpClient.connect(SocketQmpTransport.tcp("127.0.0.1", server.port(), TIMEOUT), TIMEOUT)) {
            assertThat(c.describe()).startsWith("tcp:127.0.0.1:");
            assertThat(c.execute("query-status").path("status").asText()).isEqualTo("paused");
        }
    }

    @Test
    void unixSocketThatNeverAppearsFailsAfterTheWait() {
        Path missing = dir.resolve("none.sock");
        assertThatThrownBy(() -> SocketQmpTransport.unix(missing, Duration.ofMillis(200)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining(missing.toString());
    }
}
