package io.kvm4nfv.lab;

import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the lab logs in to a guest booted from its {@link GuestImage}: as root with the lab's client
 * key (whose public line the guest takes as its authorized key), the image's host key (baked into
 * the image) pinned in the lab's known_hosts for the guest's forwarded port and checked strictly.
 * The embedded lab's guests, its forwarding VMs and those on a real pod's host all log in this way.
 *
 * @param clientKey   private key whose public half ({@code .pub} next to it) root in the guests accepts
 * @param knownHosts  known_hosts file the guests' host key is pinned in
 * @param hostKeyLine the image's host key ({@link GuestImage#hostKeyLine()})
 */
record GuestLogin(Path clientKey, Path knownHosts, String hostKeyLine) {

    private static final String ADDRESS = "127.0.0.1";

    GuestLogin {
        Objects.requireNonNull(clientKey, "clientKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(hostKeyLine, "hostKeyLine");
    }

    /** The login of guests booted from {@code image}. */
    static GuestLogin of(GuestImage image, Path clientKey, Path knownHosts) {
        return new GuestLogin(clientKey, knownHosts, image.hostKeyLine());
    }

    /** The public key line the guest's root accepts ({@link GuestOptions#authorizedKey()}). */
    String authorizedKey() {
        return SshKeys.publicKeyLineOf(clientKey);
    }

    /**
     * Pins the image's host key for {@code 127.0.0.1:sshPort} (as seen from {@code via}, or from
     * this machine) and returns the target of the guest's root login there.
     */
    SshTarget target(String name, int sshPort, SshTarget via, Duration connectTimeout) {
        KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern(ADDRESS, sshPort), hostKeyLine);
        return new SshTarget(name, ADDRESS, sshPort, "root", clientKey, knownHosts, HostKeyPolicy.STRICT, via,
                connectTimeout, null);
    }

    /** Connects to the guest whose SSH this machine forwards from {@code 127.0.0.1:sshPort}. */
    SshNode connect(String name, int sshPort, Duration connectTimeout) {
        return new SshNode(target(name, sshPort, null, connectTimeout)).connect();
    }
}
