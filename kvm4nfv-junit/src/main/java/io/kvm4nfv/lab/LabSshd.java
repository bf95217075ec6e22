package io.kvm4nfv.lab;

import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.node.SshTarget;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated OpenSSH {@code sshd} of the embedded lab, listening on a free loopback port,
 * through which the lab reaches "the host" (this machine) exactly as it reaches a real pod's
 * host. It never touches the system sshd or {@code ~/.ssh}: its config, host key,
 * authorized_keys and pid file live in {@link LabDirectory#sshdDir(String)}, its client key
 * is {@link LabDirectory#clientKey()}, its host key is written to
 * {@link LabDirectory#knownHosts()} (strict checking), its log is {@code logs/sshd-NAME.log}.
 *
 * <p>{@link #start} returns once the port answers with an {@code SSH-2.0} banner;
 * {@link #close()} stops the sshd and its sessions (SIGTERM, then SIGKILL). With a
 * {@link Reaper} the sshd is also stopped when the JVM dies.
 */
public final class LabSshd implements AutoCloseable {

    /** System property naming the sshd binary (default {@code /usr/sbin/sshd}). */
    public static final String SSHD_PROPERTY = "kvm4nfv.lab.sshd";
    /** How long {@link #start(LabDirectory, String, Reaper)} waits for the banner. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Environment variable every command run through a lab sshd inherits: the lab's root
     * folder. {@code reaper.sh} stops every process that carries it, including those that
     * left the sshd's process tree ({@code setsid} loads).
     */
    public static final String LAB_DIR_ENV = "KVM4NFV_LAB_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(LabSshd.class);
    private static final String HOST = "127.0.0.1";
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final LabDirectory directory;
    private final String nodeName;
    private final String user;
    private final int port;
    private final Process process;
    private final Reaper.Registration registration;
    private final Path logFile;
    private final Path configFile;
    private volatile boolean closed;

    private LabSshd(LabDirectory directory, String nodeName, String user, int port, Process process,
                    Reaper.Registration registration, Path logFile, Path configFile) {
        this.directory = directory;
        this.nodeName = nodeName;
        this.user = user;
        this.port = port;
        this.process = process;
        this.registration = registration;
        this.logFile = logFile;
        this.configFile = configFile;
    }

    /**
     * Starts the sshd of node {@code nodeName}, registered with {@code reaper} (may be null),
     * waiting up to {@link #DEFAULT_START_TIMEOUT} per bind attempt for its banner.
     *
     * @param directory the lab's folder (keys, config, logs, known_hosts)
     * @param nodeName  the pod's host node the sshd stands for, a plain file name
     * @param reaper    registers the sshd so it dies with the JVM; {@code null} for none
     * @return the running sshd, its host key in the lab's known_hosts
     * @throws LabProcessException with the tail of the sshd log if it does not come up
     * @throws java.io.UncheckedIOException when its folder, keys or config cannot be written
     */
    public static LabSshd start(LabDirectory directory, String nodeName, Reaper reaper) {
        return start(directory, nodeName, reaper, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts the sshd of node {@code nodeName}.
     *
     * @param directory    the lab's folder (keys, config, logs, known_hosts)
     * @param nodeName     the pod's host node the sshd stands for, a plain file name
     * @param reaper       registers the sshd so it dies with the JVM; {@code null} for none
     * @param startTimeout bound of the wait for the banner (per bind attempt)
     * @return the running sshd, its host key in the lab's known_hosts
     * @throws LabProcessException with the tail of the sshd log if it does not come up
     * @throws java.io.UncheckedIOException when its folder, keys or config cannot be written
     */
    public static LabSshd start(LabDirectory directory, String nodeName, Reaper reaper, Duration startTimeout) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(startTimeout, "startTimeout");
        String user = System.getProperty("user.name");
        Path sshdDir = directory.sshdDir(nodeName);
        Path logFile = directory.log("sshd-" + nodeName + ".log");
        Path configFile = sshdDir.resolve("sshd_config");
        Path hostKey = sshdDir.resolve("ssh_host_ed25519_key");
        Path authorizedKeys = sshdDir.resolve("authorized_keys");
        try {
            Files.createDirectories(sshdDir);
            ensurePrivilegeSeparationDir();
            SshKeys.ensureEd25519(directory.clientKey(), "kvm4nfv-lab-" + directory.id());
            SshKeys.ensureEd25519(hostKey, "kvm4nfv-lab-" + directory.id() + "-" + nodeName);
            SshKeys.writeAuthorizedKeys(authorizedKeys, directory.clientKey());
            installPowerGuards(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sshd of " + nodeName + " in " + sshdDir, e);
        }
        String sshd = System.getProperty(SSHD_PROPERTY, "/usr/sbin/sshd");
        for (int attempt = 1; ; attempt++) {
            int port = LabPaths.freeLoopbackPort();
            writeConfig(configFile, port, user, hostKey, authorizedKeys, sshdDir.resolve("sshd.pid"), directory);
            Process process;
            try {
                // setsid: its own process group (the reaper also stops the group's orphans),
                // outside the terminal's group; a Java child is no group leader, so the pid stays
                process = new ProcessBuilder("setsid", sshd, "-D", "-e", "-f", configFile.toString())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new LabProcessException("cannot start " + sshd + " for lab node " + nodeName, e);
            }
            Reaper.Registration registration = null;
            try {
                registration = reaper == null ? null : reaper.register("sshd-" + nodeName, process.toHandle());
            } catch (LabProcessException died) {
                // exited at once (e.g. the port was taken): judged below from its log
            }
            Outcome outcome = awaitBanner(process, port, startTimeout);
            if (outcome == Outcome.UP) {
                KnownHostsFile.put(directory.knownHosts(), KnownHostsFile.hostPattern(HOST, port),
                        SshKeys.publicKeyLineOf(hostKey));
                LOG.info("lab sshd of {} listening on {}:{} (pid {}, log {})", nodeName, HOST, port,
                        process.pid(), logFile);
                return new LabSshd(directory, nodeName, user, port, process, registration, logFile, configFile);
            }
            stop(process);
            if (registration != null) {
                registration.forget();
            }
            String tail = tail(logFile, 20);
            boolean portTaken = tail.contains("Address already in use") || tail.contains("Cannot bind any address");
            if (outcome == Outcome.EXITED && portTaken && attempt < BIND_ATTEMPTS) {
                LOG.info("port {} was taken before sshd of {} could bind it; trying another", port, nodeName);
                continue;
            }
            throw new LabProcessException("sshd of lab node " + nodeName + " did not come up on " + HOST + ":" + port
                    + (outcome == Outcome.EXITED ? " (exited)" : " within " + startTimeout.toMillis() + " ms")
                    + "; " + logFile + " ends with:\n" + tail);
        }
    }

    private enum Outcome { UP, EXITED, TIMED_OUT }

    private static Outcome awaitBanner(Process process, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return Outcome.EXITED;
            }
            if (hasSshBanner(port)) {
                return process.isAlive() ? Outcome.UP : Outcome.EXITED;
            }
            if (System.nanoTime() - deadline > 0) {
                return Outcome.TIMED_OUT;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabProcessException("interrupted while waiting for the lab sshd", e);
            }
        }
    }

    private static boolean hasSshBanner(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 255; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().startsWith("SSH-2.0-");
        } catch (IOException e) {
            return false;
        }
    }

    private static void ensurePrivilegeSeparationDir() {
        Path run = Path.of("/run/sshd");
        try {
            Files.createDirectories(run);
        } catch (IOException e) {
            if ("root".equals(System.getProperty("user.name"))) {
                throw new UncheckedIOException("cannot create sshd's privilege separation directory " + run, e);
            }
            // not root: sshd runs without privilege separation and does not need it
        }
    }

    private static void writeConfig(Path configFile, int port, String user, Path hostKey, Path authorizedKeys,
                                    Path pidFile, LabDirectory directory) {
        Path labRoot = directory.root();
        String config = String.join("\n",
                "# kvm4nfv embedded lab: a dedicated sshd (never the system's); written by LabSshd",
                "Port " + port,
                "ListenAddress " + HOST,
                "AddressFamily inet",
                "HostKey " + quoted(hostKey),
                "PidFile " + quoted(pidFile),
                "AuthorizedKeysFile " + quoted(authorizedKeys),
                "AllowUsers " + user,
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitUserEnvironment no",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "X11Forwarding no",
                "AllowTcpForwarding local",
                "MaxSessions 64",
                "MaxStartups 64:30:128",
                "LoginGraceTime 30",
                "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp",
                // every command of a session carries the lab's mark, even one started with setsid
                // (stress-ng): the reaper stops it by this mark after kill -9 of the JVM.
                // SHLVL=1 keeps bash from sourcing the user's ~/.bashrc for ssh commands: a login
                // script that blocks (seen: `pyenv rehash` waiting on a lock left by a killed
                // shell) would otherwise hang every command of the lab. PATH starts with the lab's
                // bin folder, whose power guards stand in for reboot, shutdown, poweroff and halt
                // (see installPowerGuards). Only the first SetEnv line counts, so all go on one line.
                "SetEnv \"" + LAB_DIR_ENV + "=" + labRoot.toAbsolutePath() + "\" \"SHLVL=1\" \"PATH="
                        + guardBin(directory).toAbsolutePath() + ":" + DEFAULT_PATH + "\"",
                "");
        try {
            Files.writeString(configFile, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
    }

    /** The PATH of a session after the lab's bin folder (OpenSSH's default for root, which includes sbin). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The commands that would reboot or stop the machine: on the lab's host they are refused. */
    static final List<String> POWER_COMMANDS = List.of("reboot", "shutdown", "poweroff", "halt");
    /** Where a refused power command is recorded (in the lab's logs). */
    static final String REFUSED_POWER_LOG = "refused-power-commands.log";

    /** The folder first on the PATH of every session of the lab's sshd. */
    static Path guardBin(LabDirectory directory) {
        return directory.root().resolve("bin");
    }

    /**
     * The host node of the embedded lab is the machine running the tests. A pod's host script
     * that calls {@code reboot} (KVM4NFV's own scripts end a tuning step that way) must not
     * reach it: the lab's sessions find these guards first on their PATH; each records the
     * call in {@code logs/refused-power-commands.log}, says why on stderr and exits 1.
     * (A script that calls {@code /sbin/reboot} by its full path is not caught; the library's
     * own {@code reboot} step never sends anything to this node, see {@code SshNode#refuseReboot}.)
     */
    private static void installPowerGuards(LabDirectory directory) throws IOException {
        Path bin = Files.createDirectories(guardBin(directory));
        Path log = directory.log(REFUSED_POWER_LOG).toAbsolutePath();
        for (String command : POWER_COMMANDS) {
            Path guard = bin.resolve(command);
            Files.writeString(guard, String.join("\n",
                    "#!/bin/sh",
                    "# kvm4nfv embedded lab: this host is the machine running the tests; never " + command + " it.",
                    "printf '%s %s %s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" " + command + " \"$*\" >> " + Shell.quote(log.toString()),
                    "echo \"kvm4nfv embedded lab: refusing '" + command + "': this host is the machine running "
                            + "the tests\" >&2",
                    "exit 1", ""));
            Files.setPosixFilePermissions(guard, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static String quoted(Path path) {
        String text = path.toAbsolutePath().toString();
        if (text.contains("\"")) {
            throw new IllegalArgumentException("path not usable in sshd_config: " + text);
        }
        return "\"" + text + "\"";
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !waitFor(handle, left)) {
                    handle.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitFor(ProcessHandle handle, long nanos) throws InterruptedException {
        try {
            handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        }
    }

    /**
     * The node name this sshd serves.
     *
     * @return the pod node name given to {@link #start}
     */
    public String nodeName() {
        return nodeName;
    }

    /**
     * Always {@code 127.0.0.1}.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return HOST;
    }

    /**
     * The loopback port it listens on.
     *
     * @return the TCP port on 127.0.0.1
     */
    public int port() {
        return port;
    }

    /**
     * The login user: the user running this JVM ({@code user.name}).
     *
     * @return the user name
     */
    public String user() {
        return user;
    }

    /**
     * Pid of the sshd listener.
     *
     * @return the pid of the {@code sshd -D} process
     */
    public long pid() {
        return process.pid();
    }

    /**
     * True while the sshd runs.
     *
     * @return {@code true} while the sshd process is alive
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * The client private key that this sshd accepts.
     *
     * @return the lab's client key, {@link LabDirectory#clientKey()}
     */
    public Path clientKey() {
        return directory.clientKey();
    }

    /**
     * The known_hosts file that holds this sshd's host key.
     *
     * @return the lab's known_hosts file
     */
    public Path knownHosts() {
        return directory.knownHosts();
    }

    /**
     * The sshd's log file.
     *
     * @return {@code logs/sshd-NAME.log}
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * The sshd_config written for it.
     *
     * @return the config file in its sshd folder
     */
    public Path configFile() {
        return configFile;
    }

    /**
     * How to reach this node over SSH: strict host key checking against the lab's known_hosts.
     *
     * @return a target for {@code user@127.0.0.1:port} with the lab's client key and default timeouts
     */
    public SshTarget target() {
        return new SshTarget(nodeName, HOST, port, user, directory.clientKey(), directory.knownHosts(),
                HostKeyPolicy.STRICT, null, null, null);
    }

    /** Stops the sshd and its sessions: SIGTERM, then SIGKILL after 5 s; always waits. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process);
        if (registration != null) {
            registration.forget();
        }
        LOG.info("lab sshd of {} stopped (exit {})", nodeName, process.isAlive() ? "?" : process.exitValue());
    }

    @Override
    public String toString() {
        return "LabSshd[" + nodeName + " " + user + "@" + HOST + ":" + port + "]";
    }
}
