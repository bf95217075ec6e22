package io.kvm4nfv.probe.forwarding;

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
 * A minimal {@link Node} for this package's tests: {@code sh -c} on this machine, streams
 * drained concurrently, bounded tails, the process tree killed on timeout. (The library's
 * own {@code LocalNode} is another engineer's; this keeps the forwarding tests independent.)
 */
final class LocalShellNode implements Node {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public ExecResult exec(String command, ExecOptions options) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deque<String> out = new ArrayDeque<>();
        Deque<String> err = new ArrayDeque<>();
        Thread to = drain(p.getInputStream(), out, options.stdout(), options.tailLines());
        Thread te = drain(p.getErrorStream(), err, options.stderr(), options.tailLines());
        boolean finished;
        try {
            finished = p.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            to.join(10_000);
            te.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        Integer status = null;
        String signal = null;
        if (finished) {
            int code = p.exitValue();
            if (code > 128 && code < 160) {
                signal = code - 128 == 9 ? "KILL" : code - 128 == 15 ? "TERM" : "SIG" + (code - 128);
            } else {
                status = code;
            }
        }
        synchronized (out) {
            synchronized (err) {
                return new ExecResult(name(), command, status, signal, !finished, new ArrayList<>(out),
                        new ArrayList<>(err), Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    private static Thread drain(InputStream in, Deque<String> tail, Consumer<String> consumer, int max) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    consumer.accept(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        while (tail.size() > max) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void upload(Path local, String remotePath, Duration timeout) {
        exec("cp -r " + local + " " + remotePath, timeout).requireSuccess();
    }

    @Override
    public RebootResult reboot(RebootOptions options) {
        throw new UnsupportedOperationException("the test node does not reboot this machine");
    }

    @Override
    public void close() {
    }

    static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }
}
