package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * An in-process QMP server for unit tests: a UNIX (or TCP loopback) socket, a greeting,
 * and a handler that decides what to send for each request line.
 */
final class FakeQmpServer implements AutoCloseable {

    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7},"
            + " \"package\": \"Debian 1:7.2+dfsg-7\"}, \"capabilities\": [\"oob\"]}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends lines to the connected client. */
    interface Out {
        void send(String line);

        /** Closes the client connection. */
        void hangUp();
    }

    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final Path socket;
    private volatile SocketChannel client;

    private FakeQmpServer(ServerSocketChannel server, Path socket, boolean greet, BiConsumer<JsonNode, Out> handler) {
        this.server = server;
        this.socket = socket;
        this.thread = new Thread(() -> serve(greet, handler), "fake-qmp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A server on a UNIX socket at {@code path}. */
    static FakeQmpServer unix(Path path, boolean greet, BiConsumer<JsonNode, Out> handler) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return new FakeQmpServer(s, path, greet, handler);
    }

    /** A server on a free TCP port of 127.0.0.1. */
    static FakeQmpServer tcp(boolean greet, BiConsumer<JsonNode, Out> handler) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return new FakeQmpServer(s, null, greet, handler);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Every request received, in order. */
    List<JsonNode> requests() {
        return requests;
    }

    private void serve(boolean greet, BiConsumer<JsonNode, Out> handler) {
        try (SocketChannel c = server.accept()) {
            client = c;
            Out out = new Out() {
                @Override
                public synchronized void send(String line) {
                    try {
                        ByteBuffer b = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                        while (b.hasRemaining()) {
                            c.write(b);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public void hangUp() {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // test server
                    }
                }
            };
            if (greet) {
                out.send(GREETING);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode request = JSON.readTree(line);
                requests.add(request);
                if ("qmp_capabilities".equals(request.path("execute").asText())) {
                    out.send("{\"return\": {}, \"id\": " + request.get("id") + "}");
                } else {
                    handler.accept(request, out);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away or the test closed the server
        }
    }

    /** An answer line for a request. */
    static String ok(JsonNode request, String returnJson) {
        return "{\"return\": " + returnJson + ", \"id\": " + request.get("id") + "}";
    }

    /** An event line. */
    static String event(String name, String dataJson, long seconds, long micros) {
        return "{\"timestamp\": {\"seconds\": " + seconds + ", \"microseconds\": " + micros + "}, \"event\": \""
                + name + "\", \"data\": " + dataJson + "}";
    }

    @Override
    public void close() throws IOException {
        SocketChannel c = client;
        if (c != null) {
            c.close();
        }
        server.close();
        if (socket != null) {
            Files.deleteIfExists(socket);
        }
    }
}
