package io.kvm4nfv.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ordered list of setup steps, validated against a script directory: every script
 * step names a regular file directly inside that directory (no path separators, no
 * {@code ..}), so a step can never reach outside the pod's scripts.
 *
 * @param steps     the steps in order
 * @param scriptDir the directory the script steps come from (absolute)
 */
public record SetupSequence(List<Step> steps, Path scriptDir) {

    /** The built-in step name that reboots the node. */
    public static final String REBOOT = "reboot";

    private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * Copies the steps; {@link #parse(List, Path)} validates them against the directory.
     *
     * @param steps     the steps in order; not {@code null}
     * @param scriptDir the directory the script steps come from; not {@code null}
     */
    public SetupSequence {
        steps = List.copyOf(steps);
        Objects.requireNonNull(scriptDir, "scriptDir");
    }

    /**
     * An empty sequence (nothing to set up).
     *
     * @param scriptDir the pod's script directory
     * @return a sequence without steps
     */
    public static SetupSequence empty(Path scriptDir) {
        return new SetupSequence(List.of(), scriptDir);
    }

    /**
     * Parses step names. {@code reboot} is the built-in reboot; every other name must be a
     * script file directly inside {@code scriptDir}.
     *
     * @param names     the step names in order, e.g. {@code [host-setup0.sh, reboot, host-setup1.sh]}
     * @param scriptDir the pod's host or guest script directory
     * @return the validated sequence, its directory made absolute
     * @throws InvalidStepException naming the step, its position and the valid choices
     */
    public static SetupSequence parse(List<String> names, Path scriptDir) {
        Path dir = scriptDir.toAbsolutePath().normalize();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new InvalidStepException("step " + i + " is empty");
            }
            if (REBOOT.equals(name)) {
                steps.add(new Step.Reboot());
                continue;
            }
            if (!SCRIPT_NAME.matcher(name).matches() || name.contains("..")) {
                throw new InvalidStepException("step " + i + " '" + name + "' is not a plain script name: "
                        + "steps are 'reboot' or a file name directly inside " + dir
                        + " (letters, digits, '.', '_', '-'; no path)");
            }
            Path script = dir.resolve(name).normalize();
            if (!script.getParent().equals(dir) || !Files.isRegularFile(script)) {
                throw new InvalidStepException("step " + i + " '" + name + "' is unknown: no such script in "
                        + dir + "; available: " + available(dir) + " or 'reboot'");
            }
            steps.add(new Step.Script(name));
        }
        return new SetupSequence(steps, dir);
    }

    /**
     * The step names in order (the sharing key of provisioned environments).
     *
     * @return the names, {@code reboot} for a reboot
     */
    public List<String> names() {
        return steps.stream().map(Step::name).toList();
    }

    /**
     * Whether there is nothing to set up.
     *
     * @return {@code true} when the sequence has no step
     */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    private static List<String> available(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }
}
