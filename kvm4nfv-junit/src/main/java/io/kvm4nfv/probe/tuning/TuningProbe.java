package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a node's tuning facts ({@code /proc/cmdline}, {@code /sys}, {@code /proc}) with ONE
 * remote command — a POSIX shell script that also runs under busybox ash — and builds the
 * {@link TuningReport}. Reads only; never changes the node.
 */
public final class TuningProbe {

    /** Default bound of the remote command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String SCRIPT = loadScript();

    private TuningProbe() {
    }

    /**
     * The fact script (key=value lines on stdout).
     *
     * @return the text of the {@code tuning-facts.sh} script
     */
    public static String script() {
        return SCRIPT;
    }

    /** The command line that runs the script with {@code sh} on the node. */
    static String command() {
        return "sh -c " + Shell.quote(SCRIPT);
    }

    /**
     * Runs the script on the node and parses its output.
     *
     * @param node the host or guest to read
     * @param timeout bound of the remote command
     * @return the parsed facts
     * @throws NodeException when the command fails or its output is not the script's
     */
    public static TuningFacts readFacts(Node node, Duration timeout) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ExecResult result = node.exec(command(), ExecOptions.timeout(timeout).withStdout(lines::add).withTailLines(20));
        result.requireSuccess();
        try {
            return TuningFacts.parse(List.copyOf(lines));
        } catch (IllegalArgumentException e) {
            throw new NodeException("[" + node.name() + "] " + e.getMessage(), e);
        }
    }

    /**
     * Reads the node's facts and compares them with {@code expected}; policy OFF reads nothing.
     *
     * @param node the host or guest to check
     * @param expected what the tuning should be
     * @param policy what a mismatch means; {@code OFF} checks nothing
     * @param timeout bound of the remote command
     * @return the node's report; no rows with policy {@code OFF}
     * @throws NodeException when the command fails or its output is not the script's
     */
    public static TuningReport check(Node node, TuningExpectations expected, TuningPolicy policy, Duration timeout) {
        if (policy == TuningPolicy.OFF) {
            return new TuningReport(node.name(), policy, List.of());
        }
        return TuningReport.of(node.name(), policy, readFacts(node, timeout), expected);
    }

    private static String loadScript() {
        try (InputStream in = TuningProbe.class.getResourceAsStream("tuning-facts.sh")) {
            if (in == null) {
                throw new IllegalStateException("tuning-facts.sh missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
