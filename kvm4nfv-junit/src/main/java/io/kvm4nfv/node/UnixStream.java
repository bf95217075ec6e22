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

    /** What the socket sends. End of stream when the socket (or the relay) closed. */
    InputStream input();

    /** What the socket receives. */
    OutputStream output();

    /** The node and socket path, for messages. */
    String describe();

    /** Closes the stream and stops any relay. Never throws. */
    @Override
    void close();
}
