package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A QMP client: reads the greeting, negotiates ({@code qmp_capabilities}), then sends
 * commands with a unique {@code id} and matches each answer to its command by that id, so
 * answers and asynchronous events may interleave in any order. Every call has a timeout.
 * Events go to listeners (called on the reader thread: keep them short) with QEMU's
 * timestamps. A QEMU error answer becomes a {@link QmpErrorException} carrying QEMU's text;
 * a lost connection fails pending and later calls with {@link QmpConnectionClosedException}.
 * <p>
 * Thread-safe: several threads may call {@link #execute} at once.
 */
public final class QmpClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QmpClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QmpTransport transport;
    private final Duration defaultTimeout;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final Thread reader;
    private volatile Throwable closedBecause;
    private volatile boolean closed;
    private QmpGreeting greetingInfo;

    private QmpClient(QmpTransport transport, Duration defaultTimeout) {
        this.transport = transport;
        this.defaultTimeout = defaultTimeout;
        this.reader = new Thread(this::readLoop, "qmp-reader " + transport.describe());
        this.reader.setDaemon(true);
    }

    /**
     * Connects over {@code transport}: waits for the greeting, sends {@code qmp_capabilities}.
     * On failure the transport is closed.
     *
     * @param transport      an open line transport to the monitor; owned by the client from now on
     * @param defaultTimeout the timeout of the greeting, the negotiation and every call without its own
     * @return a negotiated client, ready for commands
     * @throws IllegalArgumentException when {@code defaultTimeout} is not positive
     * @throws QmpTimeoutException      when the greeting or the negotiation's answer did not come in time
     * @throws QmpException             when the connection ended or QEMU refused {@code qmp_capabilities}
     */
    public static QmpClient connect(QmpTransport transport, Duration defaultTimeout) {
        Objects.requireNonNull(transport, "transport");
        if (defaultTimeout == null || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be positive, was " + defaultTimeout);
        }
        QmpClient client = new QmpClient(transport, defaultTimeout);
        try {
            client.reader.start();
            client.greetingInfo = parseGreeting(client.await(client.greeting, "greeting", defaultTimeout));
            client.execute("qmp_capabilities");
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The greeting QEMU sent.
     *
     * @return QEMU's version and offered capabilities
     */
    public QmpGreeting greeting() {
        return greetingInfo;
    }

    /**
     * What the client is connected to.
     *
     * @return the transport's description, for messages
     */
    public String describe() {
        return transport.describe();
    }

    /**
     * Adds an event listener (called on the reader thread, in arrival order).
     *
     * @param listener receives every event from now on; an exception it throws is logged and ignored
     */
    public void addEventListener(Consumer<QmpEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes an event listener added before.
     *
     * @param listener the listener to remove; nothing happens when it was not added
     */
    public void removeEventListener(Consumer<QmpEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * Runs a command without arguments, with the default timeout; returns its {@code return} value.
     *
     * @param command the QMP command name, e.g. {@code query-migrate}
     * @return the answer's {@code return} member (an empty object when it has none)
     * @throws QmpErrorException            QEMU refused the command
     * @throws QmpTimeoutException          no answer within the default timeout
     * @throws QmpConnectionClosedException the connection ended
     */
    public JsonNode execute(String command) {
        return execute(command, defaultTimeout);
    }

    /**
     * Runs a command without arguments within {@code timeout}; returns its {@code return} value.
     *
     * @param command the QMP command name
     * @param timeout how long to wait for the answer
     * @return the answer's {@code return} member (an empty object when it has none)
     * @throws QmpErrorException            QEMU refused the command
     * @throws QmpTimeoutException          no answer within {@code timeout}
     * @throws QmpConnectionClosedException the connection ended
     */
    public JsonNode execute(String command, Duration timeout) {
        return execute(command, NO_ARGUMENTS, timeout);
    }

    /** The {@code arguments} of a command that takes none (QMP then sends no {@code arguments} member). */
    private static final Object NO_ARGUMENTS = null;

    /**
     * Runs a command with arguments (a map or any Jackson-serialisable object), with the default timeout.
     *
     * @param command   the QMP command name, e.g. {@code migrate}
     * @param arguments the command's {@code arguments}, or {@code null} for none
     * @return the answer's {@code return} member (an empty object when it has none)
     * @throws QmpErrorException            QEMU refused the command
     * @throws QmpTimeoutException          no answer within the default timeout
     * @throws QmpConnectionClosedException the connection ended
     */
    public JsonNode execute(String command, Object arguments) {
        return execute(command, arguments, defaultTimeout);
    }

    /**
     * Runs a command and returns its {@code return} value.
     *
     * @param command   the QMP command name
     * @param arguments {@code null}, a map, an {@link ObjectNode} or a Jackson-serialisable object
     * @param timeout   how long to wait for the answer
     * @return the answer's {@code return} member (an empty object when it has none)
     * @throws QmpErrorException             QEMU refused the command (its class and text are in the exception)
     * @throws QmpTimeoutException           no answer within {@code timeout}
     * @throws QmpConnectionClosedException  the connection ended (or the command could not be sent)
     * @throws QmpException                  the arguments cannot be serialised, or the wait was interrupted
     */
    public JsonNode execute(String command, Object arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        String id = "k4n-" + ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode();
        request.put("execute", command);
        if (arguments != null) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        request.put("id", id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            failIfClosed(command);
            String line = JSON.writeValueAsString(request);
            LOG.debug("QMP {} -> {}", transport.describe(), line);
            transport.writeLine(line);
            JsonNode response = await(answer, command, timeout);
            JsonNode error = response.get("error");
            if (error != null) {
                throw new QmpErrorException(command, error.path("class").asText("?"), error.path("desc").asText(""));
            }
            JsonNode ret = response.get("return");
            return ret == null ? JSON.createObjectNode() : ret;
        } catch (JsonProcessingException e) {
            throw new QmpException("cannot serialise arguments of " + command + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new QmpConnectionClosedException("QMP " + command + " to " + transport.describe()
                    + ": cannot send: " + e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Whether the connection is still open (QEMU has not gone away and {@link #close()} was not called).
     *
     * @return {@code true} while commands can still be sent
     */
    public boolean isOpen() {
        return !closed && closedBecause == null;
    }

    private void failIfClosed(String what) {
        if (closed) {
            throw new QmpConnectionClosedException("QMP " + what + ": client to " + transport.describe()
                    + " is closed", null);
        }
        if (closedBecause != null) {
            throw new QmpConnectionClosedException("QMP " + what + ": connection to " + transport.describe()
                    + " ended: " + closedBecause.getMessage(), closedBecause);
        }
    }

    private JsonNode await(CompletableFuture<JsonNode> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("QMP " + what + " to " + transport.describe() + ": no answer within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new QmpConnectionClosedException("QMP " + what + " to " + transport.describe()
                    + ": connection ended: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted while waiting for QMP " + what, e);
        }
    }

    private void readLoop() {
        Throwable end = null;
        try {
            String line;
            while ((line = transport.readLine()) != null) {
                if (!line.isBlank()) {
                    handle(line);
                }
            }
            end = new IOException("end of stream");
        } catch (IOException | RuntimeException e) {
            end = e;
        } finally {
            closedBecause = end == null ? new IOException("end of stream") : end;
            QmpConnectionClosedException gone = new QmpConnectionClosedException(closedBecause.getMessage(),
                    closedBecause);
            greeting.completeExceptionally(gone);
            new ArrayList<>(pending.values()).forEach(f -> f.completeExceptionally(gone));
        }
    }

    private void handle(String line) {
        long received = System.nanoTime();
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            LOG.warn("QMP {}: ignoring a line that is not JSON: {}", transport.describe(), e.getOriginalMessage());
            return;
        }
        LOG.debug("QMP {} <- {}", transport.describe(), line);
        if (message.has("QMP")) {
            greeting.complete(message);
        } else if (message.has("event")) {
            QmpEvent event = new QmpEvent(message.get("event").asText(),
                    message.has("data") ? message.get("data") : JSON.createObjectNode(),
                    timestamp(message.get("timestamp")), received);
            for (Consumer<QmpEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("QMP event listener failed on {}: {}", event.name(), e.toString());
                }
            }
        } else if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(message.get("id").asText());
            if (f != null) {
                f.complete(message);
            } else {
                LOG.debug("QMP {}: answer to unknown or abandoned id {}", transport.describe(), message.get("id"));
            }
        } else {
            LOG.warn("QMP {}: unmatched message without id: {}", transport.describe(), line);
        }
    }

    /**
     * QEMU's event time; the time it was read when QEMU's is absent or not a time (a value
     * outside {@link Instant}'s range would otherwise end the reader and the session).
     */
    private static Instant timestamp(JsonNode ts) {
        JsonNode seconds = ts == null ? null : ts.get("seconds");
        JsonNode micros = ts == null ? null : ts.get("microseconds");
        if (seconds == null || !seconds.canConvertToLong() || micros != null && !micros.canConvertToLong()) {
            return Instant.now();
        }
        long microsOfSecond = micros == null ? 0 : micros.asLong();
        if (microsOfSecond < 0 || microsOfSecond >= 1_000_000
                || seconds.asLong() < Instant.MIN.getEpochSecond() || seconds.asLong() > Instant.MAX.getEpochSecond()) {
            return Instant.now();
        }
        return Instant.ofEpochSecond(seconds.asLong(), microsOfSecond * 1000L);
    }

    private static QmpGreeting parseGreeting(JsonNode g) {
        JsonNode qmp = g.get("QMP");
        JsonNode v = qmp.path("version");
        List<String> caps = new ArrayList<>();
        qmp.path("capabilities").forEach(c -> caps.add(c.asText()));
        return new QmpGreeting(v.path("qemu").path("major").asInt(), v.path("qemu").path("minor").asInt(),
                v.path("qemu").path("micro").asInt(), v.path("package").asText(""), caps);
    }

    /** Closes the connection; pending calls fail. Idempotent, never throws. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
