package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.OslatResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs oslat on a node and returns its parsed result. The output is parsed while it streams
 * and copied line by line to a local raw-output file (stderr lines prefixed {@code stderr: }),
 * so nothing is held in memory and nothing is lost if the run fails half-way. The command's
 * timeout is the planned duration (pre-heat included) plus a margin; on timeout the node stops
 * the remote process.
 *
 * @param options   the oslat options
 * @param testType  the KVM4NFV test type name, e.g. {@code Idle-Idle}
 * @param rawOutput local file that receives the raw output
 * @param margin    added to the planned duration for the command timeout
 */
public record OslatRun(OslatOptions options, String testType, Path rawOutput, Duration margin) {

    /**
     * Runs it.
     *
     * @param node the host or guest oslat runs on
     * @return the parsed result, with the path of the raw-output file
     * @throws OslatFailedException when oslat fails, stops at its trace threshold, or prints no
     *                              figures (the message has its output tail)
     * @throws java.io.UncheckedIOException when the raw-output file cannot be created or written
     */
    public OslatResult run(Node node) {
        OslatOutputParser parser = new OslatOutputParser();
        AtomicReference<OslatTraceHit> traceHit = new AtomicReference<>();
        String command = Shell.command(options.commandLine());
        ExecResult exec;
        try {
            Files.createDirectories(rawOutput.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + rawOutput.getParent() + ": " + e.getMessage(), e);
        }
        try (Writer raw = Files.newBufferedWriter(rawOutput, StandardCharsets.UTF_8)) {
            copy(raw, "# " + node.name() + ": " + command);
            exec = node.exec(command, ExecOptions.timeout(options.plannedDuration().plus(margin))
                    .withStdout(line -> {
                        parser.accept(line);
                        copy(raw, line);
                    })
                    .withStderr(line -> {
                        OslatTraceHit.parse(line).ifPresent(traceHit::set);
                        copy(raw, "stderr: " + line);
                    }));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot write " + rawOutput + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        String where = " (raw output: " + rawOutput + ")";
        if (!exec.succeeded()) {
            String what = traceHit.get() != null ? "stopped at its trace threshold: " + traceHit.get().describe()
                    : exec.outcome();
            throw new OslatFailedException("oslat on " + node.name() + " " + what + where + "\n" + exec.stderrText()
                    + "\n" + exec.stdoutText(), traceHit.get());
        }
        try {
            return parser.result(testType, options).withRawOutputFile(rawOutput.toString());
        } catch (OslatParseException e) {
            throw new OslatFailedException("oslat output on " + node.name() + " could not be read: " + e.getMessage()
                    + where + "\n" + exec.stdoutText(), e);
        }
    }

    private static void copy(Writer raw, String line) {
        try {
            raw.write(line);
            raw.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** oslat failed, timed out, stopped at its trace threshold, or printed nothing that could be measured. */
    public static class OslatFailedException extends NodeException {
        private static final long serialVersionUID = 1L;

        private final transient OslatTraceHit traceHit;

        /**
         * An exception for a run that failed, timed out or stopped at its trace threshold.
         *
         * @param message what failed, on which node, with the output's tail
         * @param traceHit the trace threshold hit reported on stderr, or {@code null} if there was none
         */
        public OslatFailedException(String message, OslatTraceHit traceHit) {
            super(message);
            this.traceHit = traceHit;
        }

        /**
         * An exception for output that could not be read.
         *
         * @param message what failed, on which node, with the output's tail
         * @param cause the parse error behind it
         */
        public OslatFailedException(String message, Throwable cause) {
            super(message, cause);
            this.traceHit = null;
        }

        /**
         * The trace threshold hit that stopped the run, if that is what happened.
         *
         * @return the hit, or empty when the run failed for another reason
         */
        public Optional<OslatTraceHit> traceHit() {
            return Optional.ofNullable(traceHit);
        }
    }
}
