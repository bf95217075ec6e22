package io.kvm4nfv.probe;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.node.RebootResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test-only {@link Node} that runs commands on this machine with a given shell
 * ({@code sh} or {@code busybox sh}), honouring timeout, streaming and tail. Stands in for the
 * library's LocalNode in probe tests; it kills the whole process tree on timeout.
 */
public final class ShellNode implements Node {

    private final String name;
    private final List<String> shell;

    public ShellNode(String name, List<String> shell) {
        this.name = name;
        this.shell = List.copyOf(shell);
    }

    /** {@code /bin/sh -c}. */
    public static ShellNode sh() {
        return new ShellNode("local-sh", List.of("/bin/sh", "-c"));
    }

    /** {@code busybox sh -c}, as in the lab's guest. */
    public static ShellNode busybox() {
        return new ShellNode("local-busybox", List.of("busybox", "sh", "-c"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ExecResult exec(String command, ExecOptions options) {
        List<String> argv = new ArrayList<>(shell);
        argv.add(command);
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Deque<String> out = new ArrayDeque<>();
            Deque<String> err = new ArrayDeque<>();
            Thread to = drain(p.getInputStream(), options.stdout(), out, options.tailLines());
            Thread te = drain(p.getErrorStream(), options.stderr(), err, options.tailLines());
            boolean done = p.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            to.join(5000);
            te.join(5000);
            synchronized (out) {
                synchronized (err) {
                    return new ExecResult(name, command, done ? p.exitValue() : null, null, !done,
                            List.copyOf(out), List.copyOf(err), Duration.ofNanos(System.nanoTime() - start));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Thread drain(InputStream in, Consumer<String> consumer, Deque<String> tail, int tailLines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    consumer.accept(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        while (tail.size() > tailLines) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void upload(Path local, String remotePath, Duration timeout) {
        throw new UnsupportedOperationException("not needed by probe tests");
    }

    @Override
    public RebootResult reboot(RebootOptions options) {
        throw new UnsupportedOperationException("not needed by probe tests");
    }

    @Override
    public void close() {
    }
}
