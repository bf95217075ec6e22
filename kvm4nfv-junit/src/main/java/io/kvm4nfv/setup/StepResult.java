package io.kvm4nfv.setup;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one setup step on one node.
 *
 * @param node       the node's name
 * @param step       the step's name
 * @param succeeded  whether it succeeded
 * @param outcome    "exit 0", "exit 3", "killed by signal KILL", "timed out after …", or the reboot's boot ids
 * @param duration   wall time of the step
 * @param outputTail last lines of the step's output (stdout then stderr)
 */
public record StepResult(String node, String step, boolean succeeded, String outcome, Duration duration,
                         List<String> outputTail) {
    public StepResult {
        outputTail = List.copyOf(outputTail);
    }
}
