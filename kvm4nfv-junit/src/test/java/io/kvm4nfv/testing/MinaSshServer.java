package io.kvm4nfv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An embedded Apache MINA SSHD server on 127.0.0.1 and a free port for fast tests:
 * a fixed EC host key made in the test, public-key auth against an authorized_keys file,
 * SFTP, port forwarding (for jump-host tests) and commands run as real {@code /bin/sh -c}
 * processes, unless a {@link CommandFactory} of the test answers them instead.
 */
public final class MinaSshServer implements AutoCloseable {
    private final SshServer sshd;
    private final java.util.concurrent.atomic.AtomicBoolean loginsRefused;

    private MinaSshServer(SshServer sshd, java.util.concurrent.atomic.AtomicBoolean loginsRefused) {
        this.sshd = sshd;
        this.loginsRefused = loginsRefused;
    }

    /** A new EC P-256 key pair (a host key). */
    public static KeyPair newHostKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a server with {@code hostKey} that accepts the keys in {@code authorizedKeys} and runs real processes. */
    public static MinaSshServer start(KeyPair hostKey, Path authorizedKeys) {
        return start(hostKey, authorizedKeys, ProcessCommand::new);
    }

    /** Like {@link #start(KeyPair, Path)} with the test's own command factory. */
    public static MinaSshServer start(KeyPair hostKey, Path authorizedKeys, CommandFactory commands) {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(authorizedKeys);
        java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
        sshd.setPublickeyAuthenticator((user, key, session) -> !refused.get() && keys.authenticate(user, key, session));
        sshd.setCommandFactory(commands);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MinaSshServer(sshd, refused);
    }

    /** The listening port. */
    public int port() {
        return sshd.getPort();
    }

    /** From now on the server presents {@code hostKey} (as after a re-install). */
    public void changeHostKey(KeyPair hostKey) {
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    }

    /** While {@code true}, every login is refused (as by a host that is still booting). */
    public void refuseLogins(boolean refuse) {
        loginsRefused.set(refuse);
    }

    /** Drops every open connection (as a network failure or a reboot would). */
    public void dropSessions() {
        sshd.getActiveSessions().forEach(s -> s.close(true));
    }

    /** The number of open connections. */
    public int sessionCount() {
        return sshd.getActiveSessions().size();
    }

    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            // stopping anyway
        }
    }

    /** A command run as a real {@code /bin/sh -c} process; its streams are copied to the channel. */
    public static final class ProcessCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        public ProcessCommand(ChannelSession channel, String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Process p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Thread o = copy(p.getInputStream(), out);
            Thread e = copy(p.getErrorStream(), err);
            Thread waiter = new Thread(() -> {
                try {
                    int status = p.waitFor();
                    o.join(TimeUnit.SECONDS.toMillis(10));
                    e.join(TimeUnit.SECONDS.toMillis(10));
                    exit.onExit(status);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }, "mina-cmd-wait");
            waiter.setDaemon(true);
            waiter.start();
        }

        private static Thread copy(InputStream from, OutputStream to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[32 * 1024];
                try {
                    int n;
                    while ((n = from.read(buf)) >= 0) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // channel closed
                }
            }, "mina-cmd-copy");
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void destroy(ChannelSession channel) {
            // like OpenSSH: closing the channel alone does not kill the process
        }
    }
}
