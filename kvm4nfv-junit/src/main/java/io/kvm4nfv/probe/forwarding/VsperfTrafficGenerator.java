package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs VSPERF on the device under test over a {@link Node} (SSH on a real pod) and reads
 * its result CSV back ({@code cat} over the same node).
 *
 * <p>Where VSPERF puts results (opnfv/vswitchperf: the {@code vsperf} main script and
 * {@code testcases/testcase.py}): each run makes {@code <LOG_DIR>/results_<%Y-%m-%d_%H-%M-%S>/}
 * and logs {@code Creating result directory: <path>}; each test appends to
 * {@code result_<test name>_<deployment>.csv} there, a header row of {@code ResultsConstants}
 * names ({@code core/results/results_constants.py}) and one row per packet size. The result
 * directory is taken from that log line; when the log does not show it, the newest
 * {@code result_<test>_*.csv} below {@code LOG_DIR} ({@link VsperfOptions#resultsRoot()}) written
 * during this run is used. A non-zero exit, a missing CSV, a {@code FAILED} marker, a missing frame
 * size, a deployment other than the requested one, or zero received frames fail the run.
 *
 * <p>Every run leaves in the {@link Journal} (the Allure report under JUnit) the command and its exit
 * status ({@value #COMMAND_ATTACHMENT}), VSPERF's output ({@value #LOG_ATTACHMENT}, the last
 * {@value #MAX_LOG_LINES} lines) and the result file ({@value #CSV_ATTACHMENT}) when there is one —
 * also when the run fails. An {@link NicAttachment#SRIOV} run first checks that the conf file names
 * virtual functions in {@code WHITELIST_NICS}, the only place VSPERF takes them from.
 */
public final class VsperfTrafficGenerator implements TrafficGenerator {

    /** Name of the attachment holding the command line and its exit status. */
    public static final String COMMAND_ATTACHMENT = "vsperf command";
    /** Name of the attachment holding VSPERF's output. */
    public static final String LOG_ATTACHMENT = "vsperf log";
    /** Name of the attachment holding the result CSV. */
    public static final String CSV_ATTACHMENT = "vsperf result csv";
    /** Output lines kept for the log attachment (the last ones). */
    public static final int MAX_LOG_LINES = 5000;

    private static final Pattern RESULT_DIR = Pattern.compile("Creating result directory:\\s*(\\S+)");
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final int MAX_CSV_LINES = 100_000;
    private static final int FAILURE_TAIL_LINES = 20;

    private final Node node;
    private final VsperfOptions options;
    private final Consumer<String> log;
    private final Journal journal;

    /**
     * @param node    the DUT
     * @param options how to run VSPERF
     * @param log     receives every line VSPERF prints (for live progress), may be {@code null}
     */
    public VsperfTrafficGenerator(Node node, VsperfOptions options, Consumer<String> log) {
        this(node, options, log, Journal.SILENT);
    }

    /**
     * @param node    the DUT
     * @param options how to run VSPERF
     * @param log     receives every line VSPERF prints (for live progress), may be {@code null}
     * @param journal receives the command, its exit status, VSPERF's log and the result CSV of every run
     */
    public VsperfTrafficGenerator(Node node, VsperfOptions options, Consumer<String> log, Journal journal) {
        this.node = Objects.requireNonNull(node, "node");
        this.options = Objects.requireNonNull(options, "options");
        this.log = log == null ? line -> { } : log;
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * How this generator runs VSPERF.
     *
     * @return the options given to the constructor
     */
    public VsperfOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "vsperf/" + options.trafficgen();
    }

    @Override
    public boolean supports(Topology topology) {
        return true;
    }

    @Override
    public ForwardingResult run(ForwardingRequest request) {
        if (request.topology().attachment() == NicAttachment.SRIOV) {
            requireVirtualFunctions();
        }
        Instant start = Instant.now();
        String marker = "/tmp/kvm4nfv-vsperf-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        node.exec("touch " + Shell.quote(marker), SHORT).requireSuccess();
        String command = VsperfCommand.commandLine(request, options);
        Deque<String> output = new ArrayDeque<>();
        String outcome = "did not finish";
        try {
            AtomicReference<String> resultDir = new AtomicReference<>();
            Consumer<String> line = text -> {
                seeResultDir(text, resultDir);
                keep(output, text);
                log.accept(text);
            };
            ExecResult run = node.exec(command, ExecOptions.timeout(options.timeout()).withStdout(line)
                    .withStderr(line));
            outcome = run.outcome();
            if (!run.succeeded()) {
                throw new ForwardingFailedException("VSPERF " + request.testId() + " on " + node.name() + " failed: "
                        + run.outcome() + " (command: " + command + ")" + tail(output));
            }
            String csv = findCsv(request, resultDir.get(), marker);
            String text = readFile(csv);
            journal.attach(CSV_ATTACHMENT, "text/csv", "csv", text.getBytes(StandardCharsets.UTF_8));
            List<VsperfResultCsv.Row> rows = VsperfResultCsv.parse(text, csv);
            for (VsperfResultCsv.Row row : rows) {
                if (row.deployment() != null
                        && !Deployment.parse(row.deployment()).equals(request.topology().deployment())) {
                    throw new ForwardingFailedException(csv + " is a " + row.deployment() + " result, but "
                            + request.topology().deployment() + " was requested: test " + request.testId()
                            + " runs another deployment");
                }
            }
            List<FrameSizeResult> figures = ResultCompleteness.require(request.frameSizes(),
                    rows.stream().map(VsperfResultCsv.Row::figures).toList(), csv);
            return new ForwardingResult(request.testId(), request.topology().deployment().canonicalName(),
                    options.testType(request.topology()), name(), figures, start, Duration.between(start, Instant.now()),
                    csv);
        } finally {
            journal.attachText(COMMAND_ATTACHMENT, "[" + node.name() + "] " + command + "\n" + outcome + "\n");
            synchronized (output) {
                journal.attachText(LOG_ATTACHMENT, String.join("\n", output) + "\n");
            }
            node.exec("rm -f " + Shell.quote(marker), SHORT);
        }
    }

    /**
     * VSPERF takes SR-IOV virtual functions only from {@code WHITELIST_NICS} in the extended form
     * {@code '0000:05:00.0|vf0'} (its user guide, "Using SRIOV support"); without them an SR-IOV test
     * would silently pass whole NICs through.
     */
    private void requireVirtualFunctions() {
        if (options.confFile() == null) {
            throw new IllegalArgumentException("an SR-IOV run needs a VSPERF conf file whose WHITELIST_NICS names "
                    + "virtual functions ('0000:05:00.0|vf0'); none is set");
        }
        ExecResult found = node.exec("cd " + Shell.quote(options.vsperfDir()) + " && grep -Eq "
                + Shell.quote("^[[:space:]]*WHITELIST_NICS[[:space:]]*=.*[|]vf[0-9]+") + " "
                + Shell.quote(options.confFile()), SHORT);
        if (!found.succeeded()) {
            throw new ForwardingFailedException("[" + node.name() + "] SR-IOV: " + options.confFile() + " in "
                    + options.vsperfDir() + (found.exitStatus() != null && found.exitStatus() == 1
                    ? " names no virtual function in WHITELIST_NICS; VSPERF takes VFs only from there, e.g."
                    + " WHITELIST_NICS = ['0000:05:00.0|vf0', '0000:05:00.1|vf0']"
                    : " cannot be read (" + found.outcome() + ")"));
        }
    }

    private static void keep(Deque<String> output, String line) {
        synchronized (output) {
            if (output.size() == MAX_LOG_LINES) {
                output.removeFirst();
            }
            output.addLast(line);
        }
    }

    private static void seeResultDir(String line, AtomicReference<String> dir) {
        Matcher m = RESULT_DIR.matcher(line);
        if (m.find()) {
            dir.set(m.group(1));
        }
    }

    private String findCsv(ForwardingRequest request, String resultDir, String marker) {
        String pattern = "result_" + request.testId() + "_*.csv";
        String search = resultDir != null
                ? "ls -1t " + Shell.quote(resultDir) + "/" + pattern + " 2>/dev/null | head -n 1"
                : "find " + Shell.quote(options.resultsRoot()) + " -maxdepth 2 -type f -name " + Shell.quote(pattern)
                        + " -newer " + Shell.quote(marker) + " -printf '%T@ %p\\n' 2>/dev/null | sort -rn | head -n 1"
                        + " | cut -d' ' -f2-";
        ExecResult found = node.exec(search, SHORT);
        String path = found.stdoutText().trim();
        if (!found.succeeded() || path.isEmpty()) {
            throw new ForwardingFailedException("[" + node.name() + "] VSPERF wrote no result file " + pattern + " in "
                    + (resultDir != null ? resultDir : options.resultsRoot() + "/results_* during this run")
                    + ": the test did not produce results");
        }
        return path;
    }

    private String readFile(String path) {
        List<String> lines = new ArrayList<>();
        ExecResult r = node.exec("cat " + Shell.quote(path), ExecOptions.timeout(SHORT).withTailLines(0)
                .withStdout(line -> {
                    if (lines.size() < MAX_CSV_LINES) {
                        lines.add(line);
                    }
                }));
        if (!r.succeeded()) {
            throw new ForwardingFailedException("[" + node.name() + "] cannot read " + path + ": " + r.outcome() + tail(r));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String tail(ExecResult r) {
        List<String> out = new ArrayList<>(r.stdoutTail());
        out.addAll(r.stderrTail());
        return tail(out);
    }

    private static String tail(java.util.Collection<String> lines) {
        List<String> out;
        synchronized (lines) {
            out = new ArrayList<>(lines);
        }
        List<String> last = out.subList(Math.max(0, out.size() - FAILURE_TAIL_LINES), out.size());
        return last.isEmpty() ? "\n(no output)" : "\n--- last " + last.size() + " line(s) of its log ---\n"
                + String.join("\n", last);
    }
}
