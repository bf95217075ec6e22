package io.kvm4nfv.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The runtime folder of one embedded-lab instance. Everything the lab writes lives here,
 * so a failed run can be inspected afterwards:
 *
 * <pre>
 * BASE/                        default: ./target/kvm4nfv-lab (system property kvm4nfv.lab.dir overrides)
 *   ID/                        {@link #root()}, one per lab instance (ID: 8 hex digits)
 *     owner                    "PID STARTTIME" of the JVM that runs the lab ({@link Reaper})
 *     reaper.sh                the reaper script, copied from the library ({@link Reaper})
 *     socketdir                path of {@link #socketDir()}, so a reaper can remove it
 *     closed                   present once the lab was closed normally
 *     keys/                    {@link #keys()}: the lab's client key pair {@link #clientKey()} (+ .pub)
 *     known_hosts              {@link #knownHosts()}: host keys of every lab node, checked strictly
 *     pids/                    {@link #pids()}: one *.proc file per running lab process (reaper registry)
 *     logs/                    {@link #logs()}: sshd-NAME.log, reaper.log, QEMU serial logs, ...
 *     sshd/NAME/               one dedicated sshd per node: sshd_config, host key, authorized_keys, sshd.pid
 * /tmp/kvm4nfv-ID/             {@link #socketDir()}: UNIX sockets (QMP, monitors); a short path because
 *                              a socket path must stay below 108 bytes; removed when the lab stops
 * </pre>
 */
public final class LabDirectory {

    /** System property naming the base folder of lab directories. */
    public static final String BASE_PROPERTY = "kvm4nfv.lab.dir";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path base;
    private final String id;
    private final Path root;
    private final Path socketDir;

    private LabDirectory(Path base, String id) {
        this.base = base;
        this.id = id;
        this.root = base.resolve(id);
        this.socketDir = Path.of("/tmp", "kvm4nfv-" + id);
    }

    /**
     * {@code kvm4nfv.lab.dir} if set, else {@code target/kvm4nfv-lab} of the working directory.
     *
     * @return the base folder, absolute and normalised
     */
    public static Path defaultBase() {
        String configured = System.getProperty(BASE_PROPERTY);
        Path base = configured == null || configured.isBlank()
                ? Path.of("target", "kvm4nfv-lab") : Path.of(configured);
        return base.toAbsolutePath().normalize();
    }

    /**
     * Creates a new lab directory with a fresh id under {@link #defaultBase()}.
     *
     * @return the new lab directory, its sub-folders created
     * @throws IllegalStateException        when no free id was found in 20 attempts
     * @throws java.io.UncheckedIOException when a folder cannot be created
     */
    public static LabDirectory create() {
        return create(defaultBase());
    }

    /**
     * Creates a new lab directory with a fresh id under {@code base}: 8 random hex digits used by
     * neither {@code base/ID} nor {@code /tmp/kvm4nfv-ID}.
     *
     * @param base the folder that holds lab directories
     * @return the new lab directory, its sub-folders created
     * @throws IllegalStateException        when no free id was found in 20 attempts
     * @throws java.io.UncheckedIOException when a folder cannot be created
     */
    public static LabDirectory create(Path base) {
        for (int attempt = 0; attempt < 20; attempt++) {
            byte[] bytes = new byte[4];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            Path absoluteBase = base.toAbsolutePath().normalize();
            if (!Files.exists(absoluteBase.resolve(id)) && !Files.exists(Path.of("/tmp", "kvm4nfv-" + id))) {
                return create(absoluteBase, id);
            }
        }
        throw new IllegalStateException("no free lab id under " + base);
    }

    /**
     * Creates (or reopens) the lab directory {@code base/id} and its sub-folders.
     *
     * @param base the folder that holds lab directories
     * @param id lower-case letters, digits and '-', at most 32 characters
     * @return the lab directory, its sub-folders and socket folder created
     * @throws IllegalArgumentException     when {@code id} is not of that form
     * @throws java.io.UncheckedIOException when a folder cannot be created
     */
    public static LabDirectory create(Path base, String id) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("lab id must match " + ID.pattern() + ": " + id);
        }
        LabDirectory dir = new LabDirectory(base.toAbsolutePath().normalize(), id);
        try {
            Files.createDirectories(dir.root);
            Files.createDirectories(dir.logs());
            Files.createDirectories(dir.pids());
            LabPaths.createPrivateDir(dir.keys());
            LabPaths.createPrivateDir(dir.socketDir);
            Files.writeString(dir.root.resolve("socketdir"), dir.socketDir + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lab directory " + dir.root, e);
        }
        return dir;
    }

    /**
     * The lab's id (also part of {@link #socketDir()}).
     *
     * @return the id, e.g. 8 hex digits
     */
    public String id() {
        return id;
    }

    /**
     * The folder that holds all lab directories.
     *
     * @return the base folder, absolute
     */
    public Path base() {
        return base;
    }

    /**
     * This lab's folder.
     *
     * @return {@code BASE/ID}
     */
    public Path root() {
        return root;
    }

    /**
     * Private folder of the lab's key pairs.
     *
     * @return {@code ROOT/keys}
     */
    public Path keys() {
        return root.resolve("keys");
    }

    /**
     * The lab's client private key (public key next to it with {@code .pub}).
     *
     * @return {@code ROOT/keys/id_ed25519}
     */
    public Path clientKey() {
        return keys().resolve("id_ed25519");
    }

    /**
     * The lab's known_hosts file: every lab node's host key, for strict checking.
     *
     * @return {@code ROOT/known_hosts}
     */
    public Path knownHosts() {
        return root.resolve("known_hosts");
    }

    /**
     * Folder of the logs of lab processes.
     *
     * @return {@code ROOT/logs}
     */
    public Path logs() {
        return root.resolve("logs");
    }

    /**
     * A log file in {@link #logs()}.
     *
     * @param fileName a plain file name (no {@code /})
     * @return the path in {@code ROOT/logs} (not created)
     * @throws IllegalArgumentException when {@code fileName} is not a plain file name
     */
    public Path log(String fileName) {
        return logs().resolve(safeName(fileName));
    }

    /**
     * The reaper's registry: one file per running lab process.
     *
     * @return {@code ROOT/pids}
     */
    public Path pids() {
        return root.resolve("pids");
    }

    /**
     * Folder of a lab node's dedicated sshd (created on demand).
     *
     * @param nodeName the node's name, a plain file name
     * @return {@code ROOT/sshd/NAME} (not created here)
     * @throws IllegalArgumentException when {@code nodeName} is not a plain file name
     */
    public Path sshdDir(String nodeName) {
        return root.resolve("sshd").resolve(safeName(nodeName));
    }

    /**
     * Short private folder for UNIX sockets, {@code /tmp/kvm4nfv-ID}.
     *
     * @return the socket folder
     */
    public Path socketDir() {
        return socketDir;
    }

    /**
     * A socket path in {@link #socketDir()}; fails if it would exceed the 107-byte limit.
     *
     * @param fileName a plain file name (no {@code /})
     * @return the path in the socket folder
     * @throws IllegalArgumentException when {@code fileName} is not a plain file name or the path is too long
     */
    public Path socket(String fileName) {
        Path socket = socketDir.resolve(safeName(fileName));
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            throw new IllegalArgumentException("socket path too long for a UNIX socket: " + socket);
        }
        return socket;
    }

    /** Removes {@link #socketDir()} and its content; never throws. */
    public void deleteSocketDir() {
        LabPaths.deleteRecursively(socketDir);
    }

    private static String safeName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
