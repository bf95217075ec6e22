package io.kvm4nfv.lab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run one lab guest under QEMU.
 *
 * @param name          guest name (QEMU {@code -name}, guest host name)
 * @param vcpus         number of virtual CPUs
 * @param memoryKb      guest RAM in KiB (under TCG adjusted to a size that is not a multiple
 *                      of 256 KiB, see {@link QemuCommand})
 * @param accelerator   {@link Accelerator#KVM} or {@link Accelerator#TCG}
 * @param sshHostPort   loopback port forwarded to the guest's port 22
 * @param authorizedKey the public key line (e.g. {@code ssh-ed25519 AAAA... lab}) root may log in with
 * @param qmpSocket     QMP UNIX socket path (shorter than {@value #MAX_UNIX_SOCKET_PATH_BYTES} bytes)
 * @param consoleLog    file that receives the guest's serial console
 * @param pidFile       QEMU's {@code -pidfile}
 * @param extraArgs     further QEMU arguments (e.g. more {@code -netdev}/{@code -device} pairs)
 * @param incoming      start as a migration target ({@code -incoming defer})
 * @param firmware      the {@code -bios} image, or {@code null} for QEMU's default (SeaBIOS);
 *                      {@link #defaults} picks qboot when installed, which reaches the kernel
 *                      about 0.4 s sooner under TCG and handles guest reboots too
 */
public record GuestOptions(String name, int vcpus, long memoryKb, Accelerator accelerator, int sshHostPort,
                           String authorizedKey, Path qmpSocket, Path consoleLog, Path pidFile,
                           List<String> extraArgs, boolean incoming, Path firmware) {

    /** Default RAM: 256 MiB + 8 KiB, not a multiple of 256 KiB (QEMU 7.2 TCG migration bug). */
    public static final long DEFAULT_MEMORY_KB = 262_152;

    /** Limit of {@code sun_path} including the terminating NUL. */
    public static final int MAX_UNIX_SOCKET_PATH_BYTES = 108;

    /** qboot, a minimal firmware shipped with Debian's qemu-system-data. */
    public static final Path QBOOT = Path.of("/usr/share/qemu/qboot.rom");

    /**
     * Checks the options; {@code null} extra arguments become none.
     *
     * @param name          guest name, a host name of at most 63 characters
     * @param vcpus         number of virtual CPUs, {@code >= 1}
     * @param memoryKb      guest RAM in KiB, at least 65536
     * @param accelerator   KVM or TCG
     * @param sshHostPort   loopback port forwarded to the guest's port 22
     * @param authorizedKey the public key line root may log in with
     * @param qmpSocket     QMP UNIX socket path
     * @param consoleLog    file that receives the guest's serial console
     * @param pidFile       QEMU's {@code -pidfile}
     * @param extraArgs     further QEMU arguments, or {@code null}
     * @param incoming      start as a migration target
     * @param firmware      the {@code -bios} image, or {@code null}
     * @throws NullPointerException     when a mandatory reference is {@code null}
     * @throws IllegalArgumentException when a value is out of range, the key looks like a private key, or
     *                                  the QMP socket path is too long for a UNIX socket
     */
    public GuestOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(authorizedKey, "authorizedKey");
        Objects.requireNonNull(qmpSocket, "qmpSocket");
        Objects.requireNonNull(consoleLog, "consoleLog");
        Objects.requireNonNull(pidFile, "pidFile");
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("guest name must be a host name (letters, digits, '-'): " + name);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1: " + vcpus);
        }
        if (memoryKb < 64 * 1024) {
            throw new IllegalArgumentException("memoryKb must be at least 65536: " + memoryKb);
        }
        if (sshHostPort < 1 || sshHostPort > 65535) {
            throw new IllegalArgumentException("sshHostPort out of range: " + sshHostPort);
        }
        if (authorizedKey.isBlank() || authorizedKey.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("authorizedKey must be a public key line");
        }
        int socketBytes = qmpSocket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (socketBytes >= MAX_UNIX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("QMP socket path is " + socketBytes + " bytes, UNIX sockets allow "
                    + (MAX_UNIX_SOCKET_PATH_BYTES - 1) + ": " + qmpSocket);
        }
    }

    /**
     * Options with the lab's defaults (1 vCPU, {@value #DEFAULT_MEMORY_KB} KiB) and every
     * file in {@code runDir} ({@code qmp.sock}, {@code console.log}, {@code qemu.pid}).
     *
     * @param name          guest name (a host name)
     * @param runDir        folder of the guest's socket, console log and pid file
     * @param sshHostPort   loopback port forwarded to the guest's port 22
     * @param authorizedKey the public key line root may log in with (trimmed)
     * @param accelerator   KVM or TCG
     * @return the options, with qboot as firmware when it is installed
     */
    public static GuestOptions defaults(String name, Path runDir, int sshHostPort, String authorizedKey,
                                        Accelerator accelerator) {
        return new GuestOptions(name, 1, DEFAULT_MEMORY_KB, accelerator, sshHostPort, authorizedKey.trim(),
                runDir.resolve("qmp.sock"), runDir.resolve("console.log"), runDir.resolve("qemu.pid"),
                List.of(), false, java.nio.file.Files.isRegularFile(QBOOT) ? QBOOT : null);
    }

    /**
     * Returns a copy with another number of vCPUs.
     *
     * @param n number of virtual CPUs, {@code >= 1}
     * @return the copy
     */
    public GuestOptions withVcpus(int n) {
        return new GuestOptions(name, n, memoryKb, accelerator, sshHostPort, authorizedKey, qmpSocket, consoleLog,
                pidFile, extraArgs, incoming, firmware);
    }

    /**
     * Returns a copy with another RAM size.
     *
     * @param kb guest RAM in KiB, at least 65536
     * @return the copy
     */
    public GuestOptions withMemoryKb(long kb) {
        return new GuestOptions(name, vcpus, kb, accelerator, sshHostPort, authorizedKey, qmpSocket, consoleLog,
                pidFile, extraArgs, incoming, firmware);
    }

    /**
     * Returns a copy that starts as a migration target ({@code -incoming defer}).
     *
     * @return the copy, {@link #incoming()} set
     */
    public GuestOptions asIncoming() {
        return new GuestOptions(name, vcpus, memoryKb, accelerator, sshHostPort, authorizedKey, qmpSocket, consoleLog,
                pidFile, extraArgs, true, firmware);
    }

    /**
     * Returns a copy with another firmware ({@code null}: QEMU's default).
     *
     * @param bios the {@code -bios} image, or {@code null} for SeaBIOS
     * @return the copy
     */
    public GuestOptions withFirmware(Path bios) {
        return new GuestOptions(name, vcpus, memoryKb, accelerator, sshHostPort, authorizedKey, qmpSocket, consoleLog,
                pidFile, extraArgs, incoming, bios);
    }

    /**
     * Returns a copy with other further QEMU arguments (they replace the current {@link #extraArgs()}).
     *
     * @param args the QEMU arguments appended to the command line, or {@code null} for none
     * @return the copy
     */
    public GuestOptions withExtraArgs(List<String> args) {
        return new GuestOptions(name, vcpus, memoryKb, accelerator, sshHostPort, authorizedKey, qmpSocket, consoleLog,
                pidFile, args, incoming, firmware);
    }
}
