package io.kvm4nfv.probe.migration;

import io.kvm4nfv.node.UnixStream;
import io.kvm4nfv.result.HeartbeatReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Host side of the guest heartbeat: downtime measured independently of QEMU. A loop in the
 * guest ({@link GuestScripts#heartbeat}) sends a line {@code hb SEQ} every interval; this
 * monitor, listening on loopback, stamps each line with {@link System#nanoTime()} on arrival,
 * and reports the largest silence around the migration window.
 * <p>
 * How beats reach it: TCP — each QEMU's chardev connects here (e.g.
 * {@code -chardev socket,id=hb,host=127.0.0.1,port=PORT,reconnect=1} behind an
 * {@code isa-serial} or a {@code virtserialport}), so the source's stream stops and the
 * destination's starts across a migration: every connection is accepted and merged. UDP —
 * from the guest through a forwarded port. Sequence numbers, when present, reveal lost beats.
 * <pre>{@code
 * try (HeartbeatMonitor hb = HeartbeatMonitor.tcp(0)) {
 *     // start both QEMUs with a chardev to 127.0.0.1:hb.port(), start heartbeat.sh in the guest
 *     long from = System.nanoTime() - 100_000_000L;            // 100 ms before
 *     MigrationResult r = new MigrationRun(src, dst, options).run();
 *     HeartbeatReport gap = hb.report(from, System.nanoTime() + 100_000_000L); // wait 100 ms first
 *     MigrationVerdict v = MigrationVerdict.judge(options.sla(), r, gap, integrity);
 * }
 * }</pre>
 */
public final class HeartbeatMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final AutoCloseable socket;
    private final int port;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> connections = new ArrayList<>();
    private final List<UnixStream> streams = new ArrayList<>();
    private long[] times = new long[4096];
    private long[] seqs = new long[4096];
    private int count;
    private volatile boolean closed;

    private HeartbeatMonitor(AutoCloseable socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    /**
     * Listens for TCP connections on 127.0.0.1:{@code port} ({@code 0}: a free port).
     *
     * @param port the loopback TCP port to listen on, or 0 for a free one (see {@link #port()})
     * @return a monitor accepting and reading every connection in background threads
     * @throws IOException when the port cannot be bound
     */
    public static HeartbeatMonitor tcp(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        HeartbeatMonitor m = new HeartbeatMonitor(server, server.getLocalPort());
        m.startThread("heartbeat-accept", () -> m.acceptLoop(server));
        return m;
    }

    /**
     * Listens for UDP datagrams on 127.0.0.1:{@code port} ({@code 0}: a free port).
     *
     * @param port the loopback UDP port to listen on, or 0 for a free one (see {@link #port()})
     * @return a monitor reading datagrams (one beat per line) in a background thread
     * @throws IOException when the port cannot be bound
     */
    public static HeartbeatMonitor udp(int port) throws IOException {
        DatagramSocket ds = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        HeartbeatMonitor m = new HeartbeatMonitor(ds, ds.getLocalPort());
        m.startThread("heartbeat-udp", () -> m.udpLoop(ds));
        return m;
    }

    /**
     * Also reads beats from a stream — the UNIX socket of a QEMU's second serial port
     * ({@code -serial unix:PATH,server=on,wait=off}), opened on the guest's host with
     * {@link io.kvm4nfv.node.Node#openUnixStream} (directly on this machine, through a relay
     * over SSH on a real pod). Attach the destination's stream before migrating, so the first
     * beat it forwards is timed too. The monitor closes the stream when it closes.
     *
     * @param stream an open stream carrying {@code hb SEQ} lines; read in a background thread
     * @throws IllegalStateException when the monitor is closed (the stream is then closed too)
     */
    public void attach(UnixStream stream) {
        synchronized (connections) {
            if (closed) {
                stream.close();
                throw new IllegalStateException("heartbeat monitor is closed");
            }
            streams.add(stream);
        }
        startThread("heartbeat-stream", () -> readLines(stream.input(), stream::close));
    }

    /**
     * The port this monitor listens on.
     *
     * @return the bound loopback port (the one picked when 0 was asked for)
     */
    public int port() {
        return port;
    }

    /**
     * Heartbeats received so far.
     *
     * @return the number of non-blank lines received from every source since the start
     */
    public synchronized long beats() {
        return count;
    }

    /**
     * The largest silence overlapping {@code [fromNanos, toNanos]} (both {@link System#nanoTime()}).
     * A silence before the first beat of the window, or after the last one up to its end, counts:
     * a guest not heard from is not alive. Start the heartbeat before the window.
     *
     * @param fromNanos start of the window, a {@link System#nanoTime()} value
     * @param toNanos   end of the window, a {@link System#nanoTime()} value, not before {@code fromNanos}
     * @return beats in the window, the window length, the largest gap and its start (milliseconds),
     *         the median beat interval and the beats the sequence numbers say were lost
     * @throws IllegalArgumentException when the window ends before it starts
     */
    public synchronized HeartbeatReport report(long fromNanos, long toNanos) {
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("window ends before it starts");
        }
        long[] t = Arrays.copyOf(times, count);
        long[] s = Arrays.copyOf(seqs, count);
        long prev = fromNanos;
        boolean havePrev = false;
        long largest = -1;
        long largestStart = fromNanos;
        long beats = 0;
        long missing = 0;
        long lastSeq = -1;
        List<Long> intervals = new ArrayList<>();
        long lastInWindow = Long.MIN_VALUE;
        for (int i = 0; i < t.length; i++) {
            if (t[i] < fromNanos) {
                prev = t[i];
                havePrev = true;
                lastSeq = s[i];
                continue;
            }
            if (t[i] > toNanos) {
                long gap = t[i] - prev;
                if (gap > largest) {
                    largest = gap;
                    largestStart = prev;
                }
                lastInWindow = t[i];
                break;
            }
            long gap = t[i] - prev;
            if (gap > largest) {
                largest = gap;
                largestStart = prev;
            }
            if (havePrev && prev >= fromNanos) {
                intervals.add(gap);
            }
            if (lastSeq >= 0 && s[i] > lastSeq + 1) {
                missing += s[i] - lastSeq - 1;
            }
            if (s[i] >= 0) {
                lastSeq = s[i];
            }
            prev = t[i];
            havePrev = true;
            beats++;
            lastInWindow = t[i];
        }
        if (lastInWindow <= toNanos) {
            long open = toNanos - prev;
            if (open > largest) {
                largest = open;
                largestStart = prev;
            }
        }
        Double median = null;
        if (!intervals.isEmpty()) {
            intervals.sort(null);
            median = intervals.get(intervals.size() / 2) / 1e6;
        }
        return new HeartbeatReport(beats, (toNanos - fromNanos) / 1e6, largest / 1e6,
                (largestStart - fromNanos) / 1e6, median, missing);
    }

    /**
     * {@link #report(long, long)} up to now.
     *
     * @param fromNanos start of the window, a {@link System#nanoTime()} value
     * @return the report of the window from {@code fromNanos} to now
     */
    public HeartbeatReport reportSince(long fromNanos) {
        return report(fromNanos, System.nanoTime());
    }

    private synchronized void beat(long at, String line) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            seqs = Arrays.copyOf(seqs, count * 2);
        }
        times[count] = at;
        seqs[count] = sequence(line);
        count++;
    }

    /** The last integer of the line, or -1. */
    static long sequence(String line) {
        int end = line.length();
        while (end > 0 && !Character.isDigit(line.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isDigit(line.charAt(start - 1))) {
            start--;
        }
        if (start == end || end - start > 18) {
            return -1;
        }
        return Long.parseLong(line.substring(start, end));
    }

    private void startThread(String name, Runnable body) {
        Thread th = new Thread(body, name + " :" + port);
        th.setDaemon(true);
        synchronized (threads) {
            threads.add(th);
        }
        th.start();
    }

    private void acceptLoop(ServerSocket server) {
        while (!closed) {
            try {
                Socket c = server.accept();
                synchronized (connections) {
                    connections.add(c);
                }
                startThread("heartbeat-conn", () -> readSocket(c));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("heartbeat monitor :{} stopped accepting: {}", port, e.toString());
                }
                return;
            }
        }
    }

    private void readSocket(Socket c) {
        try {
            readLines(c.getInputStream(), c);
        } catch (IOException e) {
            LOG.debug("heartbeat connection unreadable: {}", e.toString());
        }
    }

    private void readLines(java.io.InputStream stream, java.io.Closeable c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(stream,
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    beat(System.nanoTime(), line);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("heartbeat connection ended: {}", e.toString());
            }
        }
    }

    private void udpLoop(DatagramSocket ds) {
        byte[] buf = new byte[2048];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                ds.receive(p);
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warn("heartbeat monitor :{} receive failed: {}", port, e.toString());
                return;
            }
            long at = System.nanoTime();
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    beat(at, line);
                }
            }
        }
    }

    /** Stops listening and closes every connection. Never throws. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (Exception ignored) {
            // best effort
        }
        synchronized (connections) {
            for (Socket c : connections) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
            streams.forEach(UnixStream::close);
        }
        List<Thread> copy;
        synchronized (threads) {
            copy = new ArrayList<>(threads);
        }
        for (Thread th : copy) {
            try {
                th.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
