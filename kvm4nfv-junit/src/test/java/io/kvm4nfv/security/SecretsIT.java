package io.kvm4nfv.security;

import com.sun.net.httpserver.HttpServer;
import io.kvm4nfv.fault.ChildLauncherMain;
import io.kvm4nfv.fault.FaultLab;
import io.kvm4nfv.fault.LabProcesses;
import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.publish.DispatchReport;
import io.kvm4nfv.publish.PublishOptions;
import io.kvm4nfv.publish.Publisher;
import io.kvm4nfv.publish.ResultRecord;
import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.result.CyclictestResult;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret in any log or report: an example-like class (host setup, cyclictest in the
 * guest, the result published to InfluxDB with a password from an environment variable)
 * runs in a child JVM with our code logging at debug level, the Allure results written.
 * Then its whole log, the Allure results, the results folder and the lab's logs are
 * searched for the lab's private key (every line of its body) and for the password. The
 * password must have reached the InfluxDB server (proof that it was in use).
 */
class SecretsIT {

    static final String PASSWORD_ENV = "SECRETS_IT_INFLUX_PASSWORD";

    @TempDir
    Path temp;

    /** Runs in the child JVM: what a user's test class does, plus an Allure test case around it. */
    @Kvm4nfvTest
    @HostSetup("host-setup0.sh")
    static class ExampleLike {
        private String uuid;

        @BeforeEach
        void startAllure(TestInfo info) {
            uuid = UUID.randomUUID().toString();
            Allure.getLifecycle().scheduleTestCase(new TestResult().setUuid(uuid).setName(info.getDisplayName())
                    .setFullName(info.getDisplayName()));
            Allure.getLifecycle().startTestCase(uuid);
        }

        @AfterEach
        void stopAllure() {
            Allure.getLifecycle().updateTestCase(uuid, r -> r.setStatus(Status.PASSED));
            Allure.getLifecycle().stopTestCase(uuid);
            Allure.getLifecycle().writeTestCase(uuid);
        }

        @Test
        // what is judged here is what gets written, not latency: bounds no loaded machine misses
        @Cyclictest(loops = 500, avgUs = 1e9, maxUs = 1e9)
        void idleIdle(CyclictestResult result) {
            Instant now = Instant.now();
            PublishOptions options = PublishOptions.from(System::getProperty, Path.of("target/kvm4nfv-results"));
            try (Publisher publisher = Publisher.create(options, RunInfo.fromEnvironment("local", System::getenv))) {
                DispatchReport report = publisher.publish(ResultRecord.cyclictest("idle_idle", result, Criteria.PASS,
                        now.minusSeconds(1), now, publisher.run()));
                assertThat(report.toString()).doesNotContain(System.getenv(PASSWORD_ENV));
            }
        }
    }

    @Test
    void neitherThePrivateKeyNorTheInfluxPasswordAppearsInLogsOrReports() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer influx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        influx.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        influx.start();
        Path labs = temp.resolve("labs");
        Path results = temp.resolve("results");
        Path allure = temp.resolve("allure-results");
        Path log = temp.resolve("child.log");
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dkvm4nfv.lab.dir=" + labs,
                    "-Dkvm4nfv.config.dir=" + FaultLab.configDir(),
                    "-Dkvm4nfv.lab.accel=tcg",
                    "-Dorg.slf4j.simpleLogger.log.io.kvm4nfv=debug",
                    "-Dallure.results.directory=" + allure,
                    "-Dkvm4nfv.publish.dispatchers=file,influxdb",
                    "-Dkvm4nfv.publish.resultsDir=" + results,
                    "-Dkvm4nfv.publish.influxdb.url=http://127.0.0.1:" + influx.getAddress().getPort(),
                    "-Dkvm4nfv.publish.influxdb.db=yardstick",
                    "-Dkvm4nfv.publish.influxdb.user=opnfv",
                    "-Dkvm4nfv.publish.influxdb.passwordEnv=" + PASSWORD_ENV,
                    "-Dkvm4nfv.publish.failOnDispatchError=true",
                    ChildLauncherMain.class.getName(), ExampleLike.class.getName(),
                    "kvm4nfv.publish.resultsDir=" + results)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put(PASSWORD_ENV, password);
            Process child = builder.start();
            assertThat(child.waitFor(4, TimeUnit.MINUTES)).as("child finished").isTrue();
            assertThat(child.exitValue()).as("the example-like class passed; log:%n%s", Files.readString(log)).isZero();
        } finally {
            influx.stop(0);
        }

        String expected = "Basic " + Base64.getEncoder().encodeToString(("opnfv:" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).as("InfluxDB got the password").contains(expected);

        List<String> keyLines = privateKeyBodyLines(labs);
        assertThat(keyLines).as("the lab's private key was found").isNotEmpty();
        List<Path> searched = new ArrayList<>();
        searched.add(log);
        searched.addAll(files(allure));
        searched.addAll(files(results));
        try (Stream<Path> labDirs = Files.list(labs)) {
            for (Path lab : labDirs.toList()) {
                searched.addAll(files(lab.resolve("logs")));
            }
        }
        assertThat(files(allure)).as("Allure results were written").isNotEmpty();
        assertThat(Files.readString(log)).as("our code logged at debug level").contains("DEBUG io.kvm4nfv");
        for (Path file : searched) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            assertThat(text).as("%s must not contain the InfluxDB password", file).doesNotContain(password)
                    .doesNotContain(expected.substring("Basic ".length()));
            for (String line : keyLines) {
                assertThat(text).as("%s must not contain the private key", file).doesNotContain(line);
            }
            assertThat(text).as(file.toString()).doesNotContain("PRIVATE KEY-----");
        }
        System.out.printf("secrets: %d files (%d bytes) searched for the password and %d private-key lines: none found%n",
                searched.size(), searched.stream().mapToLong(SecretsIT::size).sum(), keyLines.size());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(LabProcesses.under(labs)).isEmpty());
    }

    private static List<String> privateKeyBodyLines(Path labs) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : files(labs)) {
            if (f.toString().contains("/keys/") || f.toString().contains("/sshd/")) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                if (text.contains("PRIVATE KEY-----")) {
                    text.lines().filter(l -> !l.startsWith("-----") && l.length() >= 16).forEach(lines::add);
                }
            }
        }
        return lines;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
