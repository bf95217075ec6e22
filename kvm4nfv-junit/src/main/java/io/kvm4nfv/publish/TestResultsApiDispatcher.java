package io.kvm4nfv.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvm4nfv.publish.measure.RunInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * POSTs each record to an OPNFV test-results API ({@code …/api/v1/results}) as JSON:
 * {@code project_name} ({@code kvmfornfv}), {@code case_name}, {@code pod_name},
 * {@code installer}, {@code version}, {@code scenario} (the record's own, e.g. a test's
 * {@code @Scenario}, else the run's), {@code criteria},
 * {@code start_date}/{@code stop_date} ({@code yyyy-MM-dd HH:mm:ss} UTC, as the API stores
 * them), {@code build_tag} (the task id) and {@code details} (the full result). A 2xx answer
 * means stored; 400 and 422 are not retryable.
 */
public final class TestResultsApiDispatcher implements Dispatcher {

    /** The project name KVM4NFV used in the test-results database. */
    public static final String PROJECT_NAME = "kvmfornfv";
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * A dispatcher that POSTs to {@code url} over HTTP/1.1.
     *
     * @param url     the API's results endpoint, e.g. {@code http://testresults.example/api/v1/results}
     * @param timeout connect and request timeout
     */
    public TestResultsApiDispatcher(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "http";
    }

    /**
     * The JSON document sent for a record.
     *
     * @param record the result
     * @param run    the run it was measured in: pod, installer, version, scenario and build tag
     * @return the request body
     */
    public static ObjectNode body(ResultRecord record, RunInfo run) {
        ObjectNode json = ResultsFile.JSON.createObjectNode();
        json.put("project_name", PROJECT_NAME);
        json.put("case_name", record.caseName());
        json.put("pod_name", run.podName());
        json.put("installer", run.installer());
        json.put("version", run.version());
        json.put("scenario", record.scenarioIn(run));
        json.put("criteria", record.criteria().name());
        json.put("build_tag", run.taskId());
        json.put("start_date", DATE.format(record.startedAt()));
        json.put("stop_date", DATE.format(record.stoppedAt()));
        json.set("details", record.details());
        return json;
    }

    @Override
    public void dispatch(ResultRecord record, RunInfo run) throws RecordNotDeliveredException {
        String json;
        try {
            json = ResultsFile.JSON.writeValueAsString(body(record, run));
        } catch (JsonProcessingException e) {
            throw new RecordNotDeliveredException("result '" + record.caseName() + "' cannot be written as JSON: "
                    + e.getOriginalMessage(), false);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        String where = "test-results API " + Redact.uri(url);
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RecordNotDeliveredException(where + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordNotDeliveredException(where + ": interrupted", true);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        throw new RecordNotDeliveredException(where + " answered HTTP " + status + ": " + Redact.body(response.body()),
                status != 400 && status != 422);
    }
}
