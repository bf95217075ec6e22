package io.kvm4nfv.node;

import java.time.Duration;
import java.util.List;

/**
 * What came back from one command.
 *
 * @param node       the node's name
 * @param command    the command line as run
 * @param exitStatus the exit status, or {@code null} when the process was killed by a signal or timed out
 * @param signal     the signal name that ended the process (e.g. {@code KILL}), or {@code null}
 * @param timedOut   the timeout elapsed and the process was stopped
 * @param stdoutTail the last lines of stdout (bounded, see {@link ExecOptions#tailLines()})
 * @param stderrTail the last lines of stderr (bounded)
 * @param duration   wall time of the command
 */
public record ExecResult(String node, String command, Integer exitStatus, String signal, boolean timedOut,
                         List<String> stdoutTail, List<String> stderrTail, Duration duration) {

    /** The {@code signal} of a process no signal ended. */
    private static final String NO_SIGNAL = null;

    /**
     * Copies both tails into unmodifiable lists.
     *
     * @param node       the node's name
     * @param command    the command line as run
     * @param exitStatus the exit status, or {@code null} after a signal or a timeout
     * @param signal     the signal name that ended the process, or {@code null}
     * @param timedOut   whether the timeout elapsed and the process was stopped
     * @param stdoutTail the last lines of stdout (copied; must not hold {@code null})
     * @param stderrTail the last lines of stderr (copied; must not hold {@code null})
     * @param duration   wall time of the command
     */
    public ExecResult {
        stdoutTail = List.copyOf(stdoutTail);
        stderrTail = List.copyOf(stderrTail);
    }

    /**
     * A command no signal ended (the local shell reports none): it exited with {@code exitStatus},
     * or it was stopped at its timeout ({@code exitStatus} then {@code null}).
     *
     * @param node       the node's name
     * @param command    the command line as run
     * @param exitStatus the exit status, or {@code null} when the command timed out
     * @param timedOut   whether the timeout elapsed and the process was stopped
     * @param stdoutTail the last lines of stdout
     * @param stderrTail the last lines of stderr
     * @param duration   wall time of the command
     * @return a result whose {@link #signal()} is {@code null}
     */
    public static ExecResult withoutSignal(String node, String command, Integer exitStatus, boolean timedOut,
                                           List<String> stdoutTail, List<String> stderrTail, Duration duration) {
        return new ExecResult(node, command, exitStatus, NO_SIGNAL, timedOut, stdoutTail, stderrTail, duration);
    }

    /**
     * Whether the command succeeded: exit status 0, no signal, no timeout.
     *
     * @return {@code true} on success
     */
    public boolean succeeded() {
        return !timedOut && signal == null && exitStatus != null && exitStatus == 0;
    }

    /**
     * The kept stdout tail joined with line breaks.
     *
     * @return the stdout tail as one string, without a final line break; empty when there was no output
     */
    public String stdoutText() {
        return String.join("\n", stdoutTail);
    }

    /**
     * The kept stderr tail joined with line breaks.
     *
     * @return the stderr tail as one string, without a final line break; empty when there was no output
     */
    public String stderrText() {
        return String.join("\n", stderrTail);
    }

    /**
     * Returns this when the command succeeded; otherwise throws {@link CommandFailedException}.
     *
     * @return this result, for chaining
     * @throws CommandFailedException when the command did not {@link #succeeded() succeed}
     */
    public ExecResult requireSuccess() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    /**
     * How the command ended, for messages.
     *
     * @return {@code "exit 3"}, {@code "killed by signal KILL"} or {@code "timed out after PT5S"}
     */
    public String outcome() {
        if (timedOut) {
            return "timed out after " + duration;
        }
        if (signal != null) {
            return "killed by signal " + signal;
        }
        return "exit " + exitStatus;
    }
}
