package io.kvm4nfv.fault;

import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.setup.Environment;
import io.kvm4nfv.setup.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded lab's host is the machine running the tests. KVM4NFV's own host sequence is
 * {@code host-setup0.sh, reboot, host-setup1.sh}: on the embedded pod it must run unchanged and
 * pass, its {@code reboot} step reported as skipped with the reason, the machine's boot id the
 * same before and after, and nothing sent to the machine. A pod script that calls {@code reboot}
 * itself meets the lab's power guard first on its PATH — a stand-in that records the call and
 * refuses — never the real command.
 */
class EmbeddedHostNeverRebootsIT {

    private static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";

    @TempDir
    Path temp;

    static volatile List<StepResult> steps;

    @Kvm4nfvTest
    @HostSetup({"host-setup0.sh", "reboot", "host-setup1.sh"})
    static class SeedHostSequence {
        @Test
        void provisioned(Environment environment) {
            steps = environment.steps();
        }
    }

    @Kvm4nfvTest
    @HostSetup("calls-reboot.sh")
    static class ScriptThatCallsReboot {
        @Test
        void provisioned(Environment environment) {
            steps = environment.steps();
        }
    }

    @Test
    void theSeedHostSequencePassesWithItsRebootSkippedAndTheMachineUntouched() throws IOException {
        String bootBefore = Files.readString(Path.of(BOOT_ID)).strip();
        steps = null;
        Path labs = temp.resolve("labs");

        EngineExecutionResults run = Kit.run(Duration.ofMinutes(3), Kit.labProperties(labs), Map.of(),
                SeedHostSequence.class);

        assertThat(Kit.problems(run)).extracting(Kit.Outcome::messages).isEmpty();
        assertThat(run.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(steps).extracting(StepResult::step)
                .containsExactly("host-setup0.sh", "reboot", "host-setup1.sh");
        StepResult reboot = steps.get(1);
        assertThat(reboot.skipped()).isTrue();
        assertThat(reboot.succeeded()).isTrue();
        assertThat(reboot.outcome()).isEqualTo("skipped: it is the machine running the tests "
                + "(the embedded lab never reboots it)");
        assertThat(steps.get(0).skipped()).isFalse();
        assertThat(steps.get(2).skipped()).isFalse();
        assertThat(steps.get(2).succeeded()).isTrue();
        assertThat(Files.readString(Path.of(BOOT_ID)).strip()).isEqualTo(bootBefore);
        // not even the stand-in was called: the step sent nothing to the host
        assertThat(refusedPowerCommands(labs)).isEmpty();
    }

    @Test
    void aPodScriptThatCallsRebootMeetsTheStandInNotTheRealCommand() throws IOException {
        String bootBefore = Files.readString(Path.of(BOOT_ID)).strip();
        Path config = FaultLab.copyOfConfig(temp.resolve("config"));
        Path script = config.resolve("pods/local/host/calls-reboot.sh");
        // the check comes first: should the guard ever be missing from the PATH, the real reboot is never called
        Files.writeString(script, """
                #!/bin/sh
                guard="$KVM4NFV_LAB_DIR/bin/reboot"
                if [ "$(command -v reboot)" != "$guard" ]; then
                    echo "reboot is $(command -v reboot), not the lab's guard $guard: not calling it" >&2
                    exit 3
                fi
                if reboot --force now; then
                    echo "the guard let reboot succeed" >&2
                    exit 4
                fi
                echo "reboot refused"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        steps = null;
        Path labs = temp.resolve("labs");

        EngineExecutionResults run = Kit.run(Duration.ofMinutes(3),
                Kit.labProperties(labs, "kvm4nfv.config.dir", config.toString()), Map.of(),
                ScriptThatCallsReboot.class);

        assertThat(Kit.problems(run)).extracting(Kit.Outcome::messages).isEmpty();
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.succeeded()).isTrue();
            assertThat(s.outputTail()).contains("reboot refused")
                    .anySatisfy(line -> assertThat(line).contains("refusing 'reboot'"));
        });
        assertThat(refusedPowerCommands(labs)).singleElement().asString().endsWith(" reboot --force now");
        assertThat(Files.readString(Path.of(BOOT_ID)).strip()).isEqualTo(bootBefore);
    }

    /** Every call the lab's power guards recorded, over all labs under {@code labs}. */
    private static List<String> refusedPowerCommands(Path labs) throws IOException {
        try (Stream<Path> files = Files.walk(labs)) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().equals("refused-power-commands.log"))
                    .toList();
            List<String> lines = new java.util.ArrayList<>();
            for (Path log : logs) {
                lines.addAll(Files.readAllLines(log));
            }
            return lines;
        }
    }
}
