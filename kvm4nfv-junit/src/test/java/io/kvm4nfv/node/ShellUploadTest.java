package io.kvm4nfv.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The SFTP-less upload path (minimal guests with dropbear only), exercised through a real shell. */
class ShellUploadTest {

    @TempDir
    Path local;
    @TempDir
    Path remote;

    @Test
    void directoryWithBinaryAndMultiChunkFilesKeepsContentAndModes() throws Exception {
        byte[] big = new byte[150_000];
        new Random(7).nextBytes(big);
        Files.createDirectories(local.resolve("scripts/sub"));
        Files.write(local.resolve("scripts/big.bin"), big);
        Files.writeString(local.resolve("scripts/sub/run.sh"), "#!/bin/sh\necho 'it''s $HOME'\n");
        Files.setPosixFilePermissions(local.resolve("scripts/sub/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.write(local.resolve("scripts/empty"), new byte[0]);

        Duration timeout = Duration.ofSeconds(30);
        try (LocalNode node = new LocalNode("local")) {
            ShellUpload.upload(node, local.resolve("scripts"), remote.resolve("up").toString(),
                    System.nanoTime() + timeout.toNanos(), timeout);
        }
        assertThat(Files.readAllBytes(remote.resolve("up/big.bin"))).isEqualTo(big);
        assertThat(Files.readString(remote.resolve("up/sub/run.sh"))).isEqualTo("#!/bin/sh\necho 'it''s $HOME'\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remote.resolve("up/sub/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.size(remote.resolve("up/empty"))).isZero();
    }

    @Test
    void singleFileIntoAnExistingDirectory() throws Exception {
        Files.writeString(local.resolve("guest-setup0.sh"), "true\n");
        Duration timeout = Duration.ofSeconds(30);
        try (LocalNode node = new LocalNode("local")) {
            ShellUpload.upload(node, local.resolve("guest-setup0.sh"), remote.toString(),
                    System.nanoTime() + timeout.toNanos(), timeout);
        }
        assertThat(Files.readString(remote.resolve("guest-setup0.sh"))).isEqualTo("true\n");
    }
}
