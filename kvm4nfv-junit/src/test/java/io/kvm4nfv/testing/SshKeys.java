package io.kvm4nfv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Key pairs made with OpenSSH's {@code ssh-keygen} for tests (no passphrase). */
public final class SshKeys {
    private SshKeys() {
    }

    /**
     * Makes {@code dir/name} (private, OpenSSH format) and {@code dir/name.pub}.
     *
     * @param type {@code ed25519}, {@code ecdsa} or {@code rsa}
     */
    public static Path generate(Path dir, String name, String type) {
        Path key = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "kvm4nfv-test", "-f",
                    key.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("ssh-keygen failed for " + key);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The public half ({@code KEY.pub}) of a key made by {@link #generate}. */
    public static Path publicKey(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }
}
