package io.kvm4nfv.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops every process a lab started, whatever happens to the JVM (like Testcontainers' Ryuk).
 *
 * <p>Each lab process (sshd, QEMU, stress, ...) is registered with its pid and start time
 * (or a pidfile) as a file in {@link LabDirectory#pids()}. The registered processes, with
 * all their descendants, are stopped (TERM, 3 s grace, KILL) by the reaper script
 * {@code reaper.sh} (copied from the library into the lab directory; the only code that
 * kills) when:
 * <ul>
 *   <li>{@link #close()} is called;</li>
 *   <li>the JVM exits normally (a shutdown hook);</li>
 *   <li>the JVM dies without running hooks ({@code kill -9}, crash): a watchdog started
 *       with {@code setsid}, outside the JVM's process group, polls the JVM every 200 ms
 *       and reaps the lab once it is gone;</li>
 *   <li>a later lab starts in the same base folder and finds leftovers of a lab whose JVM
 *       is dead (e.g. the watchdog was killed too).</li>
 * </ul>
 * A process whose start time no longer matches (its pid was reused) is never signalled.
 * The lab's socket directory is removed at the same time. The watchdog logs to
 * {@code logs/reaper.log}.
 *
 * <p>It owns more than processes: a lab part registers every {@link LabResource} — network
 * namespace, link, OVS bridge, daemon pidfile, folder of process records, folder, socket —
 * <em>before</em> creating it ({@link #register(LabResource)}, one {@code *.res} file each,
 * naming its owner). At reap time OVS bridges are deleted first (while their daemons still
 * run), then the processes are stopped, then namespaces, links, sockets and folders are
 * removed, the last registered first. Every removal is idempotent and checks what it removes
 * (a socket path is only removed if it is a socket, a folder never through a symbolic link).
 * A resource that exists already cannot be registered: the reaper never removes what the lab
 * did not create.
 */
public final class Reaper implements AutoCloseable, LabResources {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    private static final String SCRIPT_RESOURCE = "reaper.sh";
    private static final long SCRIPT_TIMEOUT_SECONDS = 30;

    private final LabDirectory directory;
    private final Path script;
    private final Process watchdog;
    private final Thread shutdownHook;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Reaper(LabDirectory directory, Path script, Process watchdog) {
        this.directory = directory;
        this.script = script;
        this.watchdog = watchdog;
        this.shutdownHook = new Thread(this::reapOnShutdown, "kvm4nfv-reaper-" + directory.id());
    }

    /**
     * Starts the reaper of a lab: first reaps leftovers of dead labs in the same base
     * folder, then records this JVM as the lab's owner, starts the watchdog and installs
     * the shutdown hook.
     *
     * @param directory the lab's folder; its registry is {@link LabDirectory#pids()}
     * @return the running reaper
     * @throws LabProcessException          when {@code reaper.sh} is missing or fails, this JVM's start time
     *                                      cannot be read, or the watchdog cannot be started
     * @throws java.io.UncheckedIOException when the script or the owner file cannot be written
     */
    public static Reaper start(LabDirectory directory) {
        Objects.requireNonNull(directory, "directory");
        Path script = installScript(directory.root());
        runScript(script, directory.logs(), "reap-stale", directory.base().toString(), directory.root().toString());
        ProcessHandle self = ProcessHandle.current();
        long selfStart = ProcStat.startTime(self.pid())
                .orElseThrow(() -> new LabProcessException("cannot read this JVM's start time from /proc"));
        try {
            Files.deleteIfExists(directory.root().resolve("closed"));
            writeAtomically(directory.root().resolve("owner"), self.pid() + " " + selfStart + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the owner of " + directory, e);
        }
        Process watchdog;
        try {
            watchdog = new ProcessBuilder("setsid", "sh", script.toString(), "watch",
                    Long.toString(self.pid()), Long.toString(selfStart), directory.root().toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.log("reaper.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new LabProcessException("cannot start the reaper watchdog (setsid sh " + script + ")", e);
        }
        Reaper reaper = new Reaper(directory, script, watchdog);
        Runtime.getRuntime().addShutdownHook(reaper.shutdownHook);
        LOG.info("reaper of lab {} started (watchdog pid {}, log {})", directory, watchdog.pid(),
                directory.log("reaper.log"));
        return reaper;
    }

    /**
     * The lab this reaper looks after.
     *
     * @return the lab's folder
     */
    public LabDirectory directory() {
        return directory;
    }

    /**
     * Pid of the watchdog process (for diagnostics and tests).
     *
     * @return the pid of the {@code setsid sh reaper.sh watch} process
     */
    public long watchdogPid() {
        return watchdog.pid();
    }

    /**
     * The environment that makes a process this lab's from its first instruction, before any
     * registration could name it: {@code KVM4NFV_LAB_DIR=<lab root>}. The reaper stops every
     * process that carries it (the lab's sshd gives it to every session). Give it to each
     * process the JVM starts for the lab, such as QEMU.
     *
     * @return a one-entry map: {@code KVM4NFV_LAB_DIR} to the lab's root folder
     */
    public java.util.Map<String, String> marker() {
        return java.util.Map.of(LabSshd.LAB_DIR_ENV, directory.root().toString());
    }

    /**
     * Registers a running process (and, when reaped, its descendants).
     *
     * @param what    what the process is, for the registry and logs, e.g. {@code "sshd host1"}
     * @param process the running process
     * @return the registration; close it once the process was stopped by its owner
     * @throws LabProcessException if no such process runs (any more)
     */
    public Registration register(String what, ProcessHandle process) {
        return register(what, process.pid());
    }

    /**
     * Registers a running process by pid; its start time is read now, so a later process
     * that reuses the pid is never touched.
     *
     * @param what what the process is, for the registry and logs
     * @param pid  the running process's pid
     * @return the registration; close it once the process was stopped by its owner
     * @throws LabProcessException if no such process runs (any more)
     */
    public Registration register(String what, long pid) {
        long start = ProcStat.startTime(pid)
                .orElseThrow(() -> new LabProcessException("cannot register " + what + ": no process " + pid));
        return write(what, pid + " " + start + " " + what.replace('\n', ' '), pid);
    }

    /**
     * Registers a process by the pidfile it will write (e.g. {@code qemu -daemonize -pidfile}).
     * Register <em>before</em> starting the process: only a process started after this call
     * is stopped, so a stale pidfile can never make the reaper kill a stranger.
     *
     * @param what    what the process is, for the registry and logs
     * @param pidFile the pidfile the process will write
     * @return the registration; close it once the process was stopped by its owner
     * @throws IllegalStateException when the reaper is closed
     */
    public Registration registerPidFile(String what, Path pidFile) {
        long notBefore = ProcStat.ticksNow() - 1;
        return write(what, "pidfile " + notBefore + " " + pidFile.toAbsolutePath(), -1);
    }

    /**
     * Registers {@code resource} before it is created; see the class comment for when and how
     * it is removed. Close the registration once the owner has removed it itself.
     *
     * @param resource what is about to be created
     * @return the registration, one {@code *.res} file in the registry
     * @throws IllegalStateException when the resource exists already (a namespace, a link in
     *                               the root namespace, a folder or socket path): it is not this lab's
     */
    @Override
    public Registration register(LabResource resource) {
        Objects.requireNonNull(resource, "resource");
        String arg = resource.args().get(0);
        Path existing = switch (resource.kind()) {
            case NETNS -> Path.of("/run/netns", arg);
            case LINK -> arg.equals(LabResource.ROOT_NAMESPACE) ? Path.of("/sys/class/net", resource.args().get(1)) : null;
            case FOLDER, SOCKET, PROCESS_RECORDS -> Path.of(arg);
            case OVS_BRIDGE, PID_FILE, UNDO -> null;
        };
        if (existing != null && Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("cannot register " + resource + ": " + existing
                    + " exists already, so it is not the lab's to remove");
        }
        if (resource.kind() == LabResource.Kind.PID_FILE) {
            return registerPidFile(resource.owner() + " " + Path.of(arg).getFileName(), Path.of(arg));
        }
        return write(resource.owner() + " " + resource.kind().word(), resource.line(), -1, ".res");
    }

    /** Writes the undo script into the lab's {@code undo/} folder, then registers it. */
    @Override
    public Registration registerUndo(String owner, String script) {
        Objects.requireNonNull(script, "script");
        Path folder = directory.root().resolve("undo").toAbsolutePath();
        Path file = folder.resolve(owner.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sequence.incrementAndGet() + ".sh");
        try {
            Files.createDirectories(folder);
            Files.writeString(file, script.endsWith("\n") ? script : script + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the undo script " + file, e);
        }
        try {
            return register(LabResource.undo(owner, file.toString()));
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the registration failed; the file is harmless
            }
            throw e;
        }
    }

    private Registration write(String what, String line, long pid) {
        return write(what, line, pid, ".proc");
    }

    private Registration write(String what, String line, long pid, String suffix) {
        Objects.requireNonNull(what, "what");
        if (closed.get()) {
            throw new IllegalStateException("reaper of " + directory + " is closed");
        }
        String name = String.format("%04d-%s%s", sequence.incrementAndGet(), what.replaceAll("[^A-Za-z0-9._-]", "_"),
                suffix);
        Path file = directory.pids().resolve(name);
        try {
            writeAtomically(file, line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register " + what + " in " + directory.pids(), e);
        }
        LOG.debug("registered {} ({})", what, line);
        return new Registration(what, pid, file);
    }

    /**
     * Stops every registered process now (TERM, grace, KILL) and forgets it.
     *
     * @throws LabProcessException when {@code reaper.sh reap} fails or takes longer than 30 s
     */
    public void reapNow() {
        runScript(script, directory.logs(), "reap", directory.root().toString());
    }

    /**
     * The processes and resources currently registered, as their registry lines (for diagnostics).
     *
     * @return the lines of every {@code *.proc} and {@code *.res} file, in registration order
     * @throws java.io.UncheckedIOException when the registry folder cannot be listed
     */
    public List<String> registered() {
        try (var files = Files.list(directory.pids())) {
            return files.filter(f -> f.toString().endsWith(".proc") || f.toString().endsWith(".res")).sorted().map(f -> {
                try {
                    return Files.readString(f).trim();
                } catch (IOException e) {
                    return "";
                }
            }).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops every registered process, removes the socket directory, stops the watchdog and
     * the shutdown hook. Idempotent; never throws for a process that is already gone.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            reapNow();
        } finally {
            try {
                Files.writeString(directory.root().resolve("closed"), "");
            } catch (IOException e) {
                LOG.warn("cannot mark {} closed: {}", directory, e.toString());
            }
            stopWatchdog();
            directory.deleteSocketDir();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running or about to, and finds nothing left
            }
        }
    }

    private void reapOnShutdown() {
        if (closed.compareAndSet(false, true)) {
            try {
                reapNow();
            } catch (RuntimeException e) {
                LOG.warn("reaping {} at JVM exit failed: {}", directory, e.toString());
            }
            directory.deleteSocketDir();
            // the watchdog sees this JVM go and finds nothing left to reap
        }
    }

    private void stopWatchdog() {
        watchdog.destroy();
        try {
            if (!watchdog.waitFor(3, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path installScript(Path root) {
        Path target = root.resolve("reaper.sh");
        try (InputStream in = Reaper.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new LabProcessException("resource io/kvm4nfv/lab/reaper.sh is missing from the classpath");
            }
            Path tmp = Files.createTempFile(root, ".reaper", ".sh");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the reaper script in " + root, e);
        }
    }

    private static void runScript(Path script, Path logs, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "sh";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("reaper.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LabProcessException("reaper.sh " + args[0] + " did not finish within "
                        + SCRIPT_TIMEOUT_SECONDS + " s; see " + logs.resolve("reaper.log"));
            }
            if (process.exitValue() != 0) {
                throw new LabProcessException("reaper.sh " + args[0] + " failed with exit code "
                        + process.exitValue() + "; see " + logs.resolve("reaper.log"));
            }
        } catch (IOException e) {
            throw new LabProcessException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabProcessException("interrupted while running reaper.sh " + args[0], e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * One registered process or resource. Closing it (or {@link #forget()}) removes it from the
     * registry: call it once the owner has stopped or removed it itself.
     */
    public static final class Registration implements AutoCloseable {
        private final String what;
        private final long pid;
        private final Path file;

        private Registration(String what, long pid, Path file) {
            this.what = what;
            this.pid = pid;
            this.file = file;
        }

        /**
         * What the process is, e.g. {@code "sshd host1"}.
         *
         * @return the description given at registration
         */
        public String what() {
            return what;
        }

        /**
         * The registered pid, or -1 for a pidfile registration.
         *
         * @return the pid, or -1 when no pid was registered (pidfile, resource, nothing)
         */
        public long pid() {
            return pid;
        }

        /** A registration that registered nothing ({@link LabResources#none()}): forgetting it does nothing. */
        static Registration unregistered(String what) {
            return new Registration(what, -1, null);
        }

        /**
         * The registry file in {@link LabDirectory#pids()}, or {@code null} when nothing was registered.
         *
         * @return the entry's file, or {@code null}
         */
        public Path file() {
            return file;
        }

        /**
         * Removes the entry from the registry (the reaper will not stop or remove it). Idempotent.
         *
         * @throws java.io.UncheckedIOException when the registry file cannot be deleted
         */
        public void forget() {
            if (file == null) {
                return;
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unregister " + what, e);
            }
        }

        @Override
        public void close() {
            forget();
        }

        @Override
        public String toString() {
            return what + (pid > 0 ? " (pid " + pid + ")" : "");
        }
    }
}
