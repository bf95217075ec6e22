package io.kvm4nfv.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Shared bits of the fault and security tests: where the repository's config folder is, and copies of it. */
public final class FaultLab {

    private FaultLab() {
    }

    /** The repository's {@code config} folder (from {@code kvm4nfv.config.dir}, else searched upward). */
    public static Path configDir() {
        String given = System.getProperty("kvm4nfv.config.dir");
        if (given != null && !given.isBlank() && Files.isDirectory(Path.of(given, "pods"))) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config/pods"))) {
                return dir.resolve("config");
            }
        }
        throw new IllegalStateException("no config/pods folder above " + Path.of("").toAbsolutePath());
    }

    /**
     * A config folder of its own under {@code target}: {@code pods/local.yaml} and its script
     * folders copied from the repository, so a test can add pods next to it; {@code lab}
     * (the guest image builder) is a link to the repository's.
     */
    public static Path copyOfConfig(Path target) {
        Path pods = configDir().resolve("pods");
        try {
            Files.createDirectories(target.resolve("pods"));
            Files.copy(pods.resolve("local.yaml"), target.resolve("pods/local.yaml"));
            try (Stream<Path> files = Files.walk(pods.resolve("local"))) {
                for (Path f : files.toList()) {
                    Path to = target.resolve("pods").resolve(pods.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                        to.toFile().setExecutable(f.toFile().canExecute());
                    }
                }
            }
            Files.createSymbolicLink(target.resolve("lab"), configDir().resolve("lab"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
