package io.kvm4nfv.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A running lab guest: the QEMU process, its forwarded SSH port, QMP socket and console log.
 * Closing it stops QEMU (SIGTERM, then SIGKILL) and always reaps the process; a JVM shutdown
 * hook does the same if the test run ends without closing it, so no VM is orphaned.
 */
public final class GuestVm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuestVm.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration TERM_GRACE = Duration.ofSeconds(GuestVm.TERM_GRACE_SECONDS);

    private final GuestOptions options;
    private final QemuCommand command;
    private final Process process;
    private final Path qemuLog;
    private final Thread shutdownHook;

    GuestVm(GuestOptions options, QemuCommand command, Process process, Path qemuLog) {
        this.options = options;
        this.command = command;
        this.process = process;
        this.qemuLog = qemuLog;
        this.shutdownHook = new Thread(this::kill, "kvm4nfv-stop-" + options.name());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The guest's name.
     *
     * @return the guest name from its options
     */
    public String name() {
        return options.name();
    }

    /**
     * The options it was started with.
     *
     * @return the options given to the launcher
     */
    public GuestOptions options() {
        return options;
    }

    /**
     * The QEMU command line it was started with.
     *
     * @return the argument vector and the RAM size passed to QEMU
     */
    public QemuCommand command() {
        return command;
    }

    /**
     * QEMU's process id.
     *
     * @return the pid of the QEMU child process
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Loopback port forwarded to the guest's SSH server.
     *
     * @return the port on 127.0.0.1
     */
    public int sshPort() {
        return options.sshHostPort();
    }

    /**
     * QMP UNIX socket.
     *
     * @return the path of the QMP monitor socket on this machine
     */
    public Path qmpSocket() {
        return options.qmpSocket();
    }

    /**
     * File with the guest's serial console.
     *
     * @return the console log file
     */
    public Path consoleLog() {
        return options.consoleLog();
    }

    /**
     * File with QEMU's own stdout and stderr.
     *
     * @return the QEMU log file
     */
    public Path qemuLog() {
        return qemuLog;
    }

    /**
     * Whether QEMU still runs.
     *
     * @return {@code true} while the QEMU process is alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the guest's SSH server answers on the forwarded port (its banner starts with
     * {@code SSH-2.0}). QEMU accepts the host side of the forward before the guest listens, so
     * only the banner proves the guest is up. Fails with the console's tail on timeout or when
     * QEMU exits.
     *
     * @param timeout how long to wait at most
     * @return how long it waited
     * @throws GuestStartException when QEMU exits first or {@code timeout} passes (with the console's tail)
     */
    public Duration awaitSshReady(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new GuestStartException("QEMU of guest " + name() + " exited with " + process.exitValue()
                        + " before SSH was ready" + diagnostics());
            }
            if (sshBannerSeen()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new GuestStartException("guest " + name() + " did not answer SSH on 127.0.0.1:" + sshPort()
                        + " within " + timeout + diagnostics());
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Waits until the console log contains {@code text}.
     *
     * @param text    the text to look for, e.g. {@link QemuCommand#READY_MARKER}
     * @param timeout how long to wait at most
     * @return whether it appeared within {@code timeout} (false also when QEMU exited)
     */
    public boolean awaitConsole(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (consoleText().contains(text)) {
                return true;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return consoleText().contains(text);
    }

    private boolean sshBannerSeen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", sshPort()), 1000);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] banner = new byte[7];
            int n = 0;
            while (n < banner.length) {
                int r = in.read(banner, n, banner.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return "SSH-2.0".equals(new String(banner, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The console log's content so far (empty when there is none yet).
     *
     * @return the console text, read as ISO-8859-1; empty also when it cannot be read
     */
    public String consoleText() {
        try {
            return Files.exists(consoleLog()) ? Files.readString(consoleLog(), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private String diagnostics() {
        return "\n--- console tail (" + consoleLog() + ") ---\n" + tail(consoleText(), 25)
                + "\n--- QEMU output (" + qemuLog + ") ---\n" + tail(readQuietly(qemuLog), 10);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Stops QEMU: SIGTERM, then SIGKILL after {@value #TERM_GRACE_SECONDS} s; always waits for
     * the process to end and removes the QMP socket. Idempotent.
     */
    public void stop() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs kill() anyway
        }
    }

    /** Seconds between SIGTERM and SIGKILL. */
    public static final long TERM_GRACE_SECONDS = 5;

    private void kill() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("guest {}: QEMU (pid {}) ignored SIGTERM, killing it", name(), pid());
                    process.destroyForcibly();
                }
            }
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(options.qmpSocket());
            } catch (IOException e) {
                LOG.debug("cannot remove {}", options.qmpSocket(), e);
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "GuestVm[" + name() + ", pid " + pid() + ", ssh 127.0.0.1:" + sshPort() + "]";
    }
}
