package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real InfluxDB 1.x ({@code influxd} from the Debian package) for tests: its own config,
 * meta, data and WAL directories in a temp dir, HTTP and RPC bound to free loopback ports,
 * authentication on with one admin user. Stops only the process it started.
 */
final class InfluxDbServer implements AutoCloseable {

    static final String ADMIN = "admin";

    private final Path dir;
    private final String adminPassword;
    private final int httpPort;
    private final int rpcPort;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    InfluxDbServer(Path dir, String adminPassword) throws IOException {
        this.dir = dir;
        this.adminPassword = adminPassword;
        this.httpPort = freePort();
        this.rpcPort = freePort();
        String conf = """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s"
                [data]
                  dir = "%s"
                  wal-dir = "%s"
                  query-log-enabled = false
                [http]
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = true
                  log-enabled = false
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(rpcPort, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort);
        Files.writeString(dir.resolve("influxdb.conf"), conf);
    }

    static boolean installed() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(p, "influxd"))) {
                return true;
            }
        }
        return false;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    long pid() {
        return process.pid();
    }

    /** Starts influxd and waits until {@code /ping} answers. */
    void start() throws IOException {
        process = new ProcessBuilder("influxd", "-config", dir.resolve("influxdb.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("influxd exited with " + process.exitValue() + ", see "
                                + dir.resolve("influxd.log"));
                    }
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url().resolve("/ping")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return r.statusCode() == 204;
                });
    }

    /** Stops the influxd this object started (SIGTERM, then SIGKILL after 20 s). */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Creates the admin user (allowed without auth while there is no user). */
    void createAdmin() throws Exception {
        post("CREATE USER " + ADMIN + " WITH PASSWORD '" + adminPassword + "' WITH ALL PRIVILEGES", false);
    }

    JsonNode execute(String statement) throws Exception {
        return post(statement, true);
    }

    private JsonNode post(String statement, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve("/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)));
        if (auth) {
            b.header("Authorization", basic());
        }
        return check(statement, client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** {@code GET /query?db=…&q=…} as admin. */
    JsonNode query(String db, String q) throws Exception {
        URI uri = url().resolve("/query?db=" + URLEncoder.encode(db, StandardCharsets.UTF_8) + "&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", basic()).GET().build();
        return check(q, client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode check(String q, HttpResponse<String> r) throws IOException {
        JsonNode json = ResultsFile.JSON.readTree(r.body());
        if (r.statusCode() != 200 || json.has("error") || json.at("/results/0").has("error")) {
            throw new IllegalStateException("InfluxDB refused '" + q + "': HTTP " + r.statusCode() + " " + r.body());
        }
        return json;
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
