package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a guest of a real pod may live-migrate to another host: no disk, or disks the pod declares shared. */
class GuestMoveRuleTest {

    @TempDir
    Path dir;

    private PodConfig pod(boolean sharedStorage) throws Exception {
        Path file = dir.resolve("two.yaml");
        Path key = Files.writeString(dir.resolve("id"), "not read here");
        Files.writeString(file, """
                kind: ssh
                hostKeys:
                  policy: strict
                  knownHosts: %s
                nodes:
                  - {name: node1, role: host, address: 127.0.0.1, user: lab, keyFile: %s}
                  - {name: node2, role: host, address: 127.0.0.2, user: lab, keyFile: %s}
                  - name: vm
                    role: guest
                    host: node1
                    forwardPort: 2222
                    user: root
                    keyFile: %s
                    launch:
                      qmpSocket: /run/k/vm.qmp
                %s
                """.formatted(key, key, key, key, sharedStorage ? "      sharedStorage: true" : ""));
        return PodConfigLoader.fromSystem().loadFile(file, dir);
    }

    private static final List<String> WITH_DISK = List.of("qemu-system-x86_64", "-drive", "file=/var/lib/vm.qcow2",
            "-qmp", "unix:/run/k/vm.qmp,server=on,wait=off");
    private static final List<String> INITRAMFS = List.of("qemu-system-x86_64", "-kernel", "/b/vmlinuz", "-initrd",
            "/b/initrd");

    @Test
    void aDiskNotDeclaredSharedIsAClearErrorNamingTheDiskAndTheKey() throws Exception {
        PodConfig pod = pod(false);
        assertThatThrownBy(() -> SshLab.requireMovable(pod, pod.node("vm"), WITH_DISK, "node1", "node2"))
                .isInstanceOf(MigrationNotPossibleException.class)
                .hasMessageContaining("guest vm cannot live-migrate from node1 to node2")
                .hasMessageContaining("[/var/lib/vm.qcow2]")
                .hasMessageContaining("launch.sharedStorage: true")
                .hasMessageContaining(pod.source().toString());
    }

    @Test
    void aGuestWithoutDisksOrWithSharedDisksMoves() throws Exception {
        PodConfig local = pod(false);
        assertThatCode(() -> SshLab.requireMovable(local, local.node("vm"), INITRAMFS, "node1", "node2"))
                .doesNotThrowAnyException();
        PodConfig shared = pod(true);
        assertThatCode(() -> SshLab.requireMovable(shared, shared.node("vm"), WITH_DISK, "node1", "node2"))
                .doesNotThrowAnyException();
    }
}
