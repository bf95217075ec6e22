package io.kvm4nfv.node;

import java.util.Optional;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One machine that runs commands: a remote one over SSH ({@link SshNode}) or this one
 * ({@link LocalNode}). Both honour the same contract:
 * <ul>
 *   <li>every command has a timeout; on timeout the process is really stopped (not only
 *       the channel closed) and the result says {@link ExecResult#timedOut()};</li>
 *   <li>stdout and stderr are drained concurrently, streamed line by line to the
 *       consumers of {@link ExecOptions}, and kept only as a bounded tail;</li>
 *   <li>the command is a POSIX shell command line: build it with {@link Shell} so that
 *       values from config are quoted and never executed.</li>
 * </ul>
 */
public interface Node extends AutoCloseable {

    /**
     * The node's name in the pod (for messages and reports).
     *
     * @return the name, never {@code null}
     */
    String name();

    /**
     * Runs a shell command line and waits for it, at most {@code options.timeout()}.
     * A failing command does not throw: check the result (e.g. {@link ExecResult#requireSuccess()}).
     *
     * @param command a POSIX shell command line (build it with {@link Shell})
     * @param options timeout, output consumers, tail length and whether the command may be run again
     * @return the exit status or signal, whether it timed out, the output tails and the wall time
     * @throws NodeException when the node cannot be reached or the command cannot be started
     */
    ExecResult exec(String command, ExecOptions options);

    /**
     * Runs a shell command line with default streaming, at most {@code timeout}.
     *
     * @param command a POSIX shell command line (build it with {@link Shell})
     * @param timeout upper bound of the command's wall time; must be positive
     * @return the exit status or signal, whether it timed out, the output tails and the wall time
     * @throws NodeException when the node cannot be reached or the command cannot be started
     */
    default ExecResult exec(String command, Duration timeout) {
        return exec(command, ExecOptions.timeout(timeout));
    }

    /**
     * Copies a local file or directory (recursively) to {@code remotePath} on the node.
     * A directory's content lands in {@code remotePath}, which is created if missing.
     *
     * @param local      the file or directory on this machine
     * @param remotePath the destination path on the node
     * @param timeout    upper bound of the whole copy
     * @throws NodeException when the copy fails or takes longer than {@code timeout}
     */
    void upload(Path local, String remotePath, Duration timeout);

    /**
     * {@code /proc/sys/kernel/random/boot_id} of the node, trimmed: changes with every boot.
     *
     * @param timeout upper bound of the {@code cat} command
     * @return the boot id, a UUID string
     * @throws CommandFailedException when the file cannot be read in time
     */
    default String bootId(Duration timeout) {
        return exec("cat /proc/sys/kernel/random/boot_id", timeout).requireSuccess().stdoutText().trim();
    }

    /**
     * Reboots the node and returns once it answers with a <em>different</em> boot id.
     * No fixed sleeps: polls until {@code options.limit()} and then fails with
     * {@link RebootTimeoutException} naming the node and the old boot id.
     *
     * @param options the reboot command, the time limit and the poll interval
     * @return the old and new boot ids and how long the node took to answer again
     * @throws RebootRefusedException when this node is never rebooted (see {@link #rebootRefusal()})
     * @throws RebootTimeoutException when no new boot id was seen within {@code options.limit()}
     * @throws CommandFailedException when the reboot command itself exits with a non-zero status
     */
    RebootResult reboot(RebootOptions options);

    /**
     * Why this node is never rebooted, when it is the machine running the tests (the embedded
     * lab's host, this JVM's machine): then {@link #reboot} throws {@link RebootRefusedException}
     * without sending anything, and a setup sequence reports its {@code reboot} step as skipped.
     * Empty for a node that may be rebooted (a real pod's host, any guest).
     *
     * @return the reason (one sentence, for reports), or empty when the node may be rebooted
     */
    default Optional<String> rebootRefusal() {
        return Optional.empty();
    }

    /**
     * Opens a byte stream to the UNIX-domain socket {@code socketPath} on this node, waiting up
     * to {@code wait} for the socket to appear (a QEMU just started creates it a moment later).
     * On a remote node the stream is a {@code socat} relay over the node's SSH connection, so
     * {@code socat} must be installed there.
     *
     * @param socketPath path of the socket on the node
     * @param wait       how long to wait for the socket to appear
     * @return an open stream; the caller closes it
     * @throws NodeException when the socket did not appear in time or the relay cannot start,
     *                       and always for a node type that has no UNIX-socket support (the default)
     */
    default UnixStream openUnixStream(String socketPath, Duration wait) {
        throw new NodeException("[" + name() + "] " + getClass().getSimpleName() + " cannot open UNIX sockets");
    }

    /** Releases the connection; never throws. */
    @Override
    void close();
}
