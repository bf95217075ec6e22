package io.kvm4nfv.probe.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link QmpTransport} over the stdin/stdout of a relay process, e.g.
 * {@code socat - UNIX-CONNECT:/run/vm/qmp.sock}, or the same relay run on another host through
 * an SSH client ({@code ssh -T host socat - UNIX-CONNECT:...}): the seam for monitors that are
 * not reachable as a socket from here. The relay's stderr is discarded; closing the transport
 * stops the relay (its own pid only).
 */
public final class ProcessQmpTransport implements QmpTransport {

    private final Process process;
    private final BufferedReader reader;
    private final OutputStream writer;
    private final String description;

    private ProcessQmpTransport(Process process, String description) {
        this.process = process;
        this.reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.writer = process.getOutputStream();
        this.description = description;
    }

    /**
     * Starts the relay {@code argv}.
     *
     * @param description what it connects to, for messages (never put secrets in it)
     */
    public static ProcessQmpTransport start(List<String> argv, String description) throws IOException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new ProcessQmpTransport(p, description);
    }

    /** {@code socat - UNIX-CONNECT:socket} on this machine. */
    public static ProcessQmpTransport socat(String socket) throws IOException {
        return start(List.of("socat", "-", "UNIX-CONNECT:" + socket), "socat unix:" + socket);
    }

    @Override
    public String readLine() throws IOException {
        return reader.readLine();
    }

    @Override
    public synchronized void writeLine(String line) throws IOException {
        writer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        writer.flush();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // the relay may be gone already
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
