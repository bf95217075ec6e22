package io.kvm4nfv.setup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SetupSequenceTest {

    @TempDir
    Path scripts;

    private void script(String name) throws IOException {
        Files.writeString(scripts.resolve(name), "#!/bin/sh\necho " + name + "\n");
    }

    @Test
    void scriptsAndRebootInOrder() throws IOException {
        script("host-setup0.sh");
        script("host-setup1.sh");
        SetupSequence s = SetupSequence.parse(List.of("host-setup0.sh", "reboot", "host-setup1.sh"), scripts);
        assertThat(s.steps()).containsExactly(new Step.Script("host-setup0.sh"), new Step.Reboot(),
                new Step.Script("host-setup1.sh"));
        assertThat(s.names()).containsExactly("host-setup0.sh", "reboot", "host-setup1.sh");
    }

    @Test
    void unknownScriptListsTheAvailableOnes() throws IOException {
        script("host-setup0.sh");
        assertThatThrownBy(() -> SetupSequence.parse(List.of("host-setup0.sh", "host-setup9.sh"), scripts))
                .isInstanceOf(InvalidStepException.class)
                .hasMessageContaining("step 1 'host-setup9.sh' is unknown")
                .hasMessageContaining("[host-setup0.sh]")
                .hasMessageContaining("'reboot'");
    }

    @Test
    void pathsAndTraversalAreRefusedEvenWhenTheFileExists() throws IOException {
        Files.createDirectories(scripts.resolve("sub"));
        Files.writeString(scripts.resolve("sub/x.sh"), "true");
        for (String bad : List.of("../etc/passwd", "/etc/passwd", "sub/x.sh", "..", "a..b.sh", "$(touch x).sh",
                "-rf", " reboot")) {
            assertThatThrownBy(() -> SetupSequence.parse(List.of(bad), scripts))
                    .as(bad).isInstanceOf(InvalidStepException.class).hasMessageContaining("not a plain script name");
        }
    }

    @Test
    void emptyStepIsRefused() {
        assertThatThrownBy(() -> SetupSequence.parse(List.of(""), scripts)).hasMessageContaining("step 0 is empty");
    }
}
