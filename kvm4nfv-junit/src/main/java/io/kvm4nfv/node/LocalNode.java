package io.kvm4nfv.node;

import java.util.Optional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine as a {@link Node}: commands run as {@code sh -c COMMAND} child processes.
 * On timeout the whole process tree (the shell and all its descendants) is stopped:
 * {@code SIGTERM} first, {@code SIGKILL} for what is still alive after a short grace period.
 * {@link #upload} is a local copy; {@link #reboot} is refused.
 */
public final class LocalNode implements Node {
    private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);
    /** How long a process tree gets between SIGTERM and SIGKILL. */
    static final Duration TERM_GRACE = Duration.ofSeconds(2);
    /** How long the output pumps may take after the process ended. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final String name;

    /** A local node called {@code name} (for messages and reports). */
    public LocalNode(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ExecResult exec(String command, ExecOptions options) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(options, "options");
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new NodeException("[" + name + "] cannot start `" + command + "`: " + e.getMessage(), e);
        }
        StreamPump out = StreamPump.start(process.getInputStream(), options.stdout(), options.tailLines());
        StreamPump err = StreamPump.start(process.getErrorStream(), options.stderr(), options.tailLines());
        boolean finished = waitFor(process, options.timeout());
        if (!finished) {
            LOG.warn("[{}] `{}` timed out after {}; stopping its process tree", name, command, options.timeout());
            killTree(process.toHandle());
        }
        if (!out.awaitEnd(DRAIN_GRACE)) {
            out.abandon();
        }
        if (!err.awaitEnd(DRAIN_GRACE)) {
            err.abandon();
        }
        out.awaitEnd(DRAIN_GRACE);
        err.awaitEnd(DRAIN_GRACE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        out.rethrowConsumerFailure(name, "stdout");
        err.rethrowConsumerFailure(name, "stderr");
        Integer status = finished ? process.exitValue() : null;
        return new ExecResult(name, command, status, null, !finished, out.tail(), err.tail(), took);
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops {@code root} and all its descendants: SIGTERM to the whole tree (taken again
     * after each round so late children are caught), SIGKILL to what survives the grace period.
     */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> tree = tree(root);
            tree.removeIf(p -> seen.stream().anyMatch(s -> s.pid() == p.pid()));
            tree.forEach(ProcessHandle::destroy);
            seen.addAll(tree);
        }
        long deadline = System.nanoTime() + TERM_GRACE.toNanos();
        for (ProcessHandle p : seen) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // still alive: killed below
                }
            }
        }
        List<ProcessHandle> survivors = Stream.concat(seen.stream(), tree(root).stream())
                .filter(ProcessHandle::isAlive).collect(Collectors.toList());
        if (!survivors.isEmpty()) {
            LOG.warn("SIGKILL to {} process(es) that ignored SIGTERM", survivors.size());
            survivors.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        // descendants first (children would be re-parented once the parent is gone)
        root.descendants().forEach(all::add);
        if (root.isAlive()) {
            all.add(root);
        }
        return all;
    }

    @Override
    public void upload(Path local, String remotePath, Duration timeout) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remotePath, "remotePath");
        Path target = Path.of(remotePath);
        try {
            if (Files.isDirectory(local)) {
                Files.createDirectories(target);
                try (Stream<Path> walk = Files.walk(local)) {
                    for (Path source : (Iterable<Path>) walk::iterator) {
                        Path dest = target.resolve(local.relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            createDirectory(dest);
                        } else {
                            Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING,
                                    StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            } else if (Files.isRegularFile(local)) {
                Path dest = Files.isDirectory(target) ? target.resolve(local.getFileName().toString()) : target;
                if (dest.getParent() != null) {
                    Files.createDirectories(dest.getParent());
                }
                Files.copy(local, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            } else {
                throw new NodeException("[" + name + "] nothing to upload: " + local + " is neither a file nor a directory");
            }
        } catch (IOException | UncheckedIOException e) {
            throw new NodeException("[" + name + "] cannot copy " + local + " to " + remotePath + ": " + e, e);
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(dir + " exists and is not a directory", e);
        }
    }

    /** Why this node is never rebooted: it is the machine running the tests. */
    public static final String THIS_MACHINE = "it is the machine running the tests (the embedded lab never reboots it)";

    /** Always refused: the embedded lab never reboots the machine it runs on. */
    @Override
    public RebootResult reboot(RebootOptions options) {
        throw new RebootRefusedException(name, THIS_MACHINE);
    }

    @Override
    public Optional<String> rebootRefusal() {
        return Optional.of(THIS_MACHINE);
    }

    @Override
    public void close() {
        // nothing held open between commands
    }

    @Override
    public String toString() {
        return "LocalNode[" + name + "]";
    }
}
