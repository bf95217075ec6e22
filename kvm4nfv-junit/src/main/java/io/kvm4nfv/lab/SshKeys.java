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
     * @return the public key file
     */
    public static Path ensureEd25519(Path privateKey, String comment) {
        return ensure(privateKey, "ed25519", comment);
    }

    /**
     * Makes sure the key pair {@code privateKey} / {@code privateKey.pub} exists, creating it
     * with {@code ssh-keygen -t type -N '' -C comment} if not.
     *
     * @param type an {@code ssh-keygen -t} key type: {@code ed25519}, {@code ecdsa}, {@code rsa}
     * @return the public key file
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

    /** {@code KEY.pub} next to {@code KEY}. */
    public static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /** The public key line without its comment: {@code ssh-ed25519 AAAA...}. */
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
     */
    public static String publicKeyLineOf(Path privateKey) {
        return publicKeyLine(publicKeyOf(privateKey));
    }

    /** Writes {@code file} as an authorized_keys file that accepts exactly the key pair {@code privateKey}. */
    public static Path writeAuthorizedKeys(Path file, Path privateKey) {
        try {
            return Files.writeString(file, publicKeyLineOf(privateKey) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
