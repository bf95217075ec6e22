package io.kvm4nfv.node;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream to a UNIX-domain socket on a node — a QEMU's QMP monitor or a guest serial
 * port's chardev — opened with {@link Node#openUnixStream}: a direct connection on this
 * machine, a {@code socat} relay over the node's SSH connection on another. The JVM never
 * needs a path on the remote machine to exist here.
 */
public interface UnixStream extends AutoCloseable {

    /**
     * What the socket sends. End of stream when the socket (or the relay) closed.
     *
     * @return the stream to read the socket's bytes from
     */
    InputStream input();

    /**
     * What the socket receives.
     *
     * @return the stream to write bytes to the socket
     */
    OutputStream output();

    /**
     * The node and socket path, for messages.
     *
     * @return a short description such as {@code [host] unix:/run/qmp.sock}
     */
    String describe();

    /** Closes the stream and stops any relay. Never throws. */
    @Override
    void close();
}
