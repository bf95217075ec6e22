package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.CyclictestResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs cyclictest on a node and returns its parsed result. The output is parsed while it
 * streams and copied line by line to a local raw-output file, so nothing is held in
 * memory and nothing is lost if the run fails half-way. The command's timeout is the
 * planned duration plus a margin; on timeout the node stops the remote process.
 *
 * @param options      the cyclictest options
 * @param testType     the KVM4NFV test type name, e.g. {@code CPU_stress-Idle}
 * @param rawOutput    local file that receives the raw output
 * @param margin       added to the planned duration for the command timeout
 * @param progressSink receives progress lines (elapsed / planned, max so far) at least every 10 s
 */
public record CyclictestRun(CyclictestOptions options, String testType, Path rawOutput, Duration margin,
                            Consumer<String> progressSink) {

    /**
     * Runs it.
     *
     * @param node the host or guest cyclictest runs on
     * @return the parsed result, with the path of the raw-output file
     * @throws CyclictestFailedException when cyclictest fails or prints no figures (the message has its output tail)
     * @throws java.io.UncheckedIOException when the raw-output file cannot be created or written
     */
    public CyclictestResult run(Node node) {
        CyclictestOutputParser parser = new CyclictestOutputParser();
        String command = Shell.command(options.commandLine());
        Duration timeout = options.plannedDuration().plus(margin);
        ExecResult exec;
        try {
            Files.createDirectories(rawOutput.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + rawOutput.getParent() + ": " + e.getMessage(), e);
        }
        try (BufferedWriter raw = Files.newBufferedWriter(rawOutput, StandardCharsets.UTF_8);
             CyclictestProgress progress = CyclictestProgress.of(testType + " on " + node.name(), options, parser,
                     progressSink).start()) {
            raw.write("# " + node.name() + ": " + command + "\n");
            Consumer<String> stdout = line -> {
                parser.accept(line);
                write(raw, line);
            };
            exec = node.exec(command, ExecOptions.timeout(timeout).withStdout(stdout)
                    .withStderr(line -> write(raw, "stderr: " + line)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rawOutput + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write " + rawOutput + ": " + e.getMessage(), e.getCause());
        }
        if (!exec.succeeded()) {
            throw new CyclictestFailedException("cyclictest on " + node.name() + " " + exec.outcome()
                    + " (raw output: " + rawOutput + ")\n" + exec.stderrText() + "\n" + exec.stdoutText());
        }
        try {
            return parser.result(testType, options).withRawOutputFile(rawOutput.toString());
        } catch (RuntimeException e) {
            throw new CyclictestFailedException("cyclictest output on " + node.name() + " could not be read: "
                    + e.getMessage() + " (raw output: " + rawOutput + ")", e);
        }
    }

    private static void write(BufferedWriter raw, String line) {
        try {
            raw.write(line);
            raw.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** cyclictest failed, timed out, or printed nothing that could be measured. */
    public static class CyclictestFailedException extends NodeException {
        private static final long serialVersionUID = 1L;

        /**
         * An exception with a message only.
         *
         * @param message what failed, on which node, with the output's tail
         */
        public CyclictestFailedException(String message) {
            super(message);
        }

        /**
         * An exception with a message and the underlying cause.
         *
         * @param message what failed, on which node
         * @param cause the parse error or other failure behind it
         */
        public CyclictestFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
