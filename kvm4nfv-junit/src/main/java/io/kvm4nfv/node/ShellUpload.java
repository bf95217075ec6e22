package io.kvm4nfv.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Upload without SFTP or scp: each file is sent as base64 in command-line chunks and
 * decoded on the node ({@code base64 -d}, present in coreutils and busybox), then given
 * the local file's mode. Meant for small files such as setup scripts on minimal guests.
 */
final class ShellUpload {

    /** Raw bytes per command: 48 KiB become 64 KiB of base64, well under Linux's 128 KiB per argument. */
    private static final int CHUNK = 48 * 1024;

    private ShellUpload() {
    }

    static void upload(Node node, Path local, String remotePath, long deadlineNanos, Duration timeout) {
        try {
            if (Files.isDirectory(local)) {
                List<Path> all;
                try (Stream<Path> walk = Files.walk(local)) {
                    all = new ArrayList<>(walk.toList());
                }
                run(node, "mkdir -p " + Shell.quote(remotePath), deadlineNanos, timeout);
                for (Path source : all) {
                    String rel = local.relativize(source).toString();
                    if (rel.isEmpty()) {
                        continue;
                    }
                    String dest = remotePath + "/" + rel.replace(java.io.File.separatorChar, '/');
                    if (Files.isDirectory(source)) {
                        run(node, "mkdir -p " + Shell.quote(dest), deadlineNanos, timeout);
                    } else {
                        file(node, source, dest, deadlineNanos, timeout);
                    }
                }
            } else {
                String dest = remotePath;
                if (node.exec("test -d " + Shell.quote(remotePath), timeout).succeeded()) {
                    dest = remotePath + "/" + local.getFileName();
                }
                int slash = dest.lastIndexOf('/');
                if (slash > 0) {
                    run(node, "mkdir -p " + Shell.quote(dest.substring(0, slash)), deadlineNanos, timeout);
                }
                file(node, local, dest, deadlineNanos, timeout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + local + " for upload to " + node.name(), e);
        }
    }

    private static void file(Node node, Path source, String dest, long deadlineNanos, Duration timeout)
            throws IOException {
        byte[] buffer = new byte[CHUNK];
        boolean first = true;
        try (InputStream in = Files.newInputStream(source)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0 || first) {
                String data = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer, n));
                run(node, "printf '%s' " + Shell.quote(data) + " | base64 -d " + (first ? ">" : ">>") + " "
                        + Shell.quote(dest), deadlineNanos, timeout);
                first = false;
                if (n < CHUNK) {
                    break;
                }
            }
        }
        int mode = 0;
        try {
            for (PosixFilePermission p : Files.getPosixFilePermissions(source)) {
                mode |= 1 << (8 - p.ordinal());
            }
            run(node, "chmod " + Integer.toOctalString(mode) + " " + Shell.quote(dest), deadlineNanos, timeout);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system here: the node's default mode stays
        }
    }

    private static void run(Node node, String command, long deadlineNanos, Duration timeout) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new NodeException("[" + node.name() + "] upload did not finish within " + timeout);
        }
        node.exec(command, ExecOptions.timeout(Duration.ofNanos(left))).requireSuccess();
    }
}
