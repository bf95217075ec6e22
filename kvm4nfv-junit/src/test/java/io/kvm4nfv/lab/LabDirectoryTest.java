package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDirectoryTest {

    @TempDir
    Path temp;

    private LabDirectory created;

    @AfterEach
    void removeSocketDir() {
        if (created != null) {
            created.deleteSocketDir();
        }
    }

    @Test
    void createsTheLayoutWithPrivateKeyAndSocketFolders() throws Exception {
        created = LabDirectory.create(temp);

        assertThat(created.id()).matches("[0-9a-f]{8}");
        assertThat(created.root()).isEqualTo(temp.resolve(created.id())).isDirectory();
        assertThat(created.logs()).isDirectory();
        assertThat(created.pids()).isDirectory();
        assertThat(created.keys()).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created.keys()))).isEqualTo("rwx------");
        assertThat(created.clientKey()).isEqualTo(created.keys().resolve("id_ed25519"));
        assertThat(created.knownHosts()).isEqualTo(created.root().resolve("known_hosts"));
        assertThat(created.socketDir()).isEqualTo(Path.of("/tmp/kvm4nfv-" + created.id())).isDirectory();
        assertThat(Files.readString(created.root().resolve("socketdir")).trim()).isEqualTo(created.socketDir().toString());
        assertThat(created.log("sshd-host.log")).isEqualTo(created.logs().resolve("sshd-host.log"));
        assertThat(created.sshdDir("host1")).isEqualTo(created.root().resolve("sshd/host1"));
    }

    @Test
    void twoLabsGetDifferentIdsAndSocketsStayUnderTheUnixLimit() {
        created = LabDirectory.create(temp);
        LabDirectory other = LabDirectory.create(temp);
        try {
            assertThat(other.id()).isNotEqualTo(created.id());
            assertThat(created.socket("guest1-qmp.sock").toString()).hasSizeLessThan(108);
            assertThatThrownBy(() -> created.socket("x".repeat(100)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        } finally {
            other.deleteSocketDir();
        }
    }

    @Test
    void deleteSocketDirRemovesItAndItsContent() throws Exception {
        created = LabDirectory.create(temp);
        Files.writeString(created.socket("a.sock"), "x");
        created.deleteSocketDir();
        assertThat(created.socketDir()).doesNotExist();
        created.deleteSocketDir();
    }

    @Test
    void rejectsIdsAndNamesThatWouldEscapeTheFolder() {
        assertThatThrownBy(() -> LabDirectory.create(temp, "../evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabDirectory.create(temp, "")).isInstanceOf(IllegalArgumentException.class);
        created = LabDirectory.create(temp, "fixed-1");
        assertThat(created.root()).isEqualTo(temp.resolve("fixed-1"));
        assertThatThrownBy(() -> created.log("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> created.sshdDir("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultBaseIsTargetOfTheWorkingDirectoryUnlessConfigured() {
        String saved = System.getProperty(LabDirectory.BASE_PROPERTY);
        try {
            System.clearProperty(LabDirectory.BASE_PROPERTY);
            assertThat(LabDirectory.defaultBase()).isEqualTo(Path.of("target/kvm4nfv-lab").toAbsolutePath());
            System.setProperty(LabDirectory.BASE_PROPERTY, temp.toString());
            assertThat(LabDirectory.defaultBase()).isEqualTo(temp);
        } finally {
            if (saved == null) {
                System.clearProperty(LabDirectory.BASE_PROPERTY);
            } else {
                System.setProperty(LabDirectory.BASE_PROPERTY, saved);
            }
        }
    }
}
