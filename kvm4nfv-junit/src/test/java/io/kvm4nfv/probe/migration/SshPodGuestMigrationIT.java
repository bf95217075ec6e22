package io.kvm4nfv.probe.migration;

import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.SshLab;
import io.kvm4nfv.lab.SshPodFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-migration contract on a real pod ({@code kind: ssh}, {@link SshPodFixture}): the
 * guest launched by the pod's launch script over SSH, its incoming twins started on the host
 * from the running QEMU's own command line, QMP and the heartbeat reached through the host's
 * SSH connection (socat relays), the migrated guest reached at its twin's new SSH forward
 * with the same host key. After the lab closes nothing it started is left on the host.
 */
class SshPodGuestMigrationIT extends GuestMigrationContract {

    @TempDir
    static Path temp;
    private SshPodFixture fixture;

    @Override
    Lab openLab() {
        fixture = SshPodFixture.create(temp, null);
        return SshLab.open(fixture.pod());
    }

    @Override
    String guestName() {
        return SshPodFixture.GUEST;
    }

    @Override
    String qemuMarker() {
        return fixture.runDir().toString();
    }

    @Override
    void afterLabClosed() throws Exception {
        try {
            // the first QEMU's console (written by the pod's launch script) is the pod's; the rest was the lab's
            assertThat(fixture.leftInRunDir()).as("files of the lab's twins, sockets, pid files")
                    .containsExactly(SshPodFixture.GUEST + ".console");
            assertThat(socatRelays()).as("no socat relay left").isZero();
        } finally {
            fixture.close();
        }
    }

    private long socatRelays() throws Exception {
        String dir = fixture.runDir().toString();
        try (var procs = java.nio.file.Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmd = new String(java.nio.file.Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    return cmd.startsWith("socat") && cmd.contains(dir);
                } catch (Exception gone) {
                    return false;
                }
            }).count();
        }
    }
}
