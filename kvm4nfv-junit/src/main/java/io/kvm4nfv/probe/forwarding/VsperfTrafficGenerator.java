package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs VSPERF on the device under test over a {@link Node} (SSH on a real pod) and reads
 * its result CSV back ({@code cat} over the same node). The result directory is taken from
 * VSPERF's log line {@code Creating result directory: /tmp/results_…}; when the log does not
 * show it, the newest {@code result_<test>_*.csv} under {@code RESULTS_PATH} written during
 * this run is used. A non-zero exit, a missing CSV, a {@code FAILED} marker, a missing frame
 * size, a deployment other than the requested one, or zero received frames fail the run.
 */
public final class VsperfTrafficGenerator implements TrafficGenerator {

    private static final Pattern RESULT_DIR = Pattern.compile("Creating result directory:\\s*(\\S+)");
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final int MAX_CSV_LINES = 100_000;

    private final Node node;
    private final VsperfOptions options;
    private final Consumer<String> log;

    /**
     * @param node    the DUT
     * @param options how to run VSPERF
     * @param log     receives every line VSPERF prints (for live progress), may be {@code null}
     */
    public VsperfTrafficGenerator(Node node, VsperfOptions options, Consumer<String> log) {
        this.node = Objects.requireNonNull(node, "node");
        this.options = Objects.requireNonNull(options, "options");
        this.log = log == null ? line -> { } : log;
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
        Instant start = Instant.now();
        String marker = "/tmp/kvm4nfv-vsperf-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        node.exec("touch " + Shell.quote(marker), SHORT).requireSuccess();
        try {
            AtomicReference<String> resultDir = new AtomicReference<>();
            String command = VsperfCommand.commandLine(request, options);
            ExecResult run = node.exec(command, ExecOptions.timeout(options.timeout())
                    .withStdout(line -> {
                        seeResultDir(line, resultDir);
                        log.accept(line);
                    })
                    .withStderr(line -> {
                        seeResultDir(line, resultDir);
                        log.accept(line);
                    }));
            if (!run.succeeded()) {
                throw new ForwardingFailedException("[" + node.name() + "] vsperf " + request.testId() + " " + run.outcome()
                        + tail(run));
            }
            String csv = findCsv(request, resultDir.get(), marker);
            String text = readFile(csv);
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
                    options.testType(), name(), figures, start, Duration.between(start, Instant.now()), csv);
        } finally {
            node.exec("rm -f " + Shell.quote(marker), SHORT);
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
        List<String> last = out.subList(Math.max(0, out.size() - 20), out.size());
        return last.isEmpty() ? "" : "\n--- last output ---\n" + String.join("\n", last);
    }
}
