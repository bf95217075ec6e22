package io.kvm4nfv.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded pod as the library jar ships it: {@code pods/local.yaml}, its host and guest
 * scripts ({@code pods/local/}) and the guest image's builder ({@code lab/guest/}), packaged from
 * the project's {@code config/} folder at build time (one source, so the two cannot drift). A
 * user's project needs no config folder of its own: when none is set or found,
 * {@link PodConfigLoader#configDir()} uses this one, extracted once per content into
 * {@code ${XDG_CACHE_HOME:-~/.cache}/kvm4nfv/config/<hash>} (scripts made executable), so that
 * the lab can run and upload its scripts as files. A user's own {@code config/pods/local.yaml},
 * or any other pod, still wins.
 */
public final class EmbeddedConfig {

    /** Where the copy of {@code config/} lives on the class path. */
    static final String ROOT = "io/kvm4nfv/embedded-config";
    private static final String MARKER = ".complete";

    private static Optional<Path> extracted;

    private EmbeddedConfig() {
    }

    /**
     * The shipped config folder, extracted (once per JVM, and once per content on this machine);
     * empty when the class path has none.
     *
     * @return the extracted folder (the one holding {@code pods/}), or empty when the class path
     *         ships no embedded pod
     * @throws UncheckedIOException when it cannot be extracted
     */
    public static synchronized Optional<Path> extracted() {
        if (extracted == null) {
            extracted = extract(cacheRoot());
        }
        return extracted;
    }

    /** {@code $XDG_CACHE_HOME/kvm4nfv/config}, else {@code ~/.cache/kvm4nfv/config}. */
    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("kvm4nfv").resolve("config");
    }

    /** Extracts the class path's copy under {@code cacheRoot}, or finds it there already. */
    static Optional<Path> extract(Path cacheRoot) {
        URL yaml = EmbeddedConfig.class.getClassLoader().getResource(ROOT + "/pods/local.yaml");
        if (yaml == null) {
            return Optional.empty();
        }
        try {
            if ("jar".equals(yaml.getProtocol())) {
                URI jar = URI.create(yaml.toString().substring(0, yaml.toString().indexOf("!/")));
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.newFileSystem(jar, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(jar);
                }
                try {
                    return Optional.of(copyOnce(fs.getPath("/" + ROOT), cacheRoot));
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            }
            return Optional.of(copyOnce(Path.of(yaml.toURI()).getParent().getParent(), cacheRoot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the library's embedded pod into " + cacheRoot, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the tree under {@code source} into {@code cacheRoot/<hash of its content>} unless it is there. */
    private static Path copyOnce(Path source, Path cacheRoot) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted((a, b) -> relative(source, a).compareTo(relative(source, b)))
                    .toList();
        }
        Path target = cacheRoot.resolve(hash(source, files));
        if (Files.exists(target.resolve(MARKER))) {
            return target;
        }
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, ".extract-");
        try {
            for (Path f : files) {
                Path to = staging.resolve(relative(source, f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(
                        to.getFileName().toString().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
            }
            Files.writeString(staging.resolve(MARKER), "extracted from the kvm4nfv-junit jar\n");
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another JVM extracted the same content first: theirs is as good
            }
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return target;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString();
    }

    private static String hash(Path root, List<Path> files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(relative(root, f).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The files of the shipped copy, relative to its root (for reports and tests).
     *
     * @param extractedDir the folder {@link #extracted()} returned
     * @return the regular files' relative paths, sorted, without the extraction marker
     * @throws IOException when the folder cannot be walked
     */
    public static List<String> files(Path extractedDir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(extractedDir)) {
            walk.filter(Files::isRegularFile).map(p -> relative(extractedDir, p)).filter(n -> !n.equals(MARKER))
                    .sorted().forEach(names::add);
        }
        return names;
    }
}
