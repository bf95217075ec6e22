package io.kvm4nfv.lab;

import io.kvm4nfv.node.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerFileTest {

    private static final LocalNode NODE = new LocalNode("local");

    @TempDir
    Path dir;

    private boolean alive(Path owner) {
        return NODE.exec(OwnerFile.aliveFunction() + "k4n_owner_alive " + owner, Duration.ofSeconds(10)).succeeded();
    }

    @Test
    void aRunningOwnerIsAliveWithItsStartTime() throws Exception {
        Path owner = dir.resolve("owner");
        long pid = ProcessHandle.current().pid();
        assertThat(NODE.exec(OwnerFile.writeCommand(pid, owner.toString()), Duration.ofSeconds(10)).succeeded()).isTrue();
        String[] written = Files.readString(owner).trim().split(" ");
        assertThat(written[0]).isEqualTo(Long.toString(pid));
        assertThat(written[1]).matches("\\d+");
        assertThat(alive(owner)).isTrue();
    }

    @Test
    void aGoneOwnerOrAnotherProcessWithItsPidIsDead() throws Exception {
        Path gone = Files.writeString(dir.resolve("gone"), "4194305000 -\n");
        assertThat(alive(gone)).isFalse();
        // the same pid, another start time: the pid was reused
        Path reused = Files.writeString(dir.resolve("reused"), ProcessHandle.current().pid() + " 1\n");
        assertThat(alive(reused)).isFalse();
    }
}
