package io.kvm4nfv.node;

import java.util.Optional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote machine reached over SSH (sshj). One authenticated connection per node is
 * opened lazily and reused by every command (several commands may run at once, each in
 * its own channel). A dead connection is replaced before the next command; a command that
 * lost its connection while running is run again once only when it is
 * {@link ExecOptions#idempotent() idempotent}.
 *
 * <p>Host keys are checked against {@link SshTarget#knownHosts()} under
 * {@link SshTarget#hostKeyPolicy()}; authentication is by the private key in
 * {@link SshTarget#keyFile()}. A jump host ({@link SshTarget#via()}) is used through a
 * direct-tcpip channel. On timeout the remote process, its process group and its
 * descendants are stopped over a separate session (see {@link RemoteProcess}).
 */
public final class SshNode implements Node {
    private static final Logger LOG = LoggerFactory.getLogger(SshNode.class);
    /** How long the remote kill may take after a timeout. */
    private static final Duration KILL_LIMIT = Duration.ofSeconds(15);
    /** How long output may keep arriving after the channel closed. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(10);
    /** Upper bound of the reboot command itself (it normally returns or drops the connection at once). */
    private static final Duration REBOOT_COMMAND_LIMIT = Duration.ofSeconds(30);

    private final SshTarget target;
    private final Object lock = new Object();
    private Connection connection; // guarded by lock
    private volatile String rebootRefusal;

    /**
     * A node reached as {@code target} says; nothing is connected before the first command.
     *
     * @param target address, user, key, known_hosts file and host-key policy of the node
     */
    public SshNode(SshTarget target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * From now on {@link #reboot} is refused with {@code reason} and sends nothing: for a node
     * that is the machine running the tests, reached over SSH (the embedded lab's host).
     *
     * @param reason why the node is never rebooted (one sentence, for reports)
     * @return this node
     */
    public SshNode refuseReboot(String reason) {
        this.rebootRefusal = Objects.requireNonNull(reason, "reason");
        return this;
    }

    @Override
    public Optional<String> rebootRefusal() {
        return Optional.ofNullable(rebootRefusal);
    }

    /**
     * Connects and authenticates now (instead of at the first command).
     *
     * @return this node
     * @throws NodeException when the node cannot be reached or authentication fails
     * @throws HostKeyRefusedException when the host key is refused
     */
    public SshNode connect() {
        connected();
        return this;
    }

    /**
     * Where this node is reached.
     *
     * @return the target given to the constructor
     */
    public SshTarget target() {
        return target;
    }

    @Override
    public String name() {
        return target.name();
    }

    // ------------------------------------------------------------------ exec

    @Override
    public ExecResult exec(String command, ExecOptions options) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(options, "options");
        try {
            return execOnce(command, options);
        } catch (ConnectionLost lost) {
            if (lost.commandStarted && !options.idempotent()) {
                throw new NodeException("[" + name() + "] connection to " + target + " lost while running `" + command
                        + "`; not run again because the command is not marked idempotent", lost.getCause());
            }
            LOG.info("[{}] connection lost ({}); reconnecting and running `{}` again", name(), lost.getCause(), command);
            dropConnection(lost.connection);
            try {
                return execOnce(command, options);
            } catch (ConnectionLost again) {
                throw new NodeException("[" + name() + "] connection to " + target + " lost twice while running `"
                        + command + "`", again.getCause());
            }
        }
    }

    private ExecResult execOnce(String command, ExecOptions options) {
        long start = System.nanoTime();
        Connection c = connected();
        Session session;
        try {
            session = c.client.startSession();
        } catch (IOException e) {
            throw new ConnectionLost(c, false, e);
        }
        RemoteProcess remote = RemoteProcess.create();
        CompletableFuture<Long> pid = new CompletableFuture<>();
        Session.Command cmd = null;
        try {
            try {
                cmd = session.exec(remote.wrap(command));
            } catch (IOException e) {
                throw new ConnectionLost(c, true, e);
            }
            StreamPump out = StreamPump.start(cmd.getInputStream(), options.stdout(), options.tailLines());
            StreamPump err = StreamPump.start(cmd.getErrorStream(), options.stderr(), options.tailLines(), line -> {
                OptionalLong p = remote.parsePid(line);
                p.ifPresent(pid::complete);
                return p.isPresent();
            });
            boolean timedOut = false;
            Exception joinFailure = null;
            try {
                cmd.join(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ConnectionException e) {
                joinFailure = e;
            }
            if (cmd.isOpen() && c.client.isConnected() && elapsed(start).compareTo(options.timeout()) >= 0) {
                timedOut = true;
                LOG.warn("[{}] `{}` timed out after {}; stopping the remote process", name(), command, options.timeout());
                stopRemote(c, cmd, pid, command);
                try {
                    cmd.join(KILL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ConnectionException e) {
                    LOG.warn("[{}] channel of `{}` still open after stopping it; closing it", name(), command);
                }
            } else if (joinFailure != null || !cmd.isOpen() && cmd.getExitStatus() == null
                    && cmd.getExitSignal() == null && !c.client.isConnected()) {
                throw new ConnectionLost(c, true, joinFailure != null ? joinFailure
                        : new IOException("connection closed before the command ended"));
            }
            Integer status = timedOut ? null : cmd.getExitStatus();
            Signal signal = cmd.getExitSignal();
            closeQuietly(cmd);
            if (!out.awaitEnd(DRAIN_GRACE)) {
                out.abandon();
            }
            if (!err.awaitEnd(DRAIN_GRACE)) {
                err.abandon();
            }
            out.rethrowConsumerFailure(name(), "stdout");
            err.rethrowConsumerFailure(name(), "stderr");
            if (!timedOut && status == null && signal == null) {
                throw new ConnectionLost(c, true, new IOException("the server closed the channel without an exit status"));
            }
            return new ExecResult(name(), command, status, signal == null ? null : signal.name(), timedOut,
                    out.tail(), err.tail(), elapsed(start));
        } finally {
            closeQuietly(cmd);
            closeQuietly(session);
        }
    }

    /** Stops the timed-out remote process tree over a separate session. */
    private void stopRemote(Connection c, Session.Command cmd, CompletableFuture<Long> reportedPid, String command) {
        // a slow login shell (rc files) may not have reported the pid yet: wait for it while the channel is open
        long waitUntil = System.nanoTime() + KILL_LIMIT.toNanos();
        while (!reportedPid.isDone() && cmd.isOpen() && System.nanoTime() < waitUntil) {
            try {
                reportedPid.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll the channel state again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                break;
            }
        }
        long pid = reportedPid.getNow(-1L);
        if (pid <= 0) {
            LOG.warn("[{}] `{}` did not report its pid; only its channel is closed", name(), command);
            return;
        }
        try (Session s = c.client.startSession(); Session.Command kill = s.exec(RemoteProcess.killScript(pid))) {
            StreamPump out = StreamPump.start(kill.getInputStream(), line -> { }, 20);
            StreamPump err = StreamPump.start(kill.getErrorStream(), line -> { }, 20);
            kill.join(KILL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            out.awaitEnd(Duration.ofSeconds(1));
            err.awaitEnd(Duration.ofSeconds(1));
            LOG.info("[{}] stopped remote process {} of `{}` (kill script exit {})", name(), pid, command,
                    kill.getExitStatus());
        } catch (IOException e) {
            LOG.warn("[{}] could not stop remote process {} of `{}`: {}", name(), pid, command, e.toString());
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    // ---------------------------------------------------------------- upload

    @Override
    public void upload(Path local, String remotePath, Duration timeout) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remotePath, "remotePath");
        Objects.requireNonNull(timeout, "timeout");
        if (!Files.exists(local)) {
            throw new NodeException("[" + name() + "] nothing to upload: " + local + " does not exist");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection c = connected();
        SFTPClient client;
        try {
            client = c.client.newSFTPClient();
        } catch (IOException e) {
            // e.g. dropbear without an sftp-server: copy through the shell instead
            LOG.info("[{}] no SFTP subsystem ({}): uploading {} through the shell", name(), e.getMessage(), local);
            ShellUpload.upload(this, local, remotePath, deadline, timeout);
            return;
        }
        try (SFTPClient sftp = client) {
            sftp.getSFTPEngine().setTimeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            if (Files.isDirectory(local)) {
                sftp.mkdirs(remotePath);
                List<Path> all;
                try (Stream<Path> walk = Files.walk(local)) {
                    all = new ArrayList<>(walk.toList());
                }
                for (Path source : all) {
                    if (System.nanoTime() > deadline) {
                        throw new NodeException("[" + name() + "] upload of " + local + " to " + remotePath
                                + " did not finish within " + timeout);
                    }
                    String rel = local.relativize(source).toString();
                    if (rel.isEmpty()) {
                        continue;
                    }
                    String dest = remotePath + "/" + rel.replace(java.io.File.separatorChar, '/');
                    if (Files.isDirectory(source)) {
                        sftp.mkdirs(dest);
                    } else {
                        put(sftp, source, dest);
                    }
                }
            } else {
                FileAttributes existing = sftp.statExistence(remotePath);
                String dest = existing != null && existing.getType() == net.schmizz.sshj.sftp.FileMode.Type.DIRECTORY
                        ? remotePath + "/" + local.getFileName() : remotePath;
                int slash = dest.lastIndexOf('/');
                if (slash > 0) {
                    sftp.mkdirs(dest.substring(0, slash));
                }
                put(sftp, local, dest);
            }
        } catch (IOException e) {
            throw new NodeException("[" + name() + "] cannot upload " + local + " to " + target + ":" + remotePath
                    + ": " + e.getMessage(), e);
        }
    }

    /** Copies one file and gives it the local file's permission bits (scripts stay executable). */
    private static void put(SFTPClient sftp, Path source, String dest) throws IOException {
        sftp.put(source.toString(), dest);
        try {
            int mode = 0;
            for (PosixFilePermission p : Files.getPosixFilePermissions(source)) {
                mode |= 1 << (8 - p.ordinal());
            }
            sftp.chmod(dest, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the server's default mode stays
        }
    }

    /**
     * The host key this node proved it holds on the current connection, as a known_hosts key
     * ({@code ssh-ed25519 AAAA...}): e.g. to recognise the same guest at another forwarded port
     * after a live migration, without trusting anything new.
     *
     * @return the verified key as {@code type base64}, connecting first if needed
     * @throws NodeException when no host key was verified on the connection
     */
    public String verifiedHostKeyLine() {
        return connected().verifier.acceptedKeyLine().orElseThrow(() -> new NodeException("[" + name()
                + "] no host key was verified on the connection to " + target));
    }

    // ----------------------------------------------------------- unix sockets

    /**
     * A {@code socat} relay on the node ({@code socat - UNIX-CONNECT:path}) over its own session
     * of this node's connection: waits (bounded) for the socket, then relays. The relay ends
     * when the stream is closed (stdin at end) or the socket closes.
     */
    @Override
    public UnixStream openUnixStream(String socketPath, Duration wait) {
        Objects.requireNonNull(socketPath, "socketPath");
        String path = Shell.quote(socketPath);
        ExecResult present = exec("command -v socat >/dev/null || { echo 'socat is not installed' >&2; exit 3; }; "
                + "while [ ! -S " + path + " ]; do sleep 0.05; done", ExecOptions.timeout(wait));
        if (present.timedOut()) {
            throw new NodeException("[" + name() + "] no UNIX socket " + socketPath + " appeared within " + wait);
        }
        if (!present.succeeded()) {
            throw new NodeException("[" + name() + "] cannot relay UNIX socket " + socketPath + ": "
                    + String.join(" ", present.stderrTail()) + " (QMP and serial sockets over SSH need socat on the host)");
        }
        Connection c = connected();
        Session session = null;
        try {
            session = c.client.startSession();
            Session.Command cmd = session.exec("exec socat - UNIX-CONNECT:" + path);
            StreamPump err = StreamPump.start(cmd.getErrorStream(), line -> LOG.debug("[{}] socat {}: {}", name(),
                    socketPath, line), 20);
            return new RelayStream(session, cmd, err, "[" + name() + "] unix:" + socketPath + " (socat over SSH)");
        } catch (IOException e) {
            closeQuietly(session);
            throw new NodeException("[" + name() + "] cannot start a socat relay to " + socketPath + ": "
                    + e.getMessage(), e);
        }
    }

    /** A socat relay's channel. */
    private record RelayStream(Session session, Session.Command command, StreamPump stderr, String describe)
            implements UnixStream {
        @Override
        public java.io.InputStream input() {
            return command.getInputStream();
        }

        @Override
        public java.io.OutputStream output() {
            return command.getOutputStream();
        }

        @Override
        public void close() {
            try {
                command.getOutputStream().close();
            } catch (IOException ignored) {
                // the relay may be gone already
            }
            closeQuietly(command);
            closeQuietly(session);
            stderr.abandon();
        }
    }

    // ---------------------------------------------------------------- reboot

    @Override
    public RebootResult reboot(RebootOptions options) {
        Objects.requireNonNull(options, "options");
        String refusal = rebootRefusal;
        if (refusal != null) {
            throw new RebootRefusedException(name(), refusal);
        }
        long start = System.nanoTime();
        Duration commandLimit = min(options.limit(), REBOOT_COMMAND_LIMIT);
        String oldBootId = bootId(commandLimit);
        LOG.info("[{}] rebooting with `{}` (boot id {})", name(), options.command(), oldBootId);
        try {
            ExecResult r = exec(options.command(), ExecOptions.timeout(commandLimit));
            if (!r.timedOut() && r.signal() == null && r.exitStatus() != null && r.exitStatus() != 0) {
                throw new CommandFailedException(r);
            }
        } catch (CommandFailedException e) {
            throw e;
        } catch (NodeException e) {
            LOG.debug("[{}] connection dropped by the reboot, as expected: {}", name(), e.getMessage());
        }
        dropConnection(null);
        AtomicReference<String> newBootId = new AtomicReference<>();
        AtomicReference<Throwable> lastError = new AtomicReference<>();
        Duration left = options.limit().minus(elapsed(start));
        Duration probeLimit = min(options.limit(), Duration.ofSeconds(10));
        try {
            Awaitility.await("reboot of " + name())
                    .atMost(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(options.pollInterval())
                    .ignoreExceptions()
                    .until(() -> {
                        try {
                            String id = bootId(probeLimit);
                            newBootId.set(id);
                            return !id.equals(oldBootId);
                        } catch (RuntimeException e) {
                            lastError.set(e);
                            dropConnection(null);
                            throw e;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            Throwable last = lastError.get();
            String seen = oldBootId.equals(newBootId.get()) ? "; it still answers with the old boot id" : "";
            throw new RebootTimeoutException("[" + name() + "] " + target + " did not come back with a new boot id within "
                    + options.limit() + " (old boot id " + oldBootId + ")" + seen
                    + (last == null ? "" : "; last error: " + last.getMessage()), last == null ? e : last);
        }
        Duration took = elapsed(start);
        LOG.info("[{}] back after {} with boot id {}", name(), took, newBootId.get());
        return new RebootResult(name(), oldBootId, newBootId.get(), took);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ------------------------------------------------------------ connection

    private Connection connected() {
        synchronized (lock) {
            if (connection != null && connection.client.isConnected() && connection.client.isAuthenticated()) {
                return connection;
            }
            if (connection != null) {
                connection.close();
                connection = null;
            }
            connection = open(target);
            return connection;
        }
    }

    /** Forgets {@code dead} (or whatever is open, when {@code null}) so the next command reconnects. */
    private void dropConnection(Connection dead) {
        synchronized (lock) {
            if (connection != null && (dead == null || connection == dead)) {
                connection.close();
                connection = null;
            }
        }
    }

    private Connection open(SshTarget t) {
        Connection jump = t.via() == null ? null : open(t.via());
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        KnownHostsVerifier verifier = new KnownHostsVerifier(t.name(), t.knownHosts(), t.hostKeyPolicy());
        client.addHostKeyVerifier(verifier);
        int connectMs = (int) Math.min(Integer.MAX_VALUE, t.connectTimeout().toMillis());
        client.setConnectTimeout(connectMs);
        client.getTransport().setTimeoutMs(connectMs);
        client.getConnection().getKeepAlive().setKeepAliveInterval((int) Math.max(1, t.keepAlive().toSeconds()));
        try {
            if (jump == null) {
                client.connect(t.host(), t.port());
            } else {
                DirectConnection tunnel = jump.client.newDirectConnection(t.host(), t.port());
                client.connectVia(tunnel);
            }
        } catch (IOException e) {
            closeQuietly(client);
            if (jump != null) {
                jump.close();
            }
            String refusal = verifier.refusal();
            if (refusal != null) {
                throw new HostKeyRefusedException(refusal);
            }
            throw new NodeException("[" + t.name() + "] cannot connect to " + t + ": " + e.getMessage(), e);
        }
        KeyProvider key;
        try {
            key = client.loadKeys(t.keyFile().toString());
            key.getPublic(); // parse now: a broken or encrypted key is reported here
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            if (jump != null) {
                jump.close();
            }
            throw new NodeException("[" + t.name() + "] cannot read private key file " + t.keyFile() + " for user "
                    + t.user() + " on " + t.host() + ":" + t.port() + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            client.authPublickey(t.user(), key);
        } catch (UserAuthException e) {
            closeQuietly(client);
            if (jump != null) {
                jump.close();
            }
            throw new NodeException("[" + t.name() + "] authentication failed for user '" + t.user() + "' on "
                    + t.host() + ":" + t.port() + " with key file " + t.keyFile() + ": the server refused the key", e);
        } catch (IOException e) {
            closeQuietly(client);
            if (jump != null) {
                jump.close();
            }
            throw new NodeException("[" + t.name() + "] connection to " + t + " failed during authentication of user '"
                    + t.user() + "': " + e.getMessage(), e);
        }
        LOG.debug("[{}] connected to {}", t.name(), t);
        return new Connection(client, jump, verifier);
    }

    @Override
    public void close() {
        dropConnection(null);
    }

    @Override
    public String toString() {
        return "SshNode[" + name() + " " + target + "]";
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing an already broken channel or connection
        }
    }

    /** An authenticated client and the jump connection it runs through (or {@code null}). */
    private static final class Connection {
        final SSHClient client;
        final Connection jump;
        final KnownHostsVerifier verifier;

        Connection(SSHClient client, Connection jump, KnownHostsVerifier verifier) {
            this.client = client;
            this.jump = jump;
            this.verifier = verifier;
        }

        void close() {
            closeQuietly(client);
            if (jump != null) {
                jump.close();
            }
        }
    }

    /** The connection broke; {@code commandStarted} says whether the command may have run. */
    private static final class ConnectionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Connection connection;
        final boolean commandStarted;

        ConnectionLost(Connection connection, boolean commandStarted, Throwable cause) {
            super(cause);
            this.connection = connection;
            this.commandStarted = commandStarted;
        }
    }
}
