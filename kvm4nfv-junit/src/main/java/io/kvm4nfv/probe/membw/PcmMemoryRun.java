package io.kvm4nfv.probe.membw;

import io.kvm4nfv.node.DetachedProcess;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code pcm-memory INTERVAL -csv=FILE} running detached on a node during a measurement.
 * {@link #start} returns at once; {@link #stop()} stops the process group, reads the CSV and the
 * log, removes both files and returns the {@link MemoryBandwidthResult} — <em>unavailable</em> with
 * PCM's own words when it wrote no sample (not an Intel CPU, no MSR access, a VM, not installed).
 * {@link #close()} stops it too (a failed or aborted test).
 */
public final class PcmMemoryRun implements AutoCloseable {

    /** Lines of PCM's log that explain why it could not measure. */
    private static final Pattern REASON = Pattern.compile(
            "(?i)^(error|unsupported|can ?not|cannot|access to|no msr|.*not found|.*no such file|.*permission denied"
                    + "|.*not supported|.*msr.*(fail|denied|not)).*");

    private final Node node;
    private final PcmMemoryOptions options;
    private final String measurement;
    private final String csvFile;
    private final String logFile;
    private final DetachedProcess process;
    private MemoryBandwidthResult result;

    private PcmMemoryRun(Node node, PcmMemoryOptions options, String measurement, String csvFile, String logFile,
                         DetachedProcess process) {
        this.node = node;
        this.options = options;
        this.measurement = measurement;
        this.csvFile = csvFile;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts pcm-memory detached.
     *
     * @param node the node to sample, normally the guest's host
     * @param options interval, binary, work directory and timeouts
     * @param testName what is measured, e.g. {@code cyclictest Idle-Idle}; gives the measurement name
     * @return the running sampler; stop or close it when the measurement ends
     * @throws IllegalArgumentException when {@code testName} has no letter or digit
     */
    public static PcmMemoryRun start(Node node, PcmMemoryOptions options, String testName) {
        String measurement = MemoryBandwidthResult.measurementName(testName);
        String base = options.workDir() + "/kvm4nfv-pcm-" + UUID.randomUUID().toString().substring(0, 8);
        String csv = base + ".csv";
        String log = base + ".log";
        DetachedProcess process = DetachedProcess.start(node, command(options, csv), log);
        return new PcmMemoryRun(node, options, measurement, csv, log, process);
    }

    /** The argv that runs pcm-memory. */
    static List<String> command(PcmMemoryOptions options, String csvFile) {
        String interval = BigDecimal.valueOf(options.intervalSeconds()).stripTrailingZeros().toPlainString();
        return List.of(options.binary(), interval, "-csv=" + csvFile);
    }

    /**
     * The measurement name of this run's result.
     *
     * @return the {@code kvmfornfv_<test>_MBW} name the result is recorded under
     */
    public String measurement() {
        return measurement;
    }

    /**
     * Whether pcm-memory still runs (it exits at once where it cannot measure).
     *
     * @return {@code true} while the detached pcm-memory process runs
     */
    public boolean alive() {
        return process.alive();
    }

    /**
     * Stops pcm-memory and returns the time series (or why there is none). Idempotent.
     *
     * @return the samples, or an unavailable result with PCM's reason
     * @throws io.kvm4nfv.node.NodeException when reading PCM's files on the node times out
     */
    public MemoryBandwidthResult stop() {
        if (result != null) {
            return result;
        }
        process.stop(options.stopGrace());
        List<String> csv = read(csvFile);
        List<String> log = read(logFile);
        node.exec("rm -f " + Shell.quote(csvFile) + " " + Shell.quote(logFile), options.commandTimeout());
        result = toResult(measurement, node.name(), options.intervalSeconds(), csv, log);
        return result;
    }

    /** Builds the result from the CSV and the log. */
    static MemoryBandwidthResult toResult(String measurement, String node, double interval, List<String> csv,
                                          List<String> log) {
        List<MemoryBandwidthSample> samples;
        String parseProblem = null;
        try {
            samples = csv.isEmpty() ? List.of() : PcmMemoryCsvParser.parse(csv);
        } catch (IllegalArgumentException e) {
            samples = List.of();
            parseProblem = e.getMessage();
        }
        if (!samples.isEmpty()) {
            return MemoryBandwidthResult.sampled(measurement, node, interval, samples);
        }
        String reason = reason(log);
        if (parseProblem != null) {
            reason = parseProblem + (reason.isEmpty() ? "" : "; pcm-memory said: " + reason);
        }
        return MemoryBandwidthResult.unavailable(measurement, node, interval,
                reason.isEmpty() ? "pcm-memory wrote no sample and no error" : reason);
    }

    /** PCM's own explanation: its error lines, else the last lines of its output. */
    static String reason(List<String> log) {
        List<String> lines = log.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> errors = lines.stream().filter(l -> REASON.matcher(l).matches()).toList();
        List<String> chosen = !errors.isEmpty() ? errors : lines.subList(Math.max(0, lines.size() - 3), lines.size());
        return String.join(" ", chosen);
    }

    private List<String> read(String file) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ExecResult r = node.exec("cat " + Shell.quote(file) + " 2>/dev/null; true",
                ExecOptions.timeout(options.commandTimeout()).withStdout(lines::add).withTailLines(0));
        if (r.timedOut()) {
            throw new NodeException("[" + node.name() + "] reading " + file + " " + r.outcome());
        }
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "pcm-memory on " + node.name() + " -> " + measurement;
    }
}
