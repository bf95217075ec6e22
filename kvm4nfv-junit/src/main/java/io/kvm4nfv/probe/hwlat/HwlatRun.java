package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.lab.LabResources;
import io.kvm4nfv.lab.Reaper;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.HardwareLatencyResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs hwlatdetect on a node and returns its parsed result. The output (stdout and stderr) is
 * parsed while it streams and copied line by line to a local raw-output file. The command's
 * timeout is the planned duration plus a margin; on timeout the node stops the remote process.
 *
 * <p>hwlatdetect switches ftrace on ({@code current_tracer=hwlat}, {@code tracing_on=1}) and leaves it
 * so when it is killed. The run therefore reads the tracefs files it changes first
 * ({@link HwlatTracefs}), registers their restore with {@link #resources()} (so the reaper of a killed
 * JVM puts them back, see {@link #undoWith}), and restores whatever differs afterwards, always. A node
 * whose tracefs is busy with another tracer is not touched: the result is unavailable.
 *
 * <p>A machine that cannot measure (no {@code hwlat} tracer, not root, no debugfs) gives an
 * <em>unavailable</em> result, not an exception. Exit status 1 with a whole summary is a run whose
 * maximum exceeded {@code --hardlimit}: a result too (the SLA judges it).
 *
 * @param options        the hwlatdetect options
 * @param rawOutput      local file that receives the raw output
 * @param margin         added to the planned duration for the command timeout
 * @param commandTimeout bound of each tracefs command (read, prepare, restore)
 * @param resources      where the tracefs restore is registered before the run ({@link LabResources#none()}: nowhere)
 */
public record HwlatRun(HwlatOptions options, Path rawOutput, Duration margin, Duration commandTimeout,
                       LabResources resources) {

    /** Margin of {@link #of}: hwlatdetect's start, its last poll and its stop. */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(60);

    /** Prefix of the stderr lines in the raw-output file. */
    private static final String STDERR = "stderr: ";

    /**
     * Checks the components: all present, the margin not negative, the command timeout positive.
     *
     * @param options the hwlatdetect options
     * @param rawOutput local file that receives the raw output
     * @param margin added to the planned duration for the command timeout, &gt;= 0
     * @param commandTimeout bound of each tracefs command, &gt; 0
     * @param resources where the tracefs restore is registered before the run
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException when the margin is negative or the command timeout is not positive
     */
    public HwlatRun {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(rawOutput, "rawOutput");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(resources, "resources");
        if (margin.isNegative() || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("margin must be >= 0 and commandTimeout > 0: margin=" + margin
                    + ", commandTimeout=" + commandTimeout);
        }
    }

    /**
     * A run with a 60 s margin, 30 s tracefs commands, and no reaper.
     *
     * @param options the hwlatdetect options
     * @param rawOutput local file that receives the raw output
     * @return the run, not started
     */
    public static HwlatRun of(HwlatOptions options, Path rawOutput) {
        return new HwlatRun(options, rawOutput, DEFAULT_MARGIN, Duration.ofSeconds(30), LabResources.none());
    }

    /**
     * This run with the tracefs restore registered with {@code resources} before hwlatdetect starts, so
     * a killed JVM does not leave the node tracing (the embedded lab's host is the machine running the
     * tests: its {@link Reaper}).
     *
     * @param resources where the tracefs restore is registered, e.g. the embedded lab's reaper
     * @return a copy of this run with {@code resources} replaced
     */
    public HwlatRun undoWith(LabResources resources) {
        return new HwlatRun(options, rawOutput, margin, commandTimeout, resources);
    }

    /**
     * Runs it.
     *
     * @param node the host to measure
     * @return the parsed result, or an unavailable result saying why the node cannot measure
     * @throws HwlatFailedException when hwlatdetect fails, times out or prints no summary (the message has its
     *                              output tail), or when tracefs cannot be read or restored
     */
    public HardwareLatencyResult run(Node node) {
        ExecResult read = script(node, HwlatTracefs.readScript());
        if (!read.succeeded()) {
            throw new HwlatFailedException("[" + node.name() + "] reading tracefs before hwlatdetect "
                    + read.outcome() + ": " + read.stderrText() + " " + read.stdoutText());
        }
        HwlatTracefs saved = HwlatTracefs.parse(read.stdoutTail());
        if (saved.busy()) {
            return HardwareLatencyResult.unavailable(node.name(), "tracefs at " + saved.tracefs()
                    + " is busy with current_tracer=" + saved.currentTracer()
                    + " (hwlatdetect would replace it; the run leaves it alone).", options.thresholdUs(),
                    options.commandLine(), options.durationSeconds());
        }
        Reaper.Registration undo = resources.registerUndo("hwlat-" + node.name(), saved.restoreScript());
        HardwareLatencyResult result = null;
        RuntimeException failure = null;
        try {
            if (!saved.tracefs().isEmpty() && saved.widthBlocks(options.windowUs())) {
                script(node, HwlatTracefs.prepareScript(saved.tracefs(), options.widthUs())).requireSuccess();
            }
            result = measure(node);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            restore(node, saved);
            undo.forget();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private HardwareLatencyResult measure(Node node) {
        HwlatReportParser parser = new HwlatReportParser();
        // a line that cannot be read must not stop the stream: hwlatdetect then runs to its own cleanup
        HwlatParseException[] unreadable = new HwlatParseException[1];
        // stdout and stderr are pumped on two threads: one line at a time into the file and the parser
        Object lock = new Object();
        String command = Shell.command(options.commandLine());
        Duration timeout = options.plannedDuration().plus(margin);
        ExecResult exec;
        try {
            Path parent = rawOutput.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + rawOutput.getParent() + ": " + e.getMessage(), e);
        }
        try (BufferedWriter raw = Files.newBufferedWriter(rawOutput, StandardCharsets.UTF_8)) {
            raw.write("# " + node.name() + ": " + command + "\n");
            exec = node.exec(command, ExecOptions.timeout(timeout)
                    .withStdout(line -> feed(lock, raw, "", line, parser, unreadable))
                    .withStderr(line -> feed(lock, raw, STDERR, line, parser, unreadable)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rawOutput + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write " + rawOutput + ": " + e.getMessage(), e.getCause());
        }
        if (unreadable[0] != null) {
            throw new HwlatFailedException("hwlatdetect output on " + node.name() + " could not be read ("
                    + exec.outcome() + "): " + unreadable[0].getMessage() + " (raw output: " + rawOutput + ")",
                    unreadable[0]);
        }
        boolean finished = !exec.timedOut() && exec.signal() == null && exec.exitStatus() != null;
        if (finished && parser.unavailableReason().isPresent()) {
            return parser.result(node.name(), options).withRawOutputFile(rawOutput.toString());
        }
        // exit 1 with a whole summary: the maximum exceeded --hardlimit
        boolean ran = finished && (exec.exitStatus() == 0 || exec.exitStatus() == 1 && parser.complete());
        if (!ran) {
            throw new HwlatFailedException("hwlatdetect on " + node.name() + " " + exec.outcome()
                    + parser.pythonError().map(e -> ": " + e).orElse("") + " (raw output: " + rawOutput + ")\n"
                    + exec.stderrText() + "\n" + exec.stdoutText());
        }
        try {
            return parser.result(node.name(), options).withRawOutputFile(rawOutput.toString());
        } catch (HwlatParseException e) {
            throw new HwlatFailedException("hwlatdetect output on " + node.name() + " could not be read: "
                    + e.getMessage() + " (raw output: " + rawOutput + ")\n" + exec.stderrText() + "\n"
                    + exec.stdoutText(), e);
        }
    }

    private void restore(Node node, HwlatTracefs saved) {
        ExecResult r = script(node, saved.restoreScript());
        if (!r.succeeded()) {
            throw new HwlatFailedException("[" + node.name() + "] restoring tracefs after hwlatdetect failed ("
                    + r.outcome() + "): " + String.join("; ", r.stdoutTail()) + " " + r.stderrText()
                    + " - ftrace may be left on: check with FtraceSession.verifyOff");
        }
    }

    private ExecResult script(Node node, String script) {
        return node.exec("sh -c " + Shell.quote(script), ExecOptions.timeout(commandTimeout).withTailLines(100));
    }

    /** Copies a line to the raw file and reads it, remembering the first line that cannot be read. */
    private static void feed(Object lock, BufferedWriter raw, String prefix, String line, HwlatReportParser parser,
                             HwlatParseException[] unreadable) {
        synchronized (lock) {
            try {
                raw.write(prefix);
                raw.write(line);
                raw.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (unreadable[0] == null) {
                try {
                    parser.accept(line);
                } catch (HwlatParseException e) {
                    unreadable[0] = e;
                }
            }
        }
    }

    /** hwlatdetect failed, timed out, printed no summary, or tracefs could not be read or restored. */
    public static class HwlatFailedException extends NodeException {
        private static final long serialVersionUID = 1L;

        /**
         * An exception with a message only.
         *
         * @param message what failed, on which node, with the output's tail
         */
        public HwlatFailedException(String message) {
            super(message);
        }

        /**
         * An exception with a message and the underlying cause.
         *
         * @param message what failed, on which node
         * @param cause the parse error behind it
         */
        public HwlatFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
