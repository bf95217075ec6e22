package io.kvm4nfv.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Key pairs for the lab, made with OpenSSH's {@code ssh-keygen} (unencrypted, files {@code KEY}
 * and {@code KEY.pub}), and the public key lines that authorized_keys and known_hosts take from
 * them: the one place the library makes or reads an SSH key pair. Key content never reaches a log.
 */
public final class SshKeys {

    private SshKeys() {
    }

    /**
     * Makes sure the key pair {@code privateKey} / {@code privateKey.pub} exists, creating it
     * with {@code ssh-keygen -t ed25519 -N '' -C comment} if not.
     *
     * @param privateKey the private key file; the public one is {@code privateKey.pub}
     * @param comment    the key's comment (ends up in the public key line)
     * @return the public key file
     * @throws LabProcessException          when {@code ssh-keygen} fails
     * @throws java.io.UncheckedIOException when the folder cannot be created or {@code ssh-keygen} cannot be run
     */
    public static Path ensureEd25519(Path privateKey, String comment) {
        return ensure(privateKey, "ed25519", comment);
    }

    /**
     * Makes sure the key pair {@code privateKey} / {@code privateKey.pub} exists, creating it
     * with {@code ssh-keygen -t type -N '' -C comment} if not.
     *
     * @param privateKey the private key file; the public one is {@code privateKey.pub}
     * @param type an {@code ssh-keygen -t} key type: {@code ed25519}, {@code ecdsa}, {@code rsa}
     * @param comment    the key's comment (ends up in the public key line)
     * @return the public key file
     * @throws LabProcessException          when {@code ssh-keygen} fails
     * @throws java.io.UncheckedIOException when the folder cannot be created or {@code ssh-keygen} cannot be run
     */
    public static synchronized Path ensure(Path privateKey, String type, String comment) {
        Path publicKey = publicKeyOf(privateKey);
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return publicKey;
        }
        try {
            Files.createDirectories(privateKey.toAbsolutePath().getParent());
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(publicKey);
            Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "",
                    "-C", comment, "-f", privateKey.toString())
                    .redirectErrorStream(true)
                    .start();
            keygen.getOutputStream().close();
            byte[] output = keygen.getInputStream().readAllBytes();
            if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
                keygen.destroyForcibly();
                throw new LabProcessException("ssh-keygen failed for " + privateKey + ": "
                        + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create key pair " + privateKey, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabProcessException("interrupted while creating " + privateKey, e);
        }
        return publicKey;
    }

    /**
     * {@code KEY.pub} next to {@code KEY}.
     *
     * @param privateKey the private key file
     * @return the path of its public key file (which may not exist)
     */
    public static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /**
     * The public key line without its comment: {@code ssh-ed25519 AAAA...}.
     *
     * @param publicKey an OpenSSH public key file
     * @return its key type and base64 blob, separated by one space
     * @throws LabProcessException          when the file is not an OpenSSH public key
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static String publicKeyLine(Path publicKey) {
        try {
            String[] parts = Files.readString(publicKey).trim().split("\\s+");
            if (parts.length < 2) {
                throw new LabProcessException("not an OpenSSH public key file: " + publicKey);
            }
            return parts[0] + " " + parts[1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + publicKey, e);
        }
    }

    /**
     * The public key line of the pair {@code privateKey} ({@link #publicKeyLine} of its {@code .pub}):
     * what an authorized_keys line or a known_hosts entry takes.
     *
     * @param privateKey the private key file, next to its {@code .pub}
     * @return the public key's type and base64 blob
     * @throws java.io.UncheckedIOException when the public key file cannot be read
     */
    public static String publicKeyLineOf(Path privateKey) {
        return publicKeyLine(publicKeyOf(privateKey));
    }

    /**
     * Writes {@code file} as an authorized_keys file that accepts exactly the key pair {@code privateKey}.
     *
     * @param file       the authorized_keys file to write (replaced)
     * @param privateKey the private key file, next to its {@code .pub}
     * @return {@code file}
     * @throws java.io.UncheckedIOException when a file cannot be read or written
     */
    public static Path writeAuthorizedKeys(Path file, Path privateKey) {
        try {
            return Files.writeString(file, publicKeyLineOf(privateKey) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
