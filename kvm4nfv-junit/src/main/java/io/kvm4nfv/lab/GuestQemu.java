package io.kvm4nfv.lab;

import java.util.Objects;
import java.util.Optional;

/**
 * The QEMU process that runs a guest, on the guest's host, as its lab knows it. The socket
 * paths are paths <em>on that host</em>: open them with the host node's
 * {@link io.kvm4nfv.node.Node#openUnixStream} (a direct socket on this machine, a relay over
 * SSH on a real pod), never as local files.
 *
 * @param hostName        the host node it runs on
 * @param pid             its process id on that host
 * @param qmpSocket       its QMP monitor's UNIX socket
 * @param heartbeatSocket the UNIX socket of the guest's second serial port ({@code /dev/ttyS1} in the
 *                        guest), which the host reads to time the guest's heartbeat; {@code null}
 *                        when the guest has none
 * @param memoryKb        its RAM in KiB ({@code -m})
 * @param accelerator     {@code kvm} or {@code tcg}
 */
public record GuestQemu(String hostName, long pid, String qmpSocket, String heartbeatSocket, long memoryKb,
                        String accelerator) {

    /**
     * Checks the description.
     *
     * @param hostName        the host node it runs on
     * @param pid             its process id on that host, {@code > 0}
     * @param qmpSocket       its QMP monitor's UNIX socket
     * @param heartbeatSocket the heartbeat serial port's UNIX socket, or {@code null}
     * @param memoryKb        its RAM in KiB
     * @param accelerator     {@code kvm} or {@code tcg}
     * @throws NullPointerException     when {@code hostName}, {@code qmpSocket} or {@code accelerator} is {@code null}
     * @throws IllegalArgumentException when {@code pid} is not positive
     */
    public GuestQemu {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(qmpSocket, "qmpSocket");
        Objects.requireNonNull(accelerator, "accelerator");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0, was " + pid);
        }
    }

    /**
     * The heartbeat socket, if the guest has a second serial port the host can read.
     *
     * @return {@link #heartbeatSocket()}, or empty when it is {@code null}
     */
    public Optional<String> heartbeat() {
        return Optional.ofNullable(heartbeatSocket);
    }
}
