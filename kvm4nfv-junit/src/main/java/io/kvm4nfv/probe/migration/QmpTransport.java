package io.kvm4nfv.probe.migration;

import java.io.IOException;

/**
 * A line-oriented byte stream to one QMP monitor. QMP sends one JSON object per line and
 * accepts one per line, so a transport only moves lines; {@link QmpClient} does the protocol.
 * <p>
 * Implementations: {@link StreamQmpTransport} (a node's stream to the monitor's UNIX socket: a
 * direct socket on this machine, a {@code socat} relay over SSH on a real pod's host — what the
 * labs use), {@link SocketQmpTransport#unix} and {@link SocketQmpTransport#tcp} (a monitor
 * listening on TCP, or reached through a forwarded port).
 */
public interface QmpTransport extends AutoCloseable {

    /**
     * Blocks until the next line arrives and returns it without its terminator, or returns
     * {@code null} at end of stream. Called from one reader thread only.
     *
     * @return the next line without its terminator, or {@code null} at end of stream
     * @throws IOException when reading fails (e.g. the stream was closed meanwhile)
     */
    String readLine() throws IOException;

    /**
     * Sends one line (a terminator is appended). May be called from several threads.
     *
     * @param line one JSON object without a line break
     * @throws IOException when writing fails
     */
    void writeLine(String line) throws IOException;

    /**
     * What this transport connects to, for messages (never secrets).
     *
     * @return e.g. {@code unix:/run/qmp.sock} or {@code tcp:127.0.0.1:4444}
     */
    String describe();

    /** Closes the stream; a blocked {@link #readLine()} then returns or throws. Never throws. */
    @Override
    void close();
}
