package io.kvm4nfv.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's OpenSSH known_hosts file: one line per lab endpoint, written by the lab itself
 * (it made the host keys), so clients can check host keys strictly.
 */
public final class KnownHostsFile {

    private KnownHostsFile() {
    }

    /**
     * The known_hosts host pattern of an endpoint: {@code host} on port 22, else {@code [host]:port}.
     *
     * @param host the endpoint's address or host name
     * @param port the endpoint's SSH port
     * @return the pattern a known_hosts line starts with
     */
    public static String hostPattern(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /**
     * Puts {@code hostPattern keyLine} into {@code file}, replacing the lines that were there
     * for that host pattern (a port reused by a new lab process has a new key).
     *
     * @param file        the known_hosts file; created when missing, replaced atomically
     * @param hostPattern the endpoint, as {@link #hostPattern} makes it
     * @param keyLine {@code type base64}, e.g. {@code ssh-ed25519 AAAA...}
     * @throws java.io.UncheckedIOException when the file cannot be read or written
     */
    public static synchronized void put(Path file, String hostPattern, String keyLine) {
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    String first = line.trim().split("\\s+", 2)[0];
                    if (!first.equals(hostPattern)) {
                        lines.add(line);
                    }
                }
            }
            lines.add(hostPattern + " " + keyLine);
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
