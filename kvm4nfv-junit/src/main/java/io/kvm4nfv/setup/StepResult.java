package io.kvm4nfv.setup;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one setup step on one node.
 *
 * @param node       the node's name
 * @param step       the step's name
 * @param succeeded  whether it succeeded (a skipped step did not fail the sequence: {@code true})
 * @param skipped    whether the step was skipped on purpose instead of run (a {@code reboot} of a
 *                   node that is the machine running the tests); {@code outcome} then says why
 * @param outcome    "exit 0", "exit 3", "killed by signal KILL", "timed out after …", the reboot's boot
 *                   ids, or "skipped: …" with the reason
 * @param duration   wall time of the step
 * @param outputTail last lines of the step's output (stdout then stderr)
 */
public record StepResult(String node, String step, boolean succeeded, boolean skipped, String outcome,
                         Duration duration, List<String> outputTail) {
    /**
     * Copies the output tail.
     *
     * @param node       the node's name
     * @param step       the step's name
     * @param succeeded  whether it succeeded ({@code true} for a skipped step)
     * @param skipped    whether it was skipped on purpose instead of run
     * @param outcome    the exit status, signal, timeout, boot ids, or the skip reason
     * @param duration   wall time of the step
     * @param outputTail last lines of the step's output; not {@code null}
     */
    public StepResult {
        outputTail = List.copyOf(outputTail);
    }

    /**
     * A step that ran (successfully or not).
     *
     * @param node       the node's name
     * @param step       the step's name
     * @param succeeded  whether it succeeded
     * @param outcome    e.g. {@code exit 0}, {@code timed out after …}, or the reboot's boot ids
     * @param duration   wall time of the step
     * @param outputTail last lines of its output (stdout then stderr)
     * @return the result, not skipped
     */
    public static StepResult ran(String node, String step, boolean succeeded, String outcome, Duration duration,
                                 List<String> outputTail) {
        return new StepResult(node, step, succeeded, false, outcome, duration, outputTail);
    }

    /**
     * A step skipped on purpose, with the reason: the sequence goes on.
     *
     * @param node   the node's name
     * @param step   the step's name
     * @param reason why it was not run
     * @return a succeeded, skipped result of zero duration whose outcome is {@code skipped: reason}
     */
    public static StepResult skipped(String node, String step, String reason) {
        return new StepResult(node, step, true, true, "skipped: " + reason, Duration.ZERO, List.of());
    }
}
