package io.kvm4nfv.probe.migration;

import java.io.IOException;

/**
 * A line-oriented byte stream to one QMP monitor. QMP sends one JSON object per line and
 * accepts one per line, so a transport only moves lines; {@link QmpClient} does the protocol.
 * <p>
 * Implementations: {@link SocketQmpTransport#unix} (the monitor's UNIX-domain socket on this
 * machine) and {@link SocketQmpTransport#tcp} (a monitor listening on TCP, or a remote
 * monitor reached through a forwarded port, e.g. an SSH local forward or a {@code socat}
 * relay started by the node layer, so that a monitor on another host looks like a loopback
 * port here). Any other channel — a {@code socat - UNIX-CONNECT:...} over an SSH exec
 * channel — fits by implementing these three methods.
 */
public interface QmpTransport extends AutoCloseable {

    /**
     * Blocks until the next line arrives and returns it without its terminator, or returns
     * {@code null} at end of stream. Called from one reader thread only.
     */
    String readLine() throws IOException;

    /** Sends one line (a terminator is appended). May be called from several threads. */
    void writeLine(String line) throws IOException;

    /** What this transport connects to, for messages (never secrets). */
    String describe();

    /** Closes the stream; a blocked {@link #readLine()} then returns or throws. Never throws. */
    @Override
    void close();
}
