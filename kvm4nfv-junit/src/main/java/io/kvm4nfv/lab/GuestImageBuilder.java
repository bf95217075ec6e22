package io.kvm4nfv.lab;

import io.kvm4nfv.config.EmbeddedConfig;
import io.kvm4nfv.config.PodConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds (or finds in the cache) the embedded lab's guest image by running
 * {@code config/lab/guest/build-guest.sh}. The script does the work and owns the cache key;
 * this class bounds it with a timeout and logs its output to a file.
 *
 * @param script   the builder script ({@code build-guest.sh})
 * @param cacheDir the cache root, or {@code null} for the script's default
 *                 ({@code $KVM4NFV_CACHE_DIR}, else {@code ${XDG_CACHE_HOME:-~/.cache}/kvm4nfv/guest})
 * @param logFile  where the script's stdout and stderr go (appended)
 * @param timeout  bound of one build (a cold build downloads about 100 MB of packages)
 * @param pinnedVersions file of {@code package version} lines that pins the guest's packages
 *                 (the script's {@code KVM4NFV_GUEST_VERSIONS}), or {@code null} for the
 *                 versions installed on this machine
 */
public record GuestImageBuilder(Path script, Path cacheDir, Path logFile, Duration timeout, Path pinnedVersions) {

    private static final Logger LOG = LoggerFactory.getLogger(GuestImageBuilder.class);

    /** Default bound of a build. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Checks the builder; a {@code null} timeout becomes {@link #DEFAULT_TIMEOUT}.
     *
     * @param script         the builder script
     * @param cacheDir       the cache root, or {@code null} for the script's default
     * @param logFile        where the script's output goes (appended)
     * @param timeout        bound of one build, or {@code null} for 10 minutes
     * @param pinnedVersions file of pinned package versions, or {@code null}
     * @throws NullPointerException when {@code script} or {@code logFile} is {@code null}
     */
    public GuestImageBuilder {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(logFile, "logFile");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /**
     * The builder of the config folder in use ({@link PodConfigLoader#configDir()}: the one named
     * by {@code kvm4nfv.config.dir}, else found upward, else the library's embedded one); a config
     * folder without {@code lab/guest/} (a user's own pods only) uses the embedded one's.
     *
     * @param logFile where the script's stdout and stderr go (appended)
     * @return a builder with the default cache, timeout and package versions
     */
    public static GuestImageBuilder fromConfigDir(Path logFile) {
        Path script = PodConfigLoader.fromSystem().configDir().resolve("lab/guest/build-guest.sh");
        if (!Files.isRegularFile(script)) {
            script = EmbeddedConfig.extracted().map(d -> d.resolve("lab/guest/build-guest.sh")).orElse(script);
        }
        return new GuestImageBuilder(script, null, logFile, DEFAULT_TIMEOUT, null);
    }

    /**
     * Returns this builder with another cache root.
     *
     * @param dir the cache root ({@code KVM4NFV_CACHE_DIR}), or {@code null} for the script's default
     * @return the copy
     */
    public GuestImageBuilder withCacheDir(Path dir) {
        return new GuestImageBuilder(script, dir, logFile, timeout, pinnedVersions);
    }

    /**
     * Returns this builder with the guest's package versions pinned by {@code file}.
     *
     * @param file a file of {@code package version} lines, or {@code null} for this machine's versions
     * @return the copy
     */
    public GuestImageBuilder withPinnedVersions(Path file) {
        return new GuestImageBuilder(script, cacheDir, logFile, timeout, file);
    }

    /**
     * Builds the image, or returns the cached one when its inputs are unchanged.
     *
     * @return the image in the directory the script printed last
     * @throws IllegalStateException        when the script is missing, fails, prints nothing, times out or the
     *                                      image is incomplete
     * @throws java.io.UncheckedIOException when the script cannot be run or the image cannot be read
     */
    public GuestImage build() {
        return GuestImage.load(Path.of(run(List.of())));
    }

    /**
     * The cache key of the current inputs (the script's {@code --print-key}).
     *
     * @return the last line the script printed
     * @throws IllegalStateException        when the script is missing, fails or times out
     * @throws java.io.UncheckedIOException when the script cannot be run
     */
    public String cacheKey() {
        return run(List.of("--print-key"));
    }

    /** Runs the script with {@code args}; returns the last line of its stdout. */
    private String run(List<String> args) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("guest image builder not found: " + script);
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Path stdout = Files.createTempFile(logFile.toAbsolutePath().getParent(), "build-guest", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                if (cacheDir != null) {
                    pb.environment().put("KVM4NFV_CACHE_DIR", cacheDir.toAbsolutePath().toString());
                }
                if (pinnedVersions != null) {
                    pb.environment().put("KVM4NFV_GUEST_VERSIONS", pinnedVersions.toAbsolutePath().toString());
                }
                long start = System.nanoTime();
                Process process = pb.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("guest image build timed out after " + timeout + "; log: " + logFile);
                }
                List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
                Files.writeString(logFile, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
                if (process.exitValue() != 0 || lines.isEmpty()) {
                    throw new IllegalStateException("guest image build failed (exit " + process.exitValue()
                            + "): " + tail(logFile, 15));
                }
                LOG.info("{} {} finished in {} ms", script.getFileName(), String.join(" ", args),
                        (System.nanoTime() - start) / 1_000_000);
                return lines.get(lines.size() - 1).trim();
            } finally {
                Files.deleteIfExists(stdout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the guest image", e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
