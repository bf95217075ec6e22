package io.kvm4nfv.probe.migration;

import io.kvm4nfv.node.UnixStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@link QmpTransport} over a {@link UnixStream} to a QEMU's monitor socket on the guest's
 * host: the same code reaches a monitor on this machine and one on a real pod's host (through
 * a {@code socat} relay over the pod's SSH connection).
 */
public final class StreamQmpTransport implements QmpTransport {

    private final UnixStream stream;
    private final BufferedReader reader;
    private final OutputStream writer;

    /**
     * A transport reading and writing UTF-8 lines on {@code stream}.
     *
     * @param stream an open stream to the monitor socket; closed by {@link #close()}
     */
    public StreamQmpTransport(UnixStream stream) {
        this.stream = stream;
        this.reader = new BufferedReader(new InputStreamReader(stream.input(), StandardCharsets.UTF_8));
        this.writer = stream.output();
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
        return stream.describe();
    }

    @Override
    public void close() {
        stream.close();
    }
}
