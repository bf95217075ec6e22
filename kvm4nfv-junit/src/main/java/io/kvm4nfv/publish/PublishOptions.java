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

    /**
     * Copies the dispatchers, fills in the spool folder and checks that each dispatcher has its settings.
     *
     * @param dispatchers         the dispatchers to use; {@code null} or empty for none
     * @param resultsDir          the local results directory
     * @param spoolDir            where undelivered results wait; {@code null} for {@link #defaultSpoolDir()}
     * @param influxUrl           InfluxDB base URL without credentials; required by {@link DispatcherType#INFLUXDB}
     * @param influxDb            InfluxDB database; required by {@link DispatcherType#INFLUXDB}
     * @param influxUser          InfluxDB user, or {@code null}
     * @param influxPasswordEnv   name of the environment variable holding the InfluxDB password, or {@code null}
     * @param httpUrl             the test-results API URL; required by {@link DispatcherType#HTTP}
     * @param failOnDispatchError fail the test when a dispatcher fails
     * @param timeoutMs           connect and request timeout of the HTTP dispatchers, milliseconds, above 0
     * @throws NullPointerException     when {@code resultsDir} is {@code null}
     * @throws IllegalArgumentException for a timeout of 0 or less, or a dispatcher without its settings
     *                                  (every problem listed)
     */
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

    /**
     * Only the local files: results file and {@code yardstick.out}; 10 s timeout.
     *
     * @param resultsDir the local results directory
     * @return options with the {@link DispatcherType#FILE} dispatcher and the default spool folder
     */
    public static PublishOptions defaults(Path resultsDir) {
        return new PublishOptions(EnumSet.of(DispatcherType.FILE), resultsDir, null, null, null, null, null, null,
                false, 10_000);
    }

    /**
     * {@code ~/.kvm4nfv/spool}: survives {@code mvn clean}, shared by the runs of this user.
     *
     * @return the spool folder under {@code user.home}
     */
    public static Path defaultSpoolDir() {
        return Path.of(System.getProperty("user.home"), ".kvm4nfv", "spool");
    }

    /**
     * Reads {@code kvm4nfv.publish.dispatchers} (comma separated), {@code .resultsDir},
     * {@code .spoolDir}, {@code .influxdb.url}, {@code .influxdb.db}, {@code .influxdb.user},
     * {@code .influxdb.passwordEnv}, {@code .http.url}, {@code .failOnDispatchError} and
     * {@code .timeoutMs} through {@code lookup} (e.g. JUnit configuration parameters).
     *
     * @param lookup            returns a key's value, or {@code null} when unset; blank counts as unset
     * @param defaultResultsDir the results directory when {@code .resultsDir} is unset
     * @return the options; dispatchers default to {@code file}, the timeout to 10 s
     * @throws IllegalArgumentException for an unknown dispatcher, a bad URL or number, or a dispatcher without its settings
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

    /**
     * These options with other dispatchers.
     *
     * @param types the dispatchers to use instead
     * @return a copy with {@code dispatchers} replaced
     * @throws IllegalArgumentException when a dispatcher lacks its settings
     */
    public PublishOptions withDispatchers(Set<DispatcherType> types) {
        return new PublishOptions(types, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv, httpUrl,
                failOnDispatchError, timeoutMs);
    }

    /**
     * These options with another spool folder.
     *
     * @param dir where undelivered results wait; {@code null} for {@link #defaultSpoolDir()}
     * @return a copy with {@code spoolDir} replaced
     */
    public PublishOptions withSpoolDir(Path dir) {
        return new PublishOptions(dispatchers, resultsDir, dir, influxUrl, influxDb, influxUser, influxPasswordEnv, httpUrl,
                failOnDispatchError, timeoutMs);
    }

    /**
     * Adds the influxdb dispatcher with these settings.
     *
     * @param url         InfluxDB base URL without credentials, e.g. {@code http://127.0.0.1:8086}
     * @param db          InfluxDB database
     * @param user        InfluxDB user, or {@code null} without authentication
     * @param passwordEnv name of the environment variable holding the password, or {@code null}
     * @return a copy with {@link DispatcherType#INFLUXDB} added and its settings replaced
     * @throws IllegalArgumentException when {@code url} or {@code db} is missing, or {@code url} holds credentials
     */
    public PublishOptions withInflux(URI url, String db, String user, String passwordEnv) {
        Set<DispatcherType> types = EnumSet.of(DispatcherType.INFLUXDB);
        types.addAll(dispatchers);
        return new PublishOptions(types, resultsDir, spoolDir, url, db, user, passwordEnv, httpUrl,
                failOnDispatchError, timeoutMs);
    }

    /**
     * Adds the http dispatcher with this URL.
     *
     * @param url the test-results API URL
     * @return a copy with {@link DispatcherType#HTTP} added and {@code httpUrl} replaced
     * @throws IllegalArgumentException when {@code url} is {@code null}
     */
    public PublishOptions withHttp(URI url) {
        Set<DispatcherType> types = EnumSet.of(DispatcherType.HTTP);
        types.addAll(dispatchers);
        return new PublishOptions(types, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv, url,
                failOnDispatchError, timeoutMs);
    }

    /**
     * These options failing, or not, the test on a dispatch error.
     *
     * @param fail {@code true} to throw {@link DispatchFailedException} when a dispatcher fails
     * @return a copy with {@code failOnDispatchError} replaced
     */
    public PublishOptions withFailOnDispatchError(boolean fail) {
        return new PublishOptions(dispatchers, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv,
                httpUrl, fail, timeoutMs);
    }

    /**
     * These options with another HTTP timeout.
     *
     * @param ms connect and request timeout of the HTTP dispatchers, milliseconds, above 0
     * @return a copy with {@code timeoutMs} replaced
     * @throws IllegalArgumentException when {@code ms} is 0 or less
     */
    public PublishOptions withTimeoutMs(long ms) {
        return new PublishOptions(dispatchers, resultsDir, spoolDir, influxUrl, influxDb, influxUser, influxPasswordEnv,
                httpUrl, failOnDispatchError, ms);
    }
}
