package io.kvm4nfv.publish;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where results go. The InfluxDB password is never part of the options: only the name of
 * the environment variable that holds it.
 *
 * @param dispatchers         the dispatchers to use (the local results file is always written)
 * @param resultsDir          the local results directory ({@code results.jsonl}, {@code yardstick.out})
 * @param spoolDir            where undelivered results wait; keep it outside {@code target/} so that
 *                            {@code mvn clean} does not drop them
 * @param influxUrl           InfluxDB base URL, e.g. {@code http://127.0.0.1:8086}
 * @param influxDb            InfluxDB database
 * @param influxUser          InfluxDB user, or {@code null} without authentication
 * @param influxPasswordEnv   name of the environment variable holding the InfluxDB password, or {@code null}
 * @param httpUrl             the test-results API URL, e.g. {@code http://testresults.example/api/v1/results}
 * @param failOnDispatchError fail the test when a dispatcher fails (the result is spooled either way)
 * @param timeoutMs           connect and request timeout of the HTTP dispatchers
 */
public record PublishOptions(Set<DispatcherType> dispatchers, Path resultsDir, Path spoolDir, URI influxUrl,
                             String influxDb, String influxUser, String influxPasswordEnv, URI httpUrl,
                             boolean failOnDispatchError, long timeoutMs) {

    /** Prefix of the configuration keys read by {@link #from(Function, Path)}. */
    public static final String PREFIX = "kvm4nfv.publish.";
    /** Configuration parameter: where results are written (default {@link #DEFAULT_RESULTS_DIR}). */
    public static final String RESULTS_DIR = PREFIX + "resultsDir";
    /** The results directory when {@link #RESULTS_DIR} is not set: {@code target/kvm4nfv-results}. */
    public static final Path DEFAULT_RESULTS_DIR = Path.of("target", "kvm4nfv-results");

    public PublishOptions {
        dispatchers = dispatchers == null || dispatchers.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(dispatchers));
        Objects.requireNonNull(resultsDir, "resultsDir");
        spoolDir = spoolDir == null ? defaultSpoolDir() : spoolDir;
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be > 0: " + timeoutMs);
        }
        List<String> problems = new ArrayList<>();
        if (dispatchers.contains(DispatcherType.INFLUXDB)) {
            if (influxUrl == null) {
                problems.add(PREFIX + "influxdb.url is required by the influxdb dispatcher");
            }
            if (influxDb == null || influxDb.isBlank()) {
                problems.add(PREFIX + "influxdb.db is required by the influxdb dispatcher");
            }
            if (influxUrl != null && influxUrl.getUserInfo() != null) {
                problems.add(PREFIX + "influxdb.url must not contain credentials: use influxdb.user and influxdb.passwordEnv");
            }
        }
        if (dispatchers.contains(DispatcherType.HTTP) && httpUrl == null) {
            problems.add(PREFIX + "http.url is required by the http dispatcher");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Only the local files: results file and {@code yardstick.out}; 10 s timeout. */
    public static PublishOptions defaults(Path resultsDir) {
        return new PublishOptions(EnumSet.of(DispatcherType.FILE), resultsDir, null, null, null, null, null, null,
                false, 10_000);
    }

    /** {@code ~/.kvm4nfv/spool}: survives {@code mvn clean}, shared by the runs of this user. */
    public static Path defaultSpoolDir() {
        return Path.of(System.getProperty("user.home"), ".kvm4nfv", "spool");
    }

    /**
     * Reads {@code kvm4nfv.publish.dispatchers} (comma separated), {@code .resultsDir},
     * {@code .spoolDir}, {@code .influxdb.url}, {@code .influxdb.db}, {@code .influxdb.user},
     * {@code .influxdb.passwordEnv}, {@code .http.url}, {@code .failOnDispatchError} and
     * {@code .timeoutMs} through {@code lookup} (e.g. JUnit configuration parameters).
     */
    public static PublishOptions from(Function<String, String> lookup, Path defaultResultsDir) {
        Function<String, String> get = key -> {
            String v = lookup.apply(PREFIX + key);
            return v == null || v.isBlank() ? null : v.trim();
        };
        Set<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        String list = get.apply("dispatchers");
        for (String name : (list == null ? "file" : list).split(",")) {
            if (!name.isBlank()) {
                types.add(DispatcherType.parse(name));
            }
        }
        String results = get.apply("resultsDir");
        String spool = get.apply("spoolDir");
        String influxUrl = get.apply("influxdb.url");
        String httpUrl = get.apply("http.url");
        String timeout = get.apply("timeoutMs");
        return new PublishOptions(types, results == null ? defaultResultsDir : Path.of(results),
                spool == null ? null : Path.of(spool), influxUrl == null ? null : URI.create(influxUrl),
                get.apply("influxdb.db"), get.apply("influxdb.user"), get.apply("influxdb.passwordEnv"),
                httpUrl == null ? null : URI.create(httpUrl), Boolean.parseBoolean(get.apply("failOnDispatchError")),
                timeout == null ? 10_000 : Long.parseLong(timeout));
    }

    public PublishOptions withDispatchers(Set<DispatcherType> types) {
        return new PublishOptions(types, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv, httpUrl,
                failOnDispatchError, timeoutMs);
    }

    public PublishOptions withSpoolDir(Path dir) {
        return new PublishOptions(dispatchers, resultsDir, dir, influxUrl, influxDb, influxUser, influxPasswordEnv, httpUrl,
                failOnDispatchError, timeoutMs);
    }

    /** Adds the influxdb dispatcher with these settings. */
    public PublishOptions withInflux(URI url, String db, String user, String passwordEnv) {
        Set<DispatcherType> types = EnumSet.of(DispatcherType.INFLUXDB);
        types.addAll(dispatchers);
        return new PublishOptions(types, resultsDir, spoolDir, url, db, user, passwordEnv, httpUrl,
                failOnDispatchError, timeoutMs);
    }

    /** Adds the http dispatcher with this URL. */
    public PublishOptions withHttp(URI url) {
        Set<DispatcherType> types = EnumSet.of(DispatcherType.HTTP);
        types.addAll(dispatchers);
        return new PublishOptions(types, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv, url,
                failOnDispatchError, timeoutMs);
    }

    public PublishOptions withFailOnDispatchError(boolean fail) {
        return new PublishOptions(dispatchers, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv,
                httpUrl, fail, timeoutMs);
    }

    public PublishOptions withTimeoutMs(long ms) {
        return new PublishOptions(dispatchers, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv,
                httpUrl, failOnDispatchError, ms);
    }
}
