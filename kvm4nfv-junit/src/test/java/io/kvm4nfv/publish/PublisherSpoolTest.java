package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.measure.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublisherSpoolTest {

    @TempDir
    Path tmp;

    /** A dispatcher that records what it received and fails while told to. */
    static final class FakeDispatcher implements Dispatcher {
        final List<String> received = new ArrayList<>();
        final List<String> runs = new ArrayList<>();
        boolean down;
        boolean refuse;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void dispatch(ResultRecord record, RunInfo run) throws RecordNotDeliveredException {
            if (refuse) {
                throw new RecordNotDeliveredException("fake refused " + record.caseName(), false);
            }
            if (down) {
                throw new RecordNotDeliveredException("fake is down", true);
            }
            received.add(record.caseName());
            runs.add(run.taskId());
        }
    }

    private PublishOptions options() {
        return PublishOptions.defaults(tmp.resolve("results")).withDispatchers(EnumSet.noneOf(DispatcherType.class))
                .withSpoolDir(tmp.resolve("spool"));
    }

    private static List<Path> spoolFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void downDispatcherSpoolsOneFilePerResultAndTheNextPublishResendsThemInOrder() throws IOException {
        FakeDispatcher fake = new FakeDispatcher();
        Publisher publisher = new Publisher(options(), PublishFixtures.RUN, List.of(fake));
        fake.down = true;
        DispatchReport r1 = publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        DispatchReport r2 = publisher.publish(PublishFixtures.record("b", "Idle-Idle", Criteria.FAIL));
        assertThat(r1.outcome("fake")).extracting("sent", "spooled", "resent", "pending").containsExactly(0, 1, 0, 1);
        assertThat(r2.outcome("fake")).extracting("sent", "spooled", "resent", "pending").containsExactly(0, 2, 0, 2);
        assertThat(r2.outcome("fake").errors()).containsExactly("fake is down");
        assertThat(spoolFiles(tmp.resolve("spool/fake"))).hasSize(2);
        // both results are in the local file whatever the dispatcher did
        assertThat(Files.readAllLines(publisher.resultsFile())).hasSize(2);

        fake.down = false;
        DispatchReport r3 = publisher.publish(PublishFixtures.record("c", "Idle-Idle", Criteria.PASS));
        assertThat(fake.received).containsExactly("a", "b", "c");
        assertThat(r3.outcome("fake")).extracting("sent", "spooled", "resent", "pending").containsExactly(1, 2, 2, 0);
        assertThat(r3.allDelivered()).isTrue();
        assertThat(spoolFiles(tmp.resolve("spool/fake"))).isEmpty();
        assertThat(r3.summary()).isEqualTo("fake: sent 1, spooled 2, re-sent 2, rejected 0, pending 0 (last error: fake is down)");
        List<String> notes = new ArrayList<>();
        Map<String, String> attachments = new java.util.HashMap<>();
        r3.showIn(new io.kvm4nfv.report.Journal() {
            @Override
            public <T> T step(String name, java.util.concurrent.Callable<T> body) throws Exception {
                return body.call();
            }

            @Override
            public void attach(String name, String mimeType, String fileExtension, byte[] content) {
                attachments.put(name, new String(content, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        });
        assertThat(notes).containsExactly("results dispatch: " + r3.summary());
        assertThat(attachments.get("dispatch report"))
                .isEqualTo("fake: sent 1, spooled 2, re-sent 2, rejected 0, pending 0\n  error: fake is down\n");
    }

    @Test
    void theNextRunResendsWhatThisRunSpooledKeepingItsRunInfo() {
        FakeDispatcher first = new FakeDispatcher();
        first.down = true;
        Publisher run1 = new Publisher(options(), PublishFixtures.RUN, List.of(first));
        run1.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        run1.close();

        FakeDispatcher second = new FakeDispatcher();
        RunInfo nextRun = new RunInfo("task-2", "local", null, null, null);
        Publisher run2 = new Publisher(options(), nextRun, List.of(second));
        assertThat(run2.report().outcome("fake").pending()).isEqualTo(1);
        DispatchReport flushed = run2.flush();
        assertThat(second.received).containsExactly("a");
        assertThat(second.runs).containsExactly("task-1");
        assertThat(flushed.outcome("fake")).extracting("resent", "pending").containsExactly(1, 0);
    }

    @Test
    void flushWhileStillDownKeepsEverythingPending() {
        FakeDispatcher fake = new FakeDispatcher();
        fake.down = true;
        Publisher publisher = new Publisher(options(), PublishFixtures.RUN, List.of(fake));
        publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        publisher.publish(PublishFixtures.record("b", "Idle-Idle", Criteria.PASS));
        DispatchReport report = publisher.flush();
        assertThat(report.outcome("fake")).extracting("resent", "pending").containsExactly(0, 2);
        assertThat(report.allDelivered()).isFalse();
    }

    @Test
    void refusedResultIsKeptInRejectedAndDoesNotBlockTheOthers() throws IOException {
        FakeDispatcher fake = new FakeDispatcher();
        fake.refuse = true;
        Publisher publisher = new Publisher(options(), PublishFixtures.RUN, List.of(fake));
        DispatchReport r = publisher.publish(PublishFixtures.record("bad", "Idle-Idle", Criteria.PASS));
        assertThat(r.outcome("fake")).extracting("rejected", "pending").containsExactly(1, 0);
        assertThat(spoolFiles(tmp.resolve("spool/fake/rejected"))).hasSize(1);
        fake.refuse = false;
        publisher.publish(PublishFixtures.record("good", "Idle-Idle", Criteria.PASS));
        assertThat(fake.received).containsExactly("good");
    }

    @Test
    void failOnDispatchErrorThrowsAfterKeepingTheResult() throws IOException {
        FakeDispatcher fake = new FakeDispatcher();
        fake.down = true;
        Publisher publisher = new Publisher(options().withFailOnDispatchError(true), PublishFixtures.RUN, List.of(fake));
        assertThatThrownBy(() -> publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS)))
                .isInstanceOf(DispatchFailedException.class)
                .hasMessageContaining("fake: sent 0, spooled 1")
                .satisfies(e -> assertThat(((DispatchFailedException) e).report().outcome("fake").pending()).isEqualTo(1));
        assertThat(Files.readAllLines(publisher.resultsFile())).hasSize(1);
        assertThat(spoolFiles(tmp.resolve("spool/fake"))).hasSize(1);
    }

    @Test
    void spooledItemRoundTripsWithNumbersAsNumbers() throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        ResultRecord record = PublishFixtures.record("a", "Memory_stress-Idle", Criteria.FAIL);
        Path file = spool.add("influxdb", record, PublishFixtures.RUN);
        JsonNode json = ResultsFile.JSON.readTree(file.toFile());
        assertThat(json.at("/record/measurements/0/fields/max").isNumber()).isTrue();
        assertThat(json.at("/record/details/aggregate/maxUs").isNumber()).isTrue();
        Spool.Item item = spool.pending("influxdb").get(0);
        // same JSON (the tree's node classes may differ: IntNode read back for a LongNode written)
        assertThat(ResultsFile.JSON.writeValueAsString(item.record())).isEqualTo(ResultsFile.JSON.writeValueAsString(record));
        assertThat(item.record().measurements()).isEqualTo(record.measurements());
        assertThat(item.run()).isEqualTo(PublishFixtures.RUN);
    }

    @Test
    void unwritableResultsDirectoryIsAClearErrorNamingThePath() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        Path results = notADirectory.resolve("results");
        PublishOptions options = PublishOptions.defaults(results).withSpoolDir(tmp.resolve("spool"));
        assertThatThrownBy(() -> Publisher.create(options, PublishFixtures.RUN))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("results directory " + results.toAbsolutePath() + " is not writable");
    }

    @Test
    void unwritableSpoolIsAClearErrorNamingThePath() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        FakeDispatcher fake = new FakeDispatcher();
        fake.down = true;
        Publisher publisher = new Publisher(options().withSpoolDir(notADirectory), PublishFixtures.RUN, List.of(fake));
        assertThatThrownBy(() -> publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("spool directory " + notADirectory.resolve("fake"));
        assertThat(Files.readAllLines(publisher.resultsFile())).hasSize(1);
    }

    @Test
    void passwordComesFromTheNamedVariableAndNeverAppears() {
        String secret = "s3cr3t-Pa55";
        PublishOptions options = options().withInflux(URI.create("http://127.0.0.1:9"), "kvm", "admin", "KVM4NFV_INFLUX_PASSWORD");
        assertThat(options.toString()).contains("KVM4NFV_INFLUX_PASSWORD").doesNotContain(secret);
        assertThatThrownBy(() -> Publisher.create(options, PublishFixtures.RUN, Map.<String, String>of()::get))
                .hasMessage("environment variable KVM4NFV_INFLUX_PASSWORD (the InfluxDB password) is not set");
        Publisher publisher = Publisher.create(options.withTimeoutMs(2000), PublishFixtures.RUN,
                Map.of("KVM4NFV_INFLUX_PASSWORD", secret)::get);
        DispatchReport report = publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        assertThat(report.outcome("influxdb").spooled()).isEqualTo(1);
        assertThat(report.summary()).contains("InfluxDB http://127.0.0.1:9 database 'kvm' unreachable").doesNotContain(secret);
        assertThatThrownBy(() -> new InfluxDispatcher(URI.create("http://admin:" + secret + "@127.0.0.1:9"), "kvm", null, null,
                java.time.Duration.ofSeconds(1)))
                .hasMessageNotContaining(secret);
    }

    @Test
    void optionsFromConfigurationKeys() {
        Map<String, String> conf = Map.of(
                "kvm4nfv.publish.dispatchers", "file, influxdb,http",
                "kvm4nfv.publish.influxdb.url", "http://127.0.0.1:8086",
                "kvm4nfv.publish.influxdb.db", "kvmfornfv",
                "kvm4nfv.publish.influxdb.user", "admin",
                "kvm4nfv.publish.influxdb.passwordEnv", "INFLUX_PW",
                "kvm4nfv.publish.http.url", "http://127.0.0.1:8000/api/v1/results",
                "kvm4nfv.publish.failOnDispatchError", "true",
                "kvm4nfv.publish.spoolDir", "/var/spool/kvm4nfv");
        PublishOptions o = PublishOptions.from(conf::get, Path.of("target/kvm4nfv-results"));
        assertThat(o.dispatchers()).containsExactly(DispatcherType.FILE, DispatcherType.INFLUXDB, DispatcherType.HTTP);
        assertThat(o.resultsDir()).isEqualTo(Path.of("target/kvm4nfv-results"));
        assertThat(o.spoolDir()).isEqualTo(Path.of("/var/spool/kvm4nfv"));
        assertThat(o.failOnDispatchError()).isTrue();
        assertThat(o.timeoutMs()).isEqualTo(10_000);
        assertThat(PublishOptions.from(Map.<String, String>of()::get, Path.of("r")).dispatchers())
                .containsExactly(DispatcherType.FILE);
        assertThatThrownBy(() -> PublishOptions.from(Map.of("kvm4nfv.publish.dispatchers", "influxdb")::get, Path.of("r")))
                .hasMessageContaining("influxdb.url is required").hasMessageContaining("influxdb.db is required");
        assertThatThrownBy(() -> PublishOptions.from(Map.of("kvm4nfv.publish.dispatchers", "kafka")::get, Path.of("r")))
                .hasMessageContaining("unknown dispatcher 'kafka'");
    }
}
