package io.kvm4nfv.node;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SSH host keys against an OpenSSH known_hosts file (plain and hashed entries,
 * {@code [host]:port} form) under a {@link HostKeyPolicy}. A refusal is remembered as a
 * human-readable message ({@link #refusal()}) naming host, port, SHA256 fingerprints and
 * the file, so that the caller can throw it instead of sshj's generic transport error.
 */
final class KnownHostsVerifier implements HostKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

    private final String node;
    private final Path file;
    private final HostKeyPolicy policy;
    private volatile String refusal;
    private volatile PublicKey accepted;

    KnownHostsVerifier(String node, Path file, HostKeyPolicy policy) {
        this.node = node;
        this.file = file.toAbsolutePath();
        this.policy = policy;
    }

    /** The key the server proved it holds, as a known_hosts key ({@code TYPE BASE64}), once verified. */
    Optional<String> acceptedKeyLine() {
        PublicKey key = accepted;
        if (key == null) {
            return Optional.empty();
        }
        byte[] blob = new net.schmizz.sshj.common.Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return Optional.of(net.schmizz.sshj.common.KeyType.fromKey(key) + " "
                + java.util.Base64.getEncoder().encodeToString(blob));
    }

    /** Why the last verification refused the key, or {@code null}. */
    String refusal() {
        return refusal;
    }

    @Override
    public boolean verify(String host, int port, PublicKey key) {
        refusal = null;
        try {
            boolean ok = new Checker(host, port).verify(host, port, key);
            if (ok) {
                accepted = key;
            }
            return ok;
        } catch (IOException e) {
            refusal = "[" + node + "] cannot read known_hosts file " + file + ": " + e.getMessage();
            return false;
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String host, int port) {
        try {
            return new Checker(host, port).findExistingAlgorithms(host, port);
        } catch (IOException e) {
            return Collections.emptyList();
        }
    }

    /** sshj's parser and matcher, with our answers for the unknown and the changed key. */
    private final class Checker extends OpenSSHKnownHosts {
        private final String host;
        private final int port;

        Checker(String host, int port) throws IOException {
            super(existing(file));
            this.host = host;
            this.port = port;
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String entryHost, PublicKey key) {
            String offered = KeyType.fromKey(key) + " " + fingerprint(key);
            if (policy == HostKeyPolicy.TRUST_ON_FIRST_USE) {
                try {
                    record(entryHost, key);
                    LOG.info("[{}] trusting {} port {} on first use: recorded {} in {}", node, host, port, offered, file);
                    return true;
                } catch (IOException e) {
                    refusal = "[" + node + "] cannot record the host key of " + host + " port " + port
                            + " in " + file + ": " + e.getMessage();
                    return false;
                }
            }
            refusal = "[" + node + "] unknown host key for " + host + " port " + port + ": the server offered "
                    + offered + ", which is not in " + file + " (host key policy STRICT). To trust it, check the"
                    + " fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and add it, e.g."
                    + " `ssh-keyscan -p " + port + " " + host + " >> " + file + "`, or set the pod's host key policy"
                    + " to TRUST_ON_FIRST_USE";
            return false;
        }

        @Override
        protected boolean hostKeyChangedAction(String entryHost, PublicKey key) {
            List<String> known = knownFingerprints(entries(), entryHost);
            refusal = "[" + node + "] HOST KEY CHANGED for " + host + " port " + port + ": the server offered "
                    + KeyType.fromKey(key) + " " + fingerprint(key) + " but " + file + " records "
                    + String.join(", ", known) + ". Refusing to connect (possible man-in-the-middle). If the host"
                    + " was re-installed, remove the old entry with `ssh-keygen -R '" + entryHost + "' -f " + file
                    + "` and connect again";
            return false;
        }

        private void record(String entryHost, PublicKey key) throws IOException {
            String line = entryHost + " " + KeyType.fromKey(key) + " "
                    + Base64.getEncoder().encodeToString(blob(key)) + System.lineSeparator();
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean needsBreak = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
            Files.writeString(file, (needsBreak ? System.lineSeparator() : "") + line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static File existing(Path file) {
        return file.toFile(); // sshj reads it when it exists and starts empty otherwise
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return all.length == 0 || all[all.length - 1] == '\n';
    }

    private static List<String> knownFingerprints(List<OpenSSHKnownHosts.KnownHostEntry> entries, String entryHost) {
        List<String> out = new ArrayList<>();
        for (OpenSSHKnownHosts.KnownHostEntry e : entries) {
            try {
                if (e.appliesTo(entryHost) && e instanceof OpenSSHKnownHosts.HostEntry) {
                    out.add(lineFingerprint(((OpenSSHKnownHosts.HostEntry) e).getLine()));
                }
            } catch (IOException ex) {
                // an unreadable entry does not match
            }
        }
        return out.isEmpty() ? List.of("another key") : out;
    }

    /** "TYPE SHA256:..." of a known_hosts line ({@code [marker] hosts type base64 [comment]}). */
    static String lineFingerprint(String line) {
        String[] f = line.trim().split("\\s+");
        int i = f[0].startsWith("@") ? 1 : 0;
        if (f.length < i + 3) {
            return "an unreadable entry";
        }
        try {
            return f[i + 1] + " " + fingerprint(Base64.getDecoder().decode(f[i + 2]));
        } catch (IllegalArgumentException e) {
            return "an unreadable entry";
        }
    }

    /** OpenSSH's SHA256 fingerprint ({@code SHA256:base64-without-padding}) of a public key. */
    static String fingerprint(PublicKey key) {
        return fingerprint(blob(key));
    }

    static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}
