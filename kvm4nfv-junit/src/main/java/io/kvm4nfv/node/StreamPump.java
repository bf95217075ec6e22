package io.kvm4nfv.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Drains one output stream of a running command on its own thread: splits it into lines
 * (UTF-8, {@code \n} or {@code \r\n}; a line longer than {@link #MAX_LINE_BYTES} is cut into
 * pieces, at character boundaries, so that output without line breaks cannot exhaust the heap), hands every line to
 * a consumer and keeps the last lines in a bounded {@link LineTail}.
 *
 * <p>Used by both {@link SshNode} and {@link LocalNode}: a command's stdout and stderr each
 * get a pump, so neither stream can fill up and stall the command.
 */
final class StreamPump {
    /** Longest line handed over in one piece. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kvm4nfv-stream-pump-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final InputStream in;
    private final Consumer<String> consumer;
    private final Predicate<String> firstLineHook;
    private final LineTail tail;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile RuntimeException consumerFailure;
    private volatile long bytes;

    private StreamPump(InputStream in, Consumer<String> consumer, int tailLines, Predicate<String> firstLineHook) {
        this.in = in;
        this.consumer = consumer;
        this.firstLineHook = firstLineHook;
        this.tail = new LineTail(tailLines);
    }

    /** Starts draining {@code in}; every line goes to {@code consumer} and the tail. */
    static StreamPump start(InputStream in, Consumer<String> consumer, int tailLines) {
        return start(in, consumer, tailLines, null);
    }

    /**
     * Like {@link #start(InputStream, Consumer, int)}, but the first line is offered to
     * {@code firstLineHook} first; when it returns {@code true} the line is swallowed
     * (neither consumed nor kept).
     */
    static StreamPump start(InputStream in, Consumer<String> consumer, int tailLines, Predicate<String> firstLineHook) {
        StreamPump pump = new StreamPump(in, consumer, tailLines, firstLineHook);
        EXECUTOR.execute(pump::run);
        return pump;
    }

    private void run() {
        byte[] buf = new byte[16 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean first = true;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytes += n;
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, from, i - from);
                        first = emit(line, first);
                        from = i + 1;
                    } else if (line.size() + (i - from) >= MAX_LINE_BYTES && (buf[i] & 0xC0) != 0x80) {
                        line.write(buf, from, i - from);
                        first = emit(line, first);
                        from = i;
                    }
                }
                line.write(buf, from, n - from);
            }
        } catch (IOException e) {
            // the stream ended abnormally (channel or process gone); what was read is kept
        } finally {
            if (line.size() > 0) {
                emit(line, first);
            }
            done.countDown();
        }
    }

    private boolean emit(ByteArrayOutputStream line, boolean first) {
        int len = line.size();
        byte[] raw = line.toByteArray();
        line.reset();
        if (len > 0 && raw[len - 1] == '\r') {
            len--;
        }
        String text = new String(raw, 0, len, StandardCharsets.UTF_8);
        if (first && firstLineHook != null && firstLineHook.test(text)) {
            return false;
        }
        tail.add(text);
        if (consumerFailure == null) {
            try {
                consumer.accept(text);
            } catch (RuntimeException e) {
                consumerFailure = e; // keep draining: a stalled stream would stall the command
            }
        }
        return false;
    }

    /** Waits until the stream has ended, at most {@code limit}; returns whether it has. */
    boolean awaitEnd(Duration limit) {
        try {
            return done.await(Math.max(0, limit.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes the stream to stop a pump that would otherwise wait forever (e.g. a leaked pipe). */
    void abandon() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** The kept last lines. */
    List<String> tail() {
        return tail.lines();
    }

    /** Bytes read so far. */
    long bytes() {
        return bytes;
    }

    /** Rethrows what a consumer threw (wrapped, naming the stream), if it threw. */
    void rethrowConsumerFailure(String node, String streamName) {
        RuntimeException e = consumerFailure;
        if (e != null) {
            throw new NodeException("[" + node + "] the " + streamName + " consumer failed: " + e, e);
        }
    }
}
