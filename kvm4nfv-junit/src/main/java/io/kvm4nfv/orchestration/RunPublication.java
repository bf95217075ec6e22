package io.kvm4nfv.orchestration;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.publish.AllureRunFiles;
import io.kvm4nfv.publish.DispatchReport;
import io.kvm4nfv.publish.DispatcherType;
import io.kvm4nfv.publish.PublishOptions;
import io.kvm4nfv.publish.Publisher;
import io.kvm4nfv.publish.ResultRecord;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.publish.measure.RunInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The results publication of one test run (the JUnit extension keeps one per run in its root store;
 * plain Java opens one with {@link #open(PodConfig)}): the run-wide {@link Publisher} (dispatchers from {@code kvm4nfv.publish.*}, default
 * {@code file}), the Allure run files ({@code categories.json} at once, {@code environment.properties}
 * when the lab is first described and again at the end), and at the end of the run one last
 * {@link Publisher#flush()} whose {@link DispatchReport} goes to the log, to
 * {@code dispatch-report.txt} in the results directory and to {@code environment.properties}.
 *
 * <p>A publishing configuration that is wrong never loses a result: results are still written
 * to the local results file, and the error is raised when the result is dispatched.
 */
public final class RunPublication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunPublication.class);

    private final Publisher publisher;
    private final RuntimeException problem;
    private final Path resultsDir;
    private final Path allureDir;
    private final RunInfo run;
    private boolean described;
    private LabInfo lab;

    private RunPublication(Publisher publisher, RuntimeException problem, Path resultsDir, Path allureDir, RunInfo run) {
        this.publisher = publisher;
        this.problem = problem;
        this.resultsDir = resultsDir;
        this.allureDir = allureDir;
        this.run = run;
    }

    /**
     * Opens the run's publication and writes {@code categories.json}.
     *
     * @param config    JUnit configuration parameters (then system properties)
     * @param podName   the pod the run measures
     * @param env       the process environment (OPNFV CI variables, the InfluxDB password variable)
     * @param allureDir Allure's results directory
     * @return the open publication; a misconfigured {@code kvm4nfv.publish.*} is logged and raised on dispatch
     */
    public static RunPublication open(Function<String, String> config, String podName, Function<String, String> env,
                                      Path allureDir) {
        RunInfo run = RunInfo.fromEnvironment(podName, env);
        String dir = config.apply(PublishOptions.RESULTS_DIR);
        Path resultsDir = dir == null || dir.isBlank() ? PublishOptions.DEFAULT_RESULTS_DIR : Path.of(dir.trim());
        Publisher publisher = null;
        RuntimeException problem = null;
        try {
            PublishOptions options = PublishOptions.from(config, resultsDir);
            resultsDir = options.resultsDir();
            publisher = Publisher.create(options, run, env);
            LOG.info("publishing results of run {} to: local file {}{}", run.taskId(), publisher.resultsFile(),
                    options.dispatchers().isEmpty() ? "" : ", " + options.dispatchers().stream()
                            .map(DispatcherType::configName).collect(Collectors.joining(", ")));
        } catch (RuntimeException e) {
            problem = e;
            LOG.error("results publishing (kvm4nfv.publish.*) is misconfigured, results are only written to {}: {}",
                    resultsDir, e.getMessage());
        }
        RunPublication publication = new RunPublication(publisher, problem, resultsDir, allureDir, run);
        try {
            AllureRunFiles.writeCategories(allureDir);
        } catch (UncheckedIOException e) {
            LOG.warn("Allure categories not written: {}", e.getMessage());
        }
        return publication;
    }

    /**
     * The publication of a plain-Java run on {@code pod}: {@code kvm4nfv.publish.*} from the
     * system properties, OPNFV's variables from the environment, Allure's results directory.
     *
     * @param pod the pod the run measures
     * @return the open publication
     */
    public static RunPublication open(PodConfig pod) {
        return open(System::getProperty, pod.name(), System::getenv, AllureRunFiles.resultsDirectory());
    }

    /**
     * The run as its results carry it (task id, scenario, installer, pod name).
     *
     * @return the run's description as its results carry it
     */
    public RunInfo run() {
        return run;
    }

    /**
     * The local results directory ({@code results.jsonl}, {@code summary.txt}, raw outputs).
     *
     * @return the directory of the run's local results
     */
    public Path resultsDir() {
        return resultsDir;
    }

    /**
     * Appends the record to the local results file (fsync'd), even when publishing is misconfigured.
     *
     * @param record the result record to append
     */
    public synchronized void writeLocally(ResultRecord record) {
        if (publisher != null) {
            publisher.writeLocally(record);
        } else {
            new ResultsFile(resultsDir).append(record.kind(), record.caseName(), record);
        }
    }

    /**
     * Dispatches a record already written locally.
     *
     * @param record a result record already written with {@link #writeLocally}
     * @return what each dispatcher did with the record
     * @throws PublishingMisconfiguredException when publishing is misconfigured
     * @throws io.kvm4nfv.publish.DispatchFailedException when a dispatcher failed and {@code failOnDispatchError} is set
     */
    public synchronized DispatchReport dispatch(ResultRecord record) {
        if (publisher == null) {
            throw new PublishingMisconfiguredException("results publishing (" + PublishOptions.PREFIX + "*): "
                    + problem.getMessage() + " (the result is kept in " + resultsDir.resolve("results.jsonl") + ")",
                    problem);
        }
        return publisher.dispatch(record);
    }

    /**
     * Writes {@code environment.properties} with the lab's description: the first time a lab is
     * open, {@code info} describes it (once per run); until then only the run is described.
     *
     * @param info the open lab's description, empty when no lab is open (it is never opened for this)
     */
    public synchronized void describeLabOnce(Supplier<Optional<LabInfo>> info) {
        if (described) {
            return;
        }
        try {
            Optional<LabInfo> current = info.get();
            described = current.isPresent();
            lab = current.orElse(null);
        } catch (RuntimeException e) {
            described = true;
            LOG.warn("the lab could not describe itself for the report: {}", e.getMessage());
        }
        writeEnvironment(Map.of());
    }

    /** Flushes the dispatchers one last time and shows what was delivered. */
    @Override
    public synchronized void close() {
        if (publisher == null) {
            writeEnvironment(Map.of("results.dispatch", "not configured: " + problem.getMessage()));
            return;
        }
        DispatchReport report = publisher.flush();
        if (report.allDelivered()) {
            LOG.info("results dispatch: {}", report.summary());
        } else {
            LOG.warn("results dispatch: {} (undelivered results wait in {})", report.summary(),
                    publisher.spool().directory());
        }
        StringBuilder text = new StringBuilder("run " + run.taskId() + "\n");
        for (DispatchReport.Outcome o : report.outcomes()) {
            text.append(o.summary()).append('\n');
            o.errors().forEach(e -> text.append("  error: ").append(e).append('\n'));
        }
        try {
            Files.createDirectories(resultsDir);
            Files.writeString(resultsDir.resolve("dispatch-report.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("dispatch report not written to {}: {}", resultsDir, e.getMessage());
        }
        writeEnvironment(Map.of("results.dispatch", report.outcomes().isEmpty() ? "local file only" : report.summary()));
    }

    private void writeEnvironment(Map<String, String> extra) {
        try {
            AllureRunFiles.writeEnvironment(allureDir, AllureRunFiles.environment(run, lab, extra));
        } catch (UncheckedIOException e) {
            LOG.warn("Allure environment not written: {}", e.getMessage());
        }
    }
}
