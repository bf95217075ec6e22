package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.testing.Fuzz;
import io.kvm4nfv.testing.Mutate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What QEMU may send, mutated: answers, errors, events and greetings with huge numbers, wrong
 * types, deep nesting and cut lines, delivered over an in-memory transport ahead of the real
 * answer. A hostile line may be ignored, answer the command or be an error answer — it must
 * never end the session, time a call out or reach a listener as a broken event.
 */
class QmpFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
            + " \"package\": \"Debian 1:7.2+dfsg-7+deb12u7\"}, \"capabilities\": [\"oob\"]}}";
    private static final List<String> MESSAGES = List.of(
            "{\"return\": {\"status\": \"active\", \"total-time\": 12, \"ram\": {\"transferred\": 4096}}, \"id\": \"ID\"}",
            "{\"error\": {\"class\": \"GenericError\", \"desc\": \"migration is disabled\"}, \"id\": \"ID\"}",
            "{\"event\": \"MIGRATION\", \"data\": {\"status\": \"completed\"}, \"timestamp\": {\"seconds\": 1700000000,"
                    + " \"microseconds\": 123456}}",
            "{\"timestamp\": {\"seconds\": 1700000001, \"microseconds\": 5}, \"event\": \"STOP\"}",
            "{\"event\": \"MIGRATION_PASS\", \"data\": {\"pass\": 3}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 1}}",
            "{\"return\": {}, \"id\": \"someone-else\"}", GREETING);
    private static final List<String> TOKENS = List.of("\"ID\"", "\"id\"", "\"event\"", "\"error\"", "\"return\"",
            "\"QMP\"", "\"timestamp\"", "\"seconds\"", "\"microseconds\"", "[", "{\"a\":", "99999999999999999999999999",
            "-9223372036854775808", "1e308", "31556889864403199", "-31557014167219200", "{\"seconds\": 1e19}");

    /** The monitor's side: the greeting, then per command the scripted lines and the real answer. */
    static final class ScriptedMonitor implements QmpTransport {
        private static final String EOF = "\u0000eof";
        private final BlockingQueue<String> toClient = new LinkedBlockingQueue<>();
        private final List<String> script;
        private volatile boolean scripted;

        ScriptedMonitor(List<String> greetingLines, List<String> script) {
            toClient.addAll(greetingLines);
            this.script = script;
        }

        @Override
        public String readLine() throws IOException {
            try {
                String line = toClient.take();
                return line.equals(EOF) ? null : line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void writeLine(String line) throws IOException {
            JsonNode request = JSON.readTree(line);
            String id = request.get("id").asText();
            if (!request.get("execute").asText().equals("qmp_capabilities") && !scripted) {
                scripted = true; // the hostile lines come once, before the first command's answer
                script.forEach(s -> toClient.add(s.replace("\"ID\"", "\"" + id + "\"")));
            }
            toClient.add("{\"return\": {\"status\": \"real\"}, \"id\": \"" + id + "\"}");
        }

        @Override
        public String describe() {
            return "scripted monitor";
        }

        @Override
        public void close() {
            toClient.add(EOF);
        }
    }

    static List<String> hostileLines(Random r) {
        List<String> lines = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            String line = Mutate.text(r, MESSAGES.get(r.nextInt(MESSAGES.size())), TOKENS);
            lines.addAll(List.of(line.split("\n")));
        }
        return lines;
    }

    @Test
    void hostileRepliesAndEventsNeverEndTheSession() {
        Fuzz.property("qmp replies", 600).showing(lines -> String.valueOf(lines).replace(", ", "\n"))
                .forAll(QmpFuzzTest::hostileLines, lines -> {
                    List<QmpEvent> events = new CopyOnWriteArrayList<>();
                    try (QmpClient client = QmpClient.connect(new ScriptedMonitor(List.of(GREETING), lines),
                            Duration.ofMillis(1500))) {
                        client.addEventListener(events::add);
                        try {
                            JsonNode answer = client.execute("query-migrate", null, Duration.ofMillis(1500));
                            assertThat(answer).isNotNull();
                        } catch (QmpErrorException e) {
                            assertThat(e.getMessage()).startsWith("QMP query-migrate failed: ");
                        }
                        assertThat(client.isOpen()).as("session still open").isTrue();
                        // the session still works after whatever came
                        assertThat(client.execute("query-status").path("status").asText()).isEqualTo("real");
                    }
                    assertThat(events).allSatisfy(e -> assertThat(e.timestamp()).isNotNull());
                });
    }

    @Test
    void hostileGreetingsConnectOrFailAsQmpErrors() {
        Fuzz.property("qmp greeting", 400).showing(lines -> String.valueOf(lines).replace(", ", "\n"))
                .forAll(r -> {
                    List<String> lines = new ArrayList<>(List.of(Mutate.text(r, GREETING, TOKENS).split("\n")));
                    lines.add(GREETING);
                    return lines;
                }, lines -> {
                    try (QmpClient client = QmpClient.connect(new ScriptedMonitor(lines, List.of()),
                            Duration.ofMillis(1500))) {
                        assertThat(client.greeting()).isNotNull();
                        assertThat(client.greeting().version()).isNotNull();
                        assertThat(client.isOpen()).isTrue();
                    }
                });
    }

    @Test
    void anEventTimeOutsideInstantsRangeIsTheTimeItWasReadAndTheSessionGoesOn() {
        // found by hostileRepliesAndEventsNeverEndTheSession: Instant.ofEpochSecond threw on the
        // reader thread, which ended the session ("Instant exceeds minimum or maximum instant")
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        java.time.Instant before = java.time.Instant.now();
        try (QmpClient client = QmpClient.connect(new ScriptedMonitor(List.of(GREETING), List.of(
                "{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 99999999999999999, \"microseconds\": 5}}",
                "{\"event\": \"RESUME\", \"timestamp\": {\"seconds\": 1700000000, \"microseconds\": -1}}",
                "{\"event\": \"MIGRATION\", \"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 250}}")),
                Duration.ofSeconds(5))) {
            client.addEventListener(events::add);
            assertThat(client.execute("query-migrate").path("status").asText()).isEqualTo("real");
            assertThat(client.isOpen()).isTrue();
        }
        assertThat(events).extracting(QmpEvent::name).containsExactly("STOP", "RESUME", "MIGRATION");
        assertThat(events.get(0).timestamp()).isAfterOrEqualTo(before);
        assertThat(events.get(1).timestamp()).isAfterOrEqualTo(before);
        assertThat(events.get(2).timestamp()).isEqualTo(java.time.Instant.ofEpochSecond(1700000000, 250_000));
    }
}
