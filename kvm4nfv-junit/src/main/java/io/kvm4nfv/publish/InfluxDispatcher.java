package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.RunInfo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Writes a record's points to InfluxDB 1.x: {@code POST <url>/write?db=<db>&precision=ns}
 * with the line protocol as body and, when a user is set, HTTP basic auth (the password is
 * never logged nor put in a message; {@link #toString()} leaves it out). 204 means written.
 * 400 (a point InfluxDB cannot parse or a field type conflict) is not retryable; any other
 * status or an I/O error is.
 */
public final class InfluxDispatcher implements Dispatcher {

    private final URI baseUrl;
    private final String database;
    private final String user;
    private final String password;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param baseUrl  e.g. {@code http://127.0.0.1:8086} (no credentials in it)
     * @param database the database
     * @param user     user for basic auth, or {@code null} for none
     * @param password the password (from the environment variable the options name), or {@code null}
     * @param timeout  connect and request timeout
     */
    public InfluxDispatcher(URI baseUrl, String database, String user, String password, Duration timeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getUserInfo() != null) {
            throw new IllegalArgumentException("put the InfluxDB user in the options, not in the URL " + Redact.uri(baseUrl));
        }
        this.database = Objects.requireNonNull(database, "database");
        this.user = user;
        this.password = password;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "influxdb";
    }

    @Override
    public void dispatch(ResultRecord record, RunInfo run) throws RecordNotDeliveredException {
        if (record.measurements().isEmpty()) {
            return;
        }
        String body = InfluxLineProtocol.lines(record.measurements());
        String base = baseUrl.toString().replaceAll("/+$", "");
        URI write = URI.create(base + "/write?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8) + "&precision=ns");
        HttpRequest.Builder request = HttpRequest.newBuilder(write).timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            String token = user + ":" + (password == null ? "" : password);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        String where = "InfluxDB " + Redact.uri(baseUrl) + " database '" + database + "'";
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RecordNotDeliveredException(where + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordNotDeliveredException(where + ": interrupted", true);
        }
        int status = response.statusCode();
        if (status == 204 || status == 200) {
            return;
        }
        throw new RecordNotDeliveredException(where + " answered HTTP " + status + ": " + Redact.body(response.body()),
                status != 400);
    }

    @Override
    public String toString() {
        return "InfluxDispatcher[" + Redact.uri(baseUrl) + ", db=" + database + (user == null ? "" : ", user=" + user) + "]";
    }
}
