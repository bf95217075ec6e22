package io.kvm4nfv.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The lab's folders and ports on this machine: private folders (mode 0700; short run directories
 * under {@code /tmp}, as UNIX socket paths must stay under 108 bytes), their recursive removal,
 * and free loopback ports. Every folder and port of the lab comes from here.
 */
public final class LabPaths {

    private static final String PRIVATE = "rwx------";

    private LabPaths() {
    }

    /**
     * Creates a private directory {@code /tmp/kvm4nfv-<tag>-<random>/}.
     *
     * @param tag a short word naming the directory's use, e.g. {@code kvmcheck}
     * @return the new directory, mode 0700
     * @throws java.io.UncheckedIOException when it cannot be created
     */
    public static Path newRunDir(String tag) {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "kvm4nfv-" + tag + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under /tmp", e);
        }
    }

    /**
     * Creates {@code directory} (and its parents) if missing and makes it private (mode 0700).
     *
     * @param directory the directory to create; only it (not its parents) gets mode 0700
     * @return {@code directory}
     * @throws IOException when it cannot be created or its mode cannot be set
     */
    public static Path createPrivateDir(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(PRIVATE));
        return directory;
    }

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago.
     *
     * @return the port number; another process may take it before it is used
     * @throws java.io.UncheckedIOException when no port can be bound
     */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * Deletes {@code dir} and everything below it; never throws.
     *
     * @param dir the directory to delete, or {@code null} (nothing happens)
     */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover file in /tmp is harmless
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
