package io.kvm4nfv.setup;

import io.kvm4nfv.node.CommandFailedException;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.node.RebootResult;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.report.Journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs a {@link SetupSequence} on one node: uploads the script directory once, then runs
 * the steps in order, each as a journal step with its output and duration; a failing
 * step stops the sequence with {@link SetupFailedException}.
 *
 * @param remoteDir   where the scripts are uploaded on the node
 * @param stepTimeout bound of one script step
 * @param reboot      how a {@code reboot} step reboots and waits
 * @param environment variables given to every script (names must be shell identifiers; values are quoted)
 * @param journal     where steps and outputs are reported
 * @param log         receives every output line of every step, prefixed with node and step
 */
public record SetupRunner(String remoteDir, Duration stepTimeout, RebootOptions reboot,
                          Map<String, String> environment, Journal journal, Consumer<String> log) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int TAIL_LINES = 60;

    /**
     * Checks the variable names and defaults the journal and the log.
     *
     * @param remoteDir   where the scripts are uploaded on the node
     * @param stepTimeout bound of one script step
     * @param reboot      how a {@code reboot} step reboots and waits
     * @param environment variables given to every script; names must be shell identifiers; not {@code null}
     * @param journal     where steps and outputs are reported, or {@code null} for {@link Journal#SILENT}
     * @param log         receives every output line, or {@code null} to drop them
     * @throws IllegalArgumentException when a variable name is not a shell identifier
     */
    public SetupRunner {
        environment = new TreeMap<>(environment);
        environment.keySet().forEach(k -> {
            if (!IDENTIFIER.matcher(k).matches()) {
                throw new IllegalArgumentException("environment variable name is not a shell identifier: " + k);
            }
        });
        journal = journal == null ? Journal.SILENT : journal;
        log = log == null ? line -> { } : log;
    }

    /**
     * Runs every step in order and returns their results; throws at the first failing step.
     *
     * @param node     the node to set up
     * @param sequence the steps to run
     * @return one result per step, in order (empty for an empty sequence); skipped steps are included
     * @throws SetupFailedException at the first failing step
     */
    public List<StepResult> run(Node node, SetupSequence sequence) {
        List<StepResult> results = new ArrayList<>();
        if (sequence.isEmpty()) {
            return results;
        }
        boolean uploaded = false;
        for (Step step : sequence.steps()) {
            if (step instanceof Step.Script && !uploaded) {
                upload(node, sequence);
                uploaded = true;
            }
            StepResult result = runStep(node, step);
            results.add(result);
            if (step instanceof Step.Reboot && !result.skipped()) {
                uploaded = false; // /tmp may not survive a reboot (a guest's initramfs never does)
            }
        }
        return results;
    }

    private void upload(Node node, SetupSequence sequence) {
        node.upload(sequence.scriptDir(), remoteDir, stepTimeout);
        node.exec(Shell.command("chmod", "-R", "u+rx", remoteDir), ExecOptions.timeout(stepTimeout)).requireSuccess();
    }

    private StepResult runStep(Node node, Step step) {
        String title = step.name() + " on " + node.name();
        if (step instanceof Step.Reboot && node.rebootRefusal().isPresent()) {
            String reason = node.rebootRefusal().get();
            log.accept("[" + node.name() + " " + step.name() + "] skipped: " + reason);
            journal.skipped(title, reason);
            return StepResult.skipped(node.name(), step.name(), reason);
        }
        StepResult[] holder = new StepResult[1];
        try {
            journal.run(title, () -> {
                StepResult r = step instanceof Step.Reboot ? reboot(node) : script(node, (Step.Script) step);
                holder[0] = r;
                if (!r.outputTail().isEmpty()) {
                    journal.attachText(step.name() + " output", String.join("\n", r.outputTail()));
                }
                if (!r.succeeded()) {
                    throw new SetupFailedException(r);
                }
            });
        } catch (SetupFailedException e) {
            throw e;
        } catch (Exception e) {
            StepResult r = holder[0] != null ? holder[0]
                    : StepResult.ran(node.name(), step.name(), false, e.getMessage(), Duration.ZERO, List.of());
            throw new SetupFailedException(r, e);
        }
        return holder[0];
    }

    private StepResult script(Node node, Step.Script step) {
        List<String> words = new ArrayList<>();
        words.add("env");
        environment.forEach((k, v) -> words.add(k + "=" + v));
        words.add(remoteDir + "/" + step.name());
        String command = "cd " + Shell.quote(remoteDir) + " && " + Shell.command(words);
        String prefix = "[" + node.name() + " " + step.name() + "] ";
        ExecOptions options = ExecOptions.timeout(stepTimeout).withTailLines(TAIL_LINES)
                .withStdout(line -> log.accept(prefix + line))
                .withStderr(line -> log.accept(prefix + line));
        ExecResult r = node.exec(command, options);
        List<String> tail = new ArrayList<>(r.stdoutTail());
        tail.addAll(r.stderrTail());
        return StepResult.ran(node.name(), step.name(), r.succeeded(), r.outcome(), r.duration(), tail);
    }

    private StepResult reboot(Node node) {
        long start = System.nanoTime();
        try {
            RebootResult r = node.reboot(reboot);
            return StepResult.ran(node.name(), SetupSequence.REBOOT, true,
                    "boot id " + r.oldBootId() + " -> " + r.newBootId(), r.duration(), List.of());
        } catch (CommandFailedException e) {
            ExecResult x = e.result();
            List<String> tail = new ArrayList<>(x.stdoutTail());
            tail.addAll(x.stderrTail());
            return StepResult.ran(node.name(), SetupSequence.REBOOT, false, e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start), tail);
        } catch (NodeException e) {
            return StepResult.ran(node.name(), SetupSequence.REBOOT, false, e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start), List.of());
        }
    }
}
