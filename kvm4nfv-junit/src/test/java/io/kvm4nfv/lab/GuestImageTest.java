package io.kvm4nfv.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuestImageTest {

    @TempDir
    Path dir;

    @Test
    void readsTheImageDescription() throws IOException {
        Files.writeString(dir.resolve("vmlinux"), "k");
        Files.writeString(dir.resolve("initramfs.cpio"), "i");
        Files.writeString(dir.resolve(GuestImage.PROPERTIES_FILE), """
                key=0123456789abcdef
                content_hash=feedbeef
                kernel=vmlinux
                kernel_uncompressed=true
                initrd=initramfs.cpio
                kernel_version=6.1.0-56-amd64
                """);
        GuestImage image = GuestImage.load(dir);
        assertThat(image.kernel()).isEqualTo(dir.resolve("vmlinux"));
        assertThat(image.initrd()).isEqualTo(dir.resolve("initramfs.cpio"));
        assertThat(image.kernelUncompressed()).isTrue();
        assertThat(image.contentHash()).isEqualTo("feedbeef");
        assertThat(image.kernelVersion()).isEqualTo("6.1.0-56-amd64");
    }

    @Test
    void incompleteImageIsRejected() throws IOException {
        Files.writeString(dir.resolve(GuestImage.PROPERTIES_FILE), """
                content_hash=feedbeef
                kernel=vmlinuz
                kernel_uncompressed=false
                initrd=initramfs.cpio
                kernel_version=6.1.0-56-amd64
                """);
        assertThatThrownBy(() -> GuestImage.load(dir)).hasMessageContaining("incomplete");
    }

    @Test
    void missingPropertyIsNamed() throws IOException {
        Files.writeString(dir.resolve(GuestImage.PROPERTIES_FILE), "kernel=vmlinux\n");
        assertThatThrownBy(() -> GuestImage.load(dir)).hasMessageContaining("initrd");
    }
}
