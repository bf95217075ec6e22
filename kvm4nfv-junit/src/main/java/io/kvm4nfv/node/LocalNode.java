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

    /**
     * A local node called {@code name} (for messages and reports).
     *
     * @param name the node's name in the pod
     */
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
        return ExecResult.withoutSignal(name, command, status, !finished, out.tail(), err.tail(), took);
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

    /** Connects to the socket on this machine, retrying until {@code wait} has passed. */
    @Override
    public UnixStream openUnixStream(String socketPath, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            java.nio.channels.SocketChannel channel = null;
            try {
                channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                channel.connect(java.net.UnixDomainSocketAddress.of(socketPath));
                return new ChannelStream(channel, "[" + name + "] unix:" + socketPath);
            } catch (IOException e) {
                closeQuietly(channel);
                if (System.nanoTime() > deadline) {
                    throw new NodeException("[" + name + "] socket " + socketPath + " did not accept a connection within "
                            + wait + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new NodeException("[" + name + "] interrupted while connecting to " + socketPath, ie);
                }
            }
        }
    }

    private static void closeQuietly(java.nio.channels.SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    /**
     * A connected UNIX socket on this machine. Its streams call the channel directly: the
     * streams of {@link java.nio.channels.Channels} share one lock, so a reader blocked in one
     * thread would stop a writer in another (QMP reads and writes at once).
     */
    private record ChannelStream(java.nio.channels.SocketChannel channel, String describe) implements UnixStream {
        @Override
        public java.io.InputStream input() {
            return new java.io.InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
                }

                @Override
                public void close() {
                    closeQuietly(channel);
                }
            };
        }

        @Override
        public java.io.OutputStream output() {
            return new java.io.OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }

                @Override
                public void close() {
                    closeQuietly(channel);
                }
            };
        }

        @Override
        public void close() {
            closeQuietly(channel);
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
