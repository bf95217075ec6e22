package io.kvm4nfv.lab;

import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;

import java.time.Duration;

/** Facts read from a node for reports; a fact that cannot be read says so instead of failing. */
public final class LabFacts {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private LabFacts() {
    }

    /**
     * {@code uname -r} of the node.
     *
     * @param node the node to ask
     * @return the kernel release, or {@code unknown (REASON)} when it cannot be read
     */
    public static String kernel(Node node) {
        return first(node, "uname -r");
    }

    /**
     * The first line of {@code qemu-system-x86_64 --version} on the node.
     *
     * @param node the node to ask
     * @return e.g. {@code QEMU emulator version 7.2.0}, or {@code unknown (REASON)} when it cannot be read
     */
    public static String qemuVersion(Node node) {
        return first(node, "qemu-system-x86_64 --version 2>/dev/null | head -n 1");
    }

    private static String first(Node node, String command) {
        try {
            ExecResult r = node.exec(command, TIMEOUT);
            String out = r.stdoutText().trim();
            return r.succeeded() && !out.isEmpty() ? out.lines().findFirst().orElse("unknown") : "unknown (" + r.outcome() + ")";
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
