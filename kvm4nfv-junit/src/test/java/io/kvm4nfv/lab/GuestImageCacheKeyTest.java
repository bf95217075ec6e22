package io.kvm4nfv.lab;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The image cache key of {@code build-guest.sh --print-key}: stable for the same inputs,
 * different when a builder file or a package version changes. Runs on a copy of the builder
 * with pinned versions, so it does not depend on this machine's packages.
 */
class GuestImageCacheKeyTest {

    private static final Path GUEST_DIR = Path.of(System.getProperty("kvm4nfv.config.dir", "../config"), "lab", "guest");

    @TempDir
    Path tmp;

    private Path builderDir;
    private Path versions;
    private GuestImageBuilder builder;

    @BeforeEach
    void copyBuilder() throws IOException {
        builderDir = tmp.resolve("guest");
        try (Stream<Path> files = Files.walk(GUEST_DIR)) {
            for (Path source : files.toList()) {
                Path target = builderDir.resolve(GUEST_DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        versions = tmp.resolve("versions.txt");
        Files.writeString(versions, """
                linux-image-6.1.0-99-amd64 6.1.999-1
                busybox-static 1:1.35.0-4
                rt-tests 2.4-1
                stress-ng 0.15.06-2
                dropbear-bin 2022.83-1
                """);
        builder = new GuestImageBuilder(builderDir.resolve("build-guest.sh"), tmp.resolve("cache"),
                tmp.resolve("build.log"), null, versions);
    }

    @Test
    void sameInputsGiveTheSameKey() {
        String key = builder.cacheKey();
        assertThat(key).matches("[0-9a-f]{16}");
        assertThat(builder.cacheKey()).isEqualTo(key);
    }

    @Test
    void changedBuilderFileChangesTheKey() throws IOException {
        String before = builder.cacheKey();
        Files.writeString(builderDir.resolve("rootfs/rcS"), "\n# changed\n", StandardOpenOption.APPEND);
        assertThat(builder.cacheKey()).isNotEqualTo(before);
    }

    @Test
    void changedPackageVersionChangesTheKey() throws IOException {
        String before = builder.cacheKey();
        Files.writeString(versions, Files.readString(versions).replace("stress-ng 0.15.06-2", "stress-ng 0.15.06-3"));
        assertThat(builder.cacheKey()).isNotEqualTo(before);
    }

    @Test
    void newKernelPackageChangesTheKey() throws IOException {
        String before = builder.cacheKey();
        Files.writeString(versions, Files.readString(versions).replace("linux-image-6.1.0-99-amd64", "linux-image-6.1.0-100-amd64"));
        assertThat(builder.cacheKey()).isNotEqualTo(before);
    }

    @Test
    void cacheDirectoryDoesNotChangeTheKey() {
        assertThat(builder.withCacheDir(tmp.resolve("other")).cacheKey()).isEqualTo(builder.cacheKey());
    }

    @Test
    void missingScriptIsReported() {
        GuestImageBuilder missing = new GuestImageBuilder(tmp.resolve("nope.sh"), null, tmp.resolve("l.log"), null, null);
        assertThatThrownBy(missing::cacheKey).hasMessageContaining("not found");
    }
}
