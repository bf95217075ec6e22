package io.kvm4nfv.setup;

import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.report.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class SetupRunnerTest {

    @TempDir
    Path dir;

    @Test
    void aRebootOfTheMachineRunningTheTestsIsSkippedVisiblyAndTheSequenceGoesOn() throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        for (String name : List.of("host-setup0.sh", "host-setup1.sh")) {
            Path f = Files.writeString(scripts.resolve(name), "#!/bin/sh\necho ran " + name + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        }
        List<String> journal = new ArrayList<>();
        List<String> log = new ArrayList<>();
        SetupRunner runner = new SetupRunner(dir.resolve("remote").toString(), Duration.ofSeconds(20),
                RebootOptions.within(Duration.ofSeconds(5)), Map.of(), recording(journal), log::add);

        List<StepResult> steps = runner.run(new LocalNode("host"),
                SetupSequence.parse(List.of("host-setup0.sh", "reboot", "host-setup1.sh"), scripts));

        assertThat(steps).extracting(StepResult::step, StepResult::succeeded, StepResult::skipped).containsExactly(
                org.assertj.core.groups.Tuple.tuple("host-setup0.sh", true, false),
                org.assertj.core.groups.Tuple.tuple("reboot", true, true),
                org.assertj.core.groups.Tuple.tuple("host-setup1.sh", true, false));
        assertThat(steps.get(1).outcome()).isEqualTo("skipped: " + LocalNode.THIS_MACHINE);
        assertThat(steps.get(2).outputTail()).containsExactly("ran host-setup1.sh");
        assertThat(journal).containsExactly("step host-setup0.sh on host", "skipped reboot on host: "
                + LocalNode.THIS_MACHINE, "step host-setup1.sh on host");
        assertThat(log).contains("[host reboot] skipped: " + LocalNode.THIS_MACHINE);
    }

    private static Journal recording(List<String> events) {
        return new Journal() {
            @Override
            public <T> T step(String name, Callable<T> body) throws Exception {
                events.add("step " + name);
                return body.call();
            }

            @Override
            public void attach(String name, String mimeType, String fileExtension, byte[] content) {
            }

            @Override
            public void note(String message) {
            }

            @Override
            public void skipped(String name, String reason) {
                events.add("skipped " + name + ": " + reason);
            }
        };
    }
}
