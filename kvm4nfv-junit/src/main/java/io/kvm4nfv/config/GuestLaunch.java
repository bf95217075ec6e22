package io.kvm4nfv.config;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * How a real pod's guest is launched and reached by its QEMU (the guest's {@code launch}
 * section). Every field is optional:
 *
 * @param script          a script of the pod's host script folder (e.g. {@code host-run-qemu.sh})
 *                        that starts the guest's QEMU on its host and returns; the lab uploads and
 *                        runs it over SSH when a test first needs the guest, with
 *                        {@code KVM4NFV_POD}, {@code KVM4NFV_GUEST}, {@code KVM4NFV_QMP_SOCKET},
 *                        {@code KVM4NFV_HEARTBEAT_SOCKET}, {@code KVM4NFV_GUEST_SSH_PORT},
 *                        {@code KVM4NFV_VCPU_CPUS} and the {@code kvm4nfv.setup.env.*} variables.
 *                        {@code null}: the guest is started by something else (a setup script)
 * @param qmpSocket       the absolute path, on the host, of the QEMU's QMP socket
 *                        ({@code -qmp unix:PATH,server=on,wait=off}): how the lab finds the QEMU
 *                        (its pid, its command line) and drives live migration. {@code null}: the
 *                        guest cannot be migrated
 * @param heartbeatSocket the absolute path, on the host, of the UNIX socket of the guest's second
 *                        serial port ({@code -serial unix:PATH,server=on,wait=off}), which the
 *                        host reads to time the guest's heartbeat during a migration; {@code null}:
 *                        no guest-visible downtime is measured
 * @param keepRunning     {@code true}: a long-lived guest, never stopped by the lab; {@code false}
 *                        (the default): a guest the lab launched is stopped when the lab closes
 * @param sharedStorage   {@code true}: the guest's disk images are on storage every host of the pod
 *                        sees at the same path (NFS, Ceph, ...), so it may live-migrate to another
 *                        host; {@code false} (the default): a guest with a disk migrates only on its
 *                        host (a guest without disks, e.g. a kernel + initramfs, migrates anywhere)
 */
public record GuestLaunch(String script, String qmpSocket, String heartbeatSocket, boolean keepRunning,
                          boolean sharedStorage) {

    /** Nothing to launch, no QEMU known. */
    public static final GuestLaunch NONE = new GuestLaunch(null, null, null, false, false);

    private static final Pattern SCRIPT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SOCKET = Pattern.compile("/[A-Za-z0-9._/-]+");
    /** {@code sun_path} holds 108 bytes with its terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    /**
     * Checks the script name and the socket paths.
     *
     * @param script          a file name in the pod's host script folder, or {@code null}
     * @param qmpSocket       absolute path of the QMP socket on the host, or {@code null}
     * @param heartbeatSocket absolute path of the heartbeat socket on the host, or {@code null}; not
     *                        the same as {@code qmpSocket}
     * @param keepRunning     whether the lab leaves the guest running when it closes
     * @param sharedStorage   whether the guest's disks are on storage every host sees
     * @throws IllegalArgumentException when the script is not a plain file name, a socket path is not
     *                                  absolute, contains {@code ..} or is longer than 107 bytes, or both
     *                                  sockets are the same
     */
    public GuestLaunch {
        if (script != null && !SCRIPT.matcher(script).matches()) {
            throw new InvalidFieldException("script", "is a file name in the pod's host script folder (letters, "
                    + "digits, '.', '_', '-'), got '" + PodConfigException.shorten(script) + "'");
        }
        socket("qmpSocket", qmpSocket);
        socket("heartbeatSocket", heartbeatSocket);
        if (qmpSocket != null && qmpSocket.equals(heartbeatSocket)) {
            throw new InvalidFieldException("heartbeatSocket", "must differ from qmpSocket");
        }
    }

    /**
     * A launch whose disks (if any) are on the guest's host only ({@code sharedStorage} false).
     *
     * @param script          a file name in the pod's host script folder, or {@code null}
     * @param qmpSocket       absolute path of the QMP socket on the host, or {@code null}
     * @param heartbeatSocket absolute path of the heartbeat socket on the host, or {@code null}
     * @param keepRunning     whether the lab leaves the guest running when it closes
     * @throws IllegalArgumentException when a field is invalid (see the canonical constructor)
     */
    public GuestLaunch(String script, String qmpSocket, String heartbeatSocket, boolean keepRunning) {
        this(script, qmpSocket, heartbeatSocket, keepRunning, false);
    }

    private static void socket(String field, String path) {
        if (path == null) {
            return;
        }
        if (!SOCKET.matcher(path).matches() || path.contains("..")) {
            throw new InvalidFieldException(field, "must be an absolute path of letters, digits, '.', '_', '-' and '/',"
                    + " got '" + PodConfigException.shorten(path) + "'");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new InvalidFieldException(field, "a UNIX socket path has at most " + MAX_SOCKET_PATH_BYTES
                    + " bytes, got " + path.length());
        }
    }

    /**
     * Whether the lab knows the guest's QEMU (and so can migrate it).
     *
     * @return {@code true} when a QMP socket is set
     */
    public boolean knowsQemu() {
        return qmpSocket != null;
    }
}
