package io.kvm4nfv.probe.migration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: one BIOS-only QEMU (no guest OS: SeaBIOS spins, which is migratable) with a
 * QMP UNIX socket in a short temp dir. Each instance carries a unique marker in its
 * command line ({@code -name}); {@link #close()} kills only this process (by its pid).
 */
final class QemuProcess implements AutoCloseable {

    /** RAM not a multiple of 256 KiB: QEMU 7.2 under TCG loses writes otherwise (see DESIGN). */
    static final String MEMORY = "262152k";

    private final Process process;
    private final Path socket;
    private final Path log;
    private final String marker;
    private QmpClient qmp;

    private QemuProcess(Process process, Path socket, Path log, String marker) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.marker = marker;
    }

    /** A running source VM. */
    static QemuProcess start(Path dir, String name) throws IOException {
        return launch(dir, name, false);
    }

    /** A destination waiting for {@code migrate-incoming} ({@code -incoming defer}). */
    static QemuProcess startIncoming(Path dir, String name) throws IOException {
        return launch(dir, name, true);
    }

    private static QemuProcess launch(Path dir, String name, boolean incoming) throws IOException {
        Path socket = dir.resolve(name + ".sock");
        Files.deleteIfExists(socket);
        Path log = dir.resolve(name + ".log");
        String marker = "k4n-mig-" + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
        List<String> argv = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-machine", "q35",
                "-m", MEMORY, "-nodefaults", "-display", "none", "-name", marker,
                "-qmp", "unix:" + socket + ",server=on,wait=off"));
        if (incoming) {
            argv.addAll(List.of("-incoming", "defer"));
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new QemuProcess(p, socket, log, marker);
    }

    /** Connects (once) and returns the QMP client of this QEMU. */
    QmpClient qmp() throws IOException {
        if (qmp == null) {
            qmp = QmpClient.connect(SocketQmpTransport.unix(socket, Duration.ofSeconds(10)), Duration.ofSeconds(10));
        }
        return qmp;
    }

    long pid() {
        return process.pid();
    }

    String marker() {
        return marker;
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills this QEMU (SIGKILL to its own pid) and waits for it to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (qmp != null) {
            qmp.close();
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    /** Whether any process on this machine still has {@code marker} in its command line. */
    static boolean anyProcessWithMarker(String marker) throws IOException {
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (!d.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
                    String stat = Files.readString(d.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && cmdline.contains(marker)) {
                        return true;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return false;
    }

    /** A TCP port free on loopback right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** A short temp dir (UNIX socket paths must stay under 108 bytes). */
    static Path shortTempDir() throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "k4nm");
    }

    /** Deletes a temp dir made by {@link #shortTempDir()}. */
    static void deleteDir(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
