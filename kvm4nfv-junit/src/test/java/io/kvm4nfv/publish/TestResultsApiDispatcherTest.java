package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The http dispatcher against a real HTTP server on loopback. */
class TestResultsApiDispatcherTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/results", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int code = status.get();
            if (code == 200) {
                bodies.add(ResultsFile.JSON.readTree(body));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            byte[] answer = (code == 200 ? "{\"href\":\"ok\"}" : "{\"message\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/results");
    }

    /** A publisher with only the http dispatcher, to {@link #url()}. */
    private Publisher httpPublisher() {
        return Publisher.create(PublishOptions.defaults(tmp.resolve("results"))
                .withDispatchers(EnumSet.noneOf(DispatcherType.class)).withHttp(url()).withSpoolDir(tmp.resolve("spool")),
                PublishFixtures.RUN);
    }

    @Test
    void postsTheTestResultsApiDocument() {
        Publisher publisher = httpPublisher();
        DispatchReport report = publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.FAIL));
        assertThat(report.outcome("http").sent()).isEqualTo(1);
        assertThat(bodies).hasSize(1);
        JsonNode b = bodies.get(0);
        assertThat(contentTypes.get(0)).isEqualTo("application/json");
        assertThat(b.get("project_name").asText()).isEqualTo("kvmfornfv");
        assertThat(b.get("case_name").asText()).isEqualTo("cyclictest_idle_idle");
        assertThat(b.get("pod_name").asText()).isEqualTo("local");
        assertThat(b.get("installer").asText()).isEqualTo("none");
        assertThat(b.get("version").asText()).isEqualTo("0.1.0");
        assertThat(b.get("scenario").asText()).isEqualTo("os-nosdn-kvm-noha");
        assertThat(b.get("criteria").asText()).isEqualTo("FAIL");
        assertThat(b.get("build_tag").asText()).isEqualTo("task-1");
        assertThat(b.get("start_date").asText()).isEqualTo("2026-11-25 10:00:00");
        assertThat(b.get("stop_date").asText()).isEqualTo("2026-11-25 10:10:00");
        assertThat(b.at("/details/aggregate/maxUs").isNumber()).isTrue();
        assertThat(b.at("/details/aggregate/maxUs").asLong()).isEqualTo(150);
        assertThat(b.at("/details/aggregate/avgUs").asDouble()).isEqualTo(4.437);
        assertThat(b.at("/details/threads")).hasSize(2);
    }

    @Test
    void serverErrorSpoolsAndTheResultArrivesOnceTheServerRecovers() {
        Publisher publisher = httpPublisher();
        status.set(503);
        DispatchReport down = publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        assertThat(down.outcome("http")).extracting("sent", "spooled", "pending").containsExactly(0, 1, 1);
        assertThat(down.outcome("http").errors().get(0)).contains("answered HTTP 503").contains("unavailable");
        status.set(200);
        DispatchReport flushed = publisher.flush();
        assertThat(flushed.outcome("http")).extracting("resent", "pending").containsExactly(1, 0);
        assertThat(bodies).extracting(n -> n.get("case_name").asText()).containsExactly("a");
    }

    @Test
    void aTestsOwnScenarioIsTheScenarioPostedAlsoAfterTheSpool() {
        Publisher publisher = httpPublisher();
        status.set(503);
        publisher.publish(PublishFixtures.record("own", "Idle-Idle", Criteria.PASS, PublishFixtures.SCENARIO));
        status.set(200);
        publisher.publish(PublishFixtures.record("run", "Idle-Idle", Criteria.PASS));
        assertThat(bodies).extracting(n -> n.get("case_name").asText() + " " + n.get("scenario").asText())
                .containsExactly("own " + PublishFixtures.SCENARIO, "run os-nosdn-kvm-noha");
    }

    @Test
    void badRequestIsRejectedNotRetried() {
        Publisher publisher = httpPublisher();
        status.set(400);
        DispatchReport report = publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        assertThat(report.outcome("http")).extracting("rejected", "pending").containsExactly(1, 0);
    }
}
