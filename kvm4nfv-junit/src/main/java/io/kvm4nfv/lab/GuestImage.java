package io.kvm4nfv.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * A built guest: a Debian kernel and the lab's initramfs, as cached by
 * {@code config/lab/guest/build-guest.sh}.
 *
 * @param directory          the image's cache directory
 * @param kernel             the kernel file: an ELF {@code vmlinux} (PVH entry) or a bzImage
 * @param initrd             the initramfs (uncompressed cpio)
 * @param kernelUncompressed whether {@link #kernel} is the uncompressed ELF vmlinux
 * @param contentHash        hash over the builder's files and every package version used
 * @param kernelVersion      the kernel release, e.g. {@code 6.1.0-56-amd64}
 * @param hostKey            the public half of the guest's SSH host key ({@code ssh-ed25519 AAAA…}), baked into
 *                           the image so that the lab verifies the guest strictly
 */
public record GuestImage(Path directory, Path kernel, Path initrd, boolean kernelUncompressed,
                         String contentHash, String kernelVersion, Path hostKey) {

    /** The file in an image directory that describes the image; written last by the builder. */
    public static final String PROPERTIES_FILE = "image.properties";

    /**
     * Checks that every component but {@code kernelUncompressed} is set.
     *
     * @param directory          the image's cache directory
     * @param kernel             the kernel file
     * @param initrd             the initramfs
     * @param kernelUncompressed whether the kernel is the uncompressed ELF vmlinux
     * @param contentHash        hash over the builder's files and package versions
     * @param kernelVersion      the kernel release
     * @param hostKey            the public half of the guest's SSH host key
     * @throws NullPointerException when a reference component is {@code null}
     */
    public GuestImage {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(kernelVersion, "kernelVersion");
        Objects.requireNonNull(hostKey, "hostKey");
    }

    /**
     * The guest's host key as a known_hosts key part ({@code ssh-ed25519 AAAA…}).
     *
     * @return the key type and base64 blob of {@link #hostKey()}, without its comment
     * @throws java.io.UncheckedIOException when the key file cannot be read
     */
    public String hostKeyLine() {
        return SshKeys.publicKeyLine(hostKey);
    }

    /**
     * Reads the image described by {@code directory/image.properties}.
     *
     * @param directory an image cache directory written by the builder
     * @return the image, its files resolved against {@code directory}
     * @throws java.io.UncheckedIOException when the properties file cannot be read
     * @throws IllegalStateException when a property is missing or a named file does not exist
     */
    public static GuestImage load(Path directory) {
        Path file = directory.resolve(PROPERTIES_FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read guest image description " + file, e);
        }
        GuestImage image = new GuestImage(directory,
                directory.resolve(required(p, "kernel", file)),
                directory.resolve(required(p, "initrd", file)),
                Boolean.parseBoolean(required(p, "kernel_uncompressed", file)),
                required(p, "content_hash", file),
                required(p, "kernel_version", file),
                directory.resolve(required(p, "host_key", file)));
        for (Path part : new Path[] {image.kernel(), image.initrd(), image.hostKey()}) {
            if (!Files.isRegularFile(part)) {
                throw new IllegalStateException("guest image " + directory + " is incomplete: missing " + part);
            }
        }
        return image;
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + ": missing property '" + key + "'");
        }
        return value.trim();
    }
}
