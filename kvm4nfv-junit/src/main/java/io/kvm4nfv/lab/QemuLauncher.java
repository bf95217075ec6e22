package io.kvm4nfv.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Starts lab guests: builds the {@link QemuCommand} and runs QEMU as a child process (not
 * daemonized, so it can always be reaped), with its own output in {@code qemu.log} next to
 * the console log.
 */
public final class QemuLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(QemuLauncher.class);

    private final String qemuBinary;

    /** A launcher for {@link QemuCommand#DEFAULT_BINARY}. */
    public QemuLauncher() {
        this(QemuCommand.DEFAULT_BINARY);
    }

    /**
     * A launcher for the given QEMU binary.
     *
     * @param qemuBinary the QEMU program, a name on the {@code PATH} or a path
     */
    public QemuLauncher(String qemuBinary) {
        this.qemuBinary = Objects.requireNonNull(qemuBinary, "qemuBinary");
    }

    /**
     * The command {@link #launch} would run (for scripts such as {@code host-run-qemu.sh}).
     *
     * @param image   the guest image to boot
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @return the command line with this launcher's binary
     */
    public QemuCommand command(GuestImage image, GuestOptions options) {
        return QemuCommand.of(qemuBinary, image, options);
    }

    /**
     * Starts the guest; returns as soon as QEMU runs (see {@link GuestVm#awaitSshReady}).
     * QEMU's own output goes to {@code NAME-qemu.log} next to the console log.
     *
     * @param image   the guest image to boot
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @return the started VM; the caller closes it
     * @throws GuestStartException when QEMU cannot be started (a folder cannot be made, the program is missing)
     */
    public GuestVm launch(GuestImage image, GuestOptions options) {
        return launch(image, options, options.consoleLog().toAbsolutePath().resolveSibling(options.name() + "-qemu.log"),
                java.util.Map.of());
    }

    /**
     * Starts the guest with QEMU's own output in {@code qemuLog} (e.g. a migration destination,
     * whose log must not overwrite the source's).
     *
     * @param image   the guest image to boot
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @param qemuLog file that receives QEMU's stdout and stderr (overwritten)
     * @return the started VM; the caller closes it
     * @throws GuestStartException when QEMU cannot be started (a folder cannot be made, the program is missing)
     */
    public GuestVm launch(GuestImage image, GuestOptions options, Path qemuLog) {
        return launch(image, options, qemuLog, java.util.Map.of());
    }

    /**
     * Starts the guest with extra environment variables for QEMU, e.g. a marker such as
     * {@code K4N_RUN=<prefix>} by which a cleanup finds the process after a crash.
     *
     * @param image   the guest image to boot
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @param environment variables added to QEMU's environment (inherited from the JVM otherwise)
     * @return the started VM; the caller closes it
     * @throws GuestStartException when QEMU cannot be started (a folder cannot be made, the program is missing)
     */
    public GuestVm launch(GuestImage image, GuestOptions options, java.util.Map<String, String> environment) {
        return launch(image, options, options.consoleLog().toAbsolutePath().resolveSibling(options.name() + "-qemu.log"),
                environment);
    }

    /**
     * Starts the guest with QEMU's output in {@code qemuLog} and extra environment variables.
     * The old console log and QMP socket are deleted first.
     *
     * @param image   the guest image to boot
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @param qemuLog     file that receives QEMU's stdout and stderr (overwritten)
     * @param environment variables added to QEMU's environment
     * @return the started VM; the caller closes it
     * @throws GuestStartException when QEMU cannot be started (a folder cannot be made, the program is missing)
     */
    public GuestVm launch(GuestImage image, GuestOptions options, Path qemuLog, java.util.Map<String, String> environment) {
        QemuCommand command = command(image, options);
        Path consoleLog = options.consoleLog().toAbsolutePath();
        try {
            Files.createDirectories(consoleLog.getParent());
            Files.createDirectories(options.qmpSocket().toAbsolutePath().getParent());
            Files.deleteIfExists(consoleLog);
            Files.deleteIfExists(options.qmpSocket());
            ProcessBuilder builder = new ProcessBuilder(command.argv());
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(qemuLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            LOG.info("guest {}: QEMU pid {} ({}, {} vCPU, {} KiB, ssh 127.0.0.1:{}{})", options.name(), process.pid(),
                    options.accelerator(), options.vcpus(), command.effectiveMemoryKb(), options.sshHostPort(),
                    options.incoming() ? ", incoming migration" : "");
            return new GuestVm(options, command, process, qemuLog);
        } catch (IOException e) {
            throw new GuestStartException("cannot start QEMU for guest " + options.name() + ": " + e.getMessage(), e);
        }
    }
}
