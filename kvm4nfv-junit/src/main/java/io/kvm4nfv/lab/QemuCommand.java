package io.kvm4nfv.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The QEMU command line of one lab guest, built from a {@link GuestImage} and
 * {@link GuestOptions}: no default devices, serial console to a file, user networking that
 * reaches nothing but one SSH port forwarded from 127.0.0.1, QMP on a UNIX socket.
 *
 * @param argv                the complete argument vector, binary first
 * @param effectiveMemoryKb   the RAM size passed to QEMU (see {@link #effectiveMemoryKb(Accelerator, long)})
 */
public record QemuCommand(List<String> argv, long effectiveMemoryKb) {

    private static final Logger LOG = LoggerFactory.getLogger(QemuCommand.class);

    /** The QEMU binary used unless told otherwise. */
    public static final String DEFAULT_BINARY = "qemu-system-x86_64";

    /** Kernel command line parameter that carries root's authorized key (base64). */
    public static final String AUTHKEY_PARAM = "kvm4nfv.authkey";

    /** Console line the guest writes when its SSH server runs. */
    public static final String READY_MARKER = "kvm4nfv-guest-ready";

    /**
     * Copies the argument vector.
     *
     * @param argv              the complete argument vector, binary first
     * @param effectiveMemoryKb the RAM size passed to QEMU, KiB
     */
    public QemuCommand {
        argv = List.copyOf(argv);
    }

    /**
     * Builds the command for {@code image} and {@code options} with {@link #DEFAULT_BINARY}.
     *
     * @param image   the guest image to boot (kernel and initramfs)
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @return the command line and the RAM size it passes
     */
    public static QemuCommand of(GuestImage image, GuestOptions options) {
        return of(DEFAULT_BINARY, image, options);
    }

    /**
     * Builds the command for {@code image} and {@code options} with the given QEMU binary.
     *
     * @param binary  the QEMU program, a name on the {@code PATH} or a path
     * @param image   the guest image to boot (kernel and initramfs)
     * @param options the guest's name, CPUs, RAM, accelerator, ports, sockets and files
     * @return the command line and the RAM size it passes
     */
    public static QemuCommand of(String binary, GuestImage image, GuestOptions options) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(options, "options");
        long memoryKb = effectiveMemoryKb(options.accelerator(), options.memoryKb());
        if (memoryKb != options.memoryKb()) {
            LOG.info("guest {}: RAM {} KiB is a multiple of 256 KiB, which loses memory writes during TCG migration "
                    + "(QEMU 7.2); using {} KiB", options.name(), options.memoryKb(), memoryKb);
        }
        List<String> a = new ArrayList<>();
        a.add(binary);
        a.addAll(List.of("-name", options.name()));
        a.addAll(List.of("-accel", options.accelerator().qemuName()));
        a.addAll(List.of("-cpu", options.accelerator() == Accelerator.KVM ? "host" : "max"));
        a.addAll(List.of("-smp", Integer.toString(options.vcpus())));
        a.addAll(List.of("-m", memoryKb + "k"));
        a.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none"));
        if (options.firmware() != null) {
            a.addAll(List.of("-bios", options.firmware().toString()));
        }
        a.addAll(List.of("-serial", "file:" + options.consoleLog().toAbsolutePath()));
        a.addAll(List.of("-kernel", image.kernel().toAbsolutePath().toString()));
        a.addAll(List.of("-initrd", image.initrd().toAbsolutePath().toString()));
        a.addAll(List.of("-append", kernelCommandLine(options)));
        a.addAll(List.of("-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:" + options.sshHostPort() + "-:22"));
        a.addAll(List.of("-device", "virtio-net-pci,netdev=n0"));
        a.addAll(List.of("-qmp", "unix:" + options.qmpSocket().toAbsolutePath() + ",server=on,wait=off"));
        a.addAll(List.of("-pidfile", options.pidFile().toAbsolutePath().toString()));
        if (options.incoming()) {
            a.addAll(List.of("-incoming", "defer"));
        }
        a.addAll(options.extraArgs());
        return new QemuCommand(a, memoryKb);
    }

    /**
     * The RAM size to use: under TCG a size that is a multiple of 256 KiB is raised by 8 KiB,
     * because QEMU 7.2 then silently loses guest writes during migration.
     *
     * @param accelerator the accelerator the guest runs with
     * @param memoryKb    the requested RAM, KiB
     * @return the RAM to pass to QEMU, KiB: {@code memoryKb}, or {@code memoryKb + 8} under TCG for a multiple of 256
     */
    public static long effectiveMemoryKb(Accelerator accelerator, long memoryKb) {
        if (accelerator == Accelerator.TCG && memoryKb % 256 == 0) {
            return memoryKb + 8;
        }
        return memoryKb;
    }

    /** The guest kernel's command line: serial console, quiet boot, host name and root's key. */
    static String kernelCommandLine(GuestOptions options) {
        String key = Base64.getEncoder().encodeToString(options.authorizedKey().trim().getBytes(StandardCharsets.UTF_8));
        return "console=ttyS0 quiet kvm4nfv.hostname=" + options.name() + " " + AUTHKEY_PARAM + "=" + key;
    }

    /**
     * The command as one shell line, every argument single-quoted (for scripts and logs).
     *
     * @return the arguments, each in single quotes, separated by spaces
     */
    public String toShellLine() {
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('\'').append(arg.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
