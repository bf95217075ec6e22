package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.RunInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends every result to all configured dispatchers. Each result is first appended to the
 * local {@link ResultsFile} (fsync'd), then dispatched. A dispatcher that fails does not
 * lose the result: it goes to the {@link Spool} and is re-sent before the next result to
 * that dispatcher, by {@link #flush()} (also on {@link #close()}), or by the next run that
 * uses the same spool directory. A failing dispatcher fails the caller only when
 * {@link PublishOptions#failOnDispatchError()} is set. Thread-safe.
 */
public final class Publisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final ResultsFile resultsFile;
    private final RunInfo run;
    private final List<Dispatcher> dispatchers;
    private final Spool spool;
    private final boolean failOnDispatchError;
    private final Map<String, Counters> counters = new LinkedHashMap<>();

    /**
     * A publisher over the given dispatchers; creates the results directory.
     *
     * @param options     the results and spool directories and whether a dispatch failure fails the test
     * @param run         the run every record is dispatched in (spooled records keep their own)
     * @param dispatchers where results go besides the results file; names must be unique
     * @throws UncheckedIOException     naming the directory when the results directory cannot be written
     * @throws IllegalArgumentException when two dispatchers have the same name
     */
    public Publisher(PublishOptions options, RunInfo run, List<Dispatcher> dispatchers) {
        Objects.requireNonNull(options, "options");
        this.run = Objects.requireNonNull(run, "run");
        this.dispatchers = List.copyOf(dispatchers);
        checkWritable(options.resultsDir());
        this.resultsFile = new ResultsFile(options.resultsDir());
        this.spool = new Spool(options.spoolDir());
        this.failOnDispatchError = options.failOnDispatchError();
        for (Dispatcher d : this.dispatchers) {
            if (counters.put(d.name(), new Counters()) != null) {
                throw new IllegalArgumentException("two dispatchers named " + d.name());
            }
        }
    }

    /**
     * The dispatchers the options choose; the InfluxDB password is read from the environment.
     *
     * @param options which dispatchers, with their settings
     * @param run     the run every record is dispatched in
     * @return the publisher
     * @throws IllegalArgumentException when the password variable is named but not set
     * @throws UncheckedIOException     when the results directory cannot be written
     */
    public static Publisher create(PublishOptions options, RunInfo run) {
        return create(options, run, System::getenv);
    }

    /**
     * As {@link #create(PublishOptions, RunInfo)} with the environment given as a lookup.
     *
     * @param options which dispatchers, with their settings
     * @param run     the run every record is dispatched in
     * @param env     returns an environment variable's value, or {@code null} when unset
     * @return the publisher
     * @throws IllegalArgumentException when the password variable is named but not set (the
     *                                  message names the variable, never a value)
     * @throws UncheckedIOException     when the results directory cannot be written
     */
    public static Publisher create(PublishOptions options, RunInfo run, Function<String, String> env) {
        List<Dispatcher> list = new ArrayList<>();
        Duration timeout = Duration.ofMillis(options.timeoutMs());
        for (DispatcherType type : options.dispatchers()) {
            switch (type) {
                case FILE -> list.add(new YardstickFileDispatcher(options.resultsDir(), run));
                case INFLUXDB -> {
                    String password = null;
                    if (options.influxPasswordEnv() != null) {
                        password = env.apply(options.influxPasswordEnv());
                        if (password == null) {
                            throw new IllegalArgumentException("environment variable " + options.influxPasswordEnv()
                                    + " (the InfluxDB password) is not set");
                        }
                    }
                    list.add(new InfluxDispatcher(options.influxUrl(), options.influxDb(), options.influxUser(), password,
                            timeout));
                }
                case HTTP -> list.add(new TestResultsApiDispatcher(options.httpUrl(), timeout));
            }
        }
        return new Publisher(options, run, list);
    }

    /**
     * The run every new record is dispatched in.
     *
     * @return the run given at creation
     */
    public RunInfo run() {
        return run;
    }

    /**
     * The local JSON Lines file every result is appended to.
     *
     * @return the path of {@code results.jsonl} in the results directory
     */
    public Path resultsFile() {
        return resultsFile.path();
    }

    /**
     * Where undelivered records wait.
     *
     * @return the spool of the options' spool directory
     */
    public Spool spool() {
        return spool;
    }

    /**
     * Records the result locally, then dispatches it (after re-sending what is pending).
     *
     * @param record the result to keep and send
     * @return the counts so far
     * @throws UncheckedIOException     when the local results file cannot be written (naming it)
     * @throws DispatchFailedException  when a dispatcher failed and the options ask to fail
     */
    public synchronized DispatchReport publish(ResultRecord record) {
        writeLocally(record);
        return dispatch(record);
    }

    /**
     * Only the first half of {@link #publish}: appends the record to the local results file
     * (fsync'd). For a caller that must keep a result now but learns its criteria later.
     *
     * @param record the result to keep
     * @throws UncheckedIOException when the local results file cannot be written (naming it)
     */
    public synchronized void writeLocally(ResultRecord record) {
        resultsFile.append(record.kind(), record.caseName(), record);
    }

    /**
     * Only the second half of {@link #publish}: dispatches a record already written locally
     * (after re-sending what is pending).
     *
     * @param record the result to send
     * @return the counts so far
     * @throws DispatchFailedException when a dispatcher failed and the options ask to fail
     */
    public synchronized DispatchReport dispatch(ResultRecord record) {
        boolean failed = false;
        for (Dispatcher d : dispatchers) {
            failed |= !deliver(d, record);
        }
        DispatchReport report = report();
        if (failed && failOnDispatchError) {
            throw new DispatchFailedException(report);
        }
        return report;
    }

    /**
     * Re-sends everything pending in the spool for the configured dispatchers.
     *
     * @return the counts so far, with what is still pending
     */
    public synchronized DispatchReport flush() {
        for (Dispatcher d : dispatchers) {
            resendPending(d);
        }
        return report();
    }

    /**
     * The counts so far, with what is still pending.
     *
     * @return one outcome per dispatcher, in configuration order
     */
    public synchronized DispatchReport report() {
        List<DispatchReport.Outcome> outcomes = new ArrayList<>();
        for (Dispatcher d : dispatchers) {
            Counters c = counters.get(d.name());
            outcomes.add(new DispatchReport.Outcome(d.name(), c.sent, c.spooled, c.resent, c.rejected,
                    spool.count(d.name()), c.errors));
        }
        return new DispatchReport(outcomes);
    }

    /** Flushes the spool one last time. */
    @Override
    public void close() {
        DispatchReport report = flush();
        if (!report.allDelivered()) {
            LOG.warn("results not delivered yet (kept in {}): {}", spool.directory(), report.summary());
        }
    }

    private boolean deliver(Dispatcher d, ResultRecord record) {
        Counters c = counters.get(d.name());
        if (!resendPending(d)) {
            Path file = spool.add(d.name(), record, run);
            c.spooled++;
            LOG.warn("{}: result '{}' spooled to {} (earlier results still pending)", d.name(), record.caseName(), file);
            return false;
        }
        try {
            d.dispatch(record, run);
            c.sent++;
            return true;
        } catch (RecordNotDeliveredException e) {
            c.error(e.getMessage());
            Path file = spool.add(d.name(), record, run);
            if (e.retryable()) {
                c.spooled++;
                LOG.warn("{}: result '{}' spooled to {}: {}", d.name(), record.caseName(), file, e.getMessage());
            } else {
                Path rejected = spool.reject(new Spool.Item(file, record, run));
                c.rejected++;
                LOG.error("{}: result '{}' refused, kept in {}: {}", d.name(), record.caseName(), rejected, e.getMessage());
            }
            return false;
        }
    }

    /** Re-sends the pending items oldest first; false when one could not be sent (the target is still down). */
    private boolean resendPending(Dispatcher d) {
        Counters c = counters.get(d.name());
        for (Spool.Item item : spool.pending(d.name())) {
            try {
                d.dispatch(item.record(), item.run());
                spool.remove(item);
                c.resent++;
                LOG.info("{}: spooled result '{}' re-sent", d.name(), item.record().caseName());
            } catch (RecordNotDeliveredException e) {
                c.error(e.getMessage());
                if (e.retryable()) {
                    return false;
                }
                Path rejected = spool.reject(item);
                c.rejected++;
                LOG.error("{}: spooled result '{}' refused, kept in {}: {}", d.name(), item.record().caseName(), rejected,
                        e.getMessage());
            }
        }
        return true;
    }

    private static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UncheckedIOException("results directory " + dir.toAbsolutePath() + " is not writable: " + e, e);
        }
    }

    private static final class Counters {
        int sent;
        int spooled;
        int resent;
        int rejected;
        final List<String> errors = new ArrayList<>();

        void error(String message) {
            if (!errors.contains(message)) {
                errors.add(message);
                if (errors.size() > 10) {
                    errors.remove(0);
                }
            }
        }
    }
}
