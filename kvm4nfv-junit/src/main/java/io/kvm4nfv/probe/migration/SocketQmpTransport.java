package io.kvm4nfv.probe.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link QmpTransport} over a blocking {@link SocketChannel}: a UNIX-domain socket
 * (QEMU's {@code -qmp unix:PATH,server=on,wait=off}) or TCP
 * ({@code -qmp tcp:127.0.0.1:PORT,server=on,wait=off}, or a port forwarded to a remote monitor).
 */
public final class SocketQmpTransport implements QmpTransport {

    private static final long RETRY_MS = 20;

    private final SocketChannel channel;
    private final BufferedReader reader;
    private final String description;
    private final Object writeLock = new Object();

    private SocketQmpTransport(SocketChannel channel, String description) {
        this.channel = channel;
        this.reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        this.description = description;
    }

    /**
     * Connects to a UNIX-domain socket, retrying until {@code waitForSocket} has passed (QEMU
     * creates the socket a little after it starts).
     *
     * @param socket        path of the monitor's UNIX-domain socket on this machine
     * @param waitForSocket how long to keep retrying (every 20 ms)
     * @return a connected transport
     * @throws IOException the last connection error when the socket never answered, or when interrupted
     */
    public static SocketQmpTransport unix(Path socket, Duration waitForSocket) throws IOException {
        return connect(UnixDomainSocketAddress.of(socket), StandardProtocolFamily.UNIX, "unix:" + socket,
                waitForSocket);
    }

    /**
     * Connects to a TCP monitor, retrying until {@code waitForSocket} has passed.
     *
     * @param host          the monitor's host name or address
     * @param port          the monitor's TCP port
     * @param waitForSocket how long to keep retrying (every 20 ms)
     * @return a connected transport
     * @throws IOException the last connection error when the port never answered, or when interrupted
     */
    public static SocketQmpTransport tcp(String host, int port, Duration waitForSocket) throws IOException {
        return connect(new InetSocketAddress(host, port), null, "tcp:" + host + ":" + port, waitForSocket);
    }

    private static SocketQmpTransport connect(SocketAddress address, StandardProtocolFamily family,
                                              String description, Duration waitForSocket) throws IOException {
        long deadline = System.nanoTime() + waitForSocket.toNanos();
        while (true) {
            SocketChannel channel = family == null ? SocketChannel.open() : SocketChannel.open(family);
            try {
                channel.connect(address);
                return new SocketQmpTransport(channel, description);
            } catch (IOException e) {
                channel.close();
                if (System.nanoTime() >= deadline) {
                    throw new IOException("QMP monitor " + description + " did not accept a connection within "
                            + waitForSocket.toMillis() + " ms: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + description, ie);
                }
            }
        }
    }

    @Override
    public String readLine() throws IOException {
        return reader.readLine();
    }

    @Override
    public void writeLine(String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (writeLock) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
