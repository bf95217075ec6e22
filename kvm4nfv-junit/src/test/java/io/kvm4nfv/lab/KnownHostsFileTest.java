package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsFileTest {

    @TempDir
    Path temp;

    @Test
    void hostPatternBracketsNonDefaultPorts() {
        assertThat(KnownHostsFile.hostPattern("127.0.0.1", 2222)).isEqualTo("[127.0.0.1]:2222");
        assertThat(KnownHostsFile.hostPattern("pod1-host", 22)).isEqualTo("pod1-host");
    }

    @Test
    void putAddsOneLinePerEndpointAndReplacesTheOldKeyOfTheSameEndpoint() throws Exception {
        Path file = temp.resolve("known_hosts");
        KnownHostsFile.put(file, "[127.0.0.1]:2222", "ssh-ed25519 AAAAold");
        KnownHostsFile.put(file, "[127.0.0.1]:2223", "ssh-ed25519 AAAAother");
        KnownHostsFile.put(file, "[127.0.0.1]:2222", "ssh-ed25519 AAAAnew");

        assertThat(Files.readAllLines(file)).containsExactly(
                "[127.0.0.1]:2223 ssh-ed25519 AAAAother",
                "[127.0.0.1]:2222 ssh-ed25519 AAAAnew");
    }
}
