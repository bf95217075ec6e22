package io.kvm4nfv.testing;

import io.kvm4nfv.lab.SshKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 and a free port, with its own host key,
 * client key and {@code authorized_keys} in a directory of the test's choosing, for
 * integration tests. Runs as the current user (root here: {@code PermitRootLogin
 * prohibit-password}). {@link #close()} stops it.
 *
 * <pre>{@code
 * try (OpenSshServer sshd = OpenSshServer.start(tempDir)) {
 *     SshTarget t = sshd.target("host");   // STRICT, known_hosts already holds the host key
 * }
 * }</pre>
 */
public final class OpenSshServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path hostKey;
    private final Path clientKey;
    private final Path knownHosts;
    private final Process process;

    private OpenSshServer(Path dir, int port, Path hostKey, Path clientKey, Path knownHosts, Process process) {
        this.dir = dir;
        this.port = port;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
        this.process = process;
    }

    /** Starts sshd with new keys in {@code dir}; returns once it accepts connections. */
    public static OpenSshServer start(Path dir) {
        try {
            Files.createDirectories(Path.of("/run/sshd"));
            Files.createDirectories(dir);
            Path hostKey = dir.resolve("ssh_host_ed25519_key");
            Path clientKey = dir.resolve("id_ed25519");
            SshKeys.ensureEd25519(hostKey, "kvm4nfv-test");
            SshKeys.ensureEd25519(clientKey, "kvm4nfv-test");
            Path authorized = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), clientKey);
            int port = FreePorts.loopback();
            Path knownHosts = dir.resolve("known_hosts");
            Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + SshKeys.publicKeyLineOf(hostKey) + "\n");
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                    "ListenAddress 127.0.0.1",
                    "Port " + port,
                    "HostKey " + hostKey,
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + authorized,
                    "StrictModes no",
                    "UsePAM no",
                    "PermitRootLogin prohibit-password",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "AllowTcpForwarding yes",
                    "MaxSessions 50",
                    "MaxStartups 50:30:100",
                    "LogLevel ERROR",
                    "Subsystem sftp internal-sftp",
                    // bash sources ~/.bashrc for ssh commands only at SHLVL < 2; a developer's rc file
                    // (pyenv init, ...) would otherwise add seconds to every command
                    "SetEnv SHLVL=1",
                    ""), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            OpenSshServer server = new OpenSshServer(dir, port, hostKey, clientKey, knownHosts, p);
            try {
                Awaitility.await("sshd on port " + port).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(20)).until(() -> {
                            if (!p.isAlive()) {
                                throw new IllegalStateException("sshd exited: " + server.log());
                            }
                            return server.accepts();
                        });
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port sshd listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The client private key that is authorised. */
    public Path clientKey() {
        return clientKey;
    }

    /** The server's private host key. */
    public Path hostKey() {
        return hostKey;
    }

    /** A known_hosts file that holds this server's host key for {@code [127.0.0.1]:port}. */
    public Path knownHosts() {
        return knownHosts;
    }

    /** The login user (the user running the tests). */
    public String user() {
        return System.getProperty("user.name");
    }

    /** A STRICT target for this server, as node {@code name}. */
    public io.kvm4nfv.node.SshTarget target(String name) {
        return new io.kvm4nfv.node.SshTarget(name, "127.0.0.1", port, user(), clientKey, knownHosts,
                io.kvm4nfv.node.HostKeyPolicy.STRICT, null, Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /** What sshd wrote so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The ssh(1) options that reach this server with the client key and known_hosts, non-interactively. */
    public List<String> sshArguments() {
        return List.of("-p", String.valueOf(port), "-i", clientKey.toString(), "-o", "BatchMode=yes",
                "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR", user() + "@127.0.0.1");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
