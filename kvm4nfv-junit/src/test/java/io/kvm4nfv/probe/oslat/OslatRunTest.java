package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.probe.ShellNode;
import io.kvm4nfv.result.OslatResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OslatRun} on this machine with a stand-in for oslat that prints a captured output. */
class OslatRunTest {

    @TempDir
    Path dir;

    /** An executable that prints {@code stdout} (and {@code stderr} on stderr) and exits with {@code exit}. */
    private Path fakeOslat(String stdout, String stderr, int exit) throws IOException {
        Files.writeString(dir.resolve("out.txt"), stdout);
        Files.writeString(dir.resolve("err.txt"), stderr);
        Path script = dir.resolve("oslat");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > '" + dir.resolve("argv") + "'\ncat '" + dir.resolve("out.txt")
                + "'\ncat '" + dir.resolve("err.txt") + "' >&2\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private OslatRun run(Path executable) {
        OslatOptions options = OslatOptions.defaults().withExecutable(executable.toString()).withCpuList("0-1")
                .withDurationSeconds(1);
        return new OslatRun(options, "Idle-Idle", dir.resolve("raw/oslat.txt"), Duration.ofSeconds(20));
    }

    @Test
    void parsesWhileCopyingTheRawOutput() throws IOException {
        String out = OslatFixture.text("two-cpus.txt");
        OslatResult r = run(fakeOslat(out, "", 0)).run(ShellNode.sh());
        assertThat(r.cpus()).hasSize(2);
        assertThat(r.cpu(1).maxUs()).isEqualTo(377409);
        assertThat(r.testType()).isEqualTo("Idle-Idle");
        assertThat(r.commandLine()).endsWith("-c", "0-1", "-D", "1", "-q");
        assertThat(r.rawOutputFile()).isEqualTo(dir.resolve("raw/oslat.txt").toString());
        String raw = Files.readString(dir.resolve("raw/oslat.txt"));
        assertThat(raw).startsWith("# local-sh: ").contains("     Maximum:\t 74103 377409 (us)");
        assertThat(Files.readString(dir.resolve("argv")).trim()).isEqualTo("-c 0-1 -D 1 -q");
    }

    @Test
    void aTraceThresholdHitSaysSoWithTheOutputTail() throws IOException {
        Path oslat = fakeOslat(OslatFixture.text("trace-threshold.txt"), OslatFixture.text("trace-threshold.stderr"), 1);
        assertThatThrownBy(() -> run(oslat).run(ShellNode.sh()))
                .isInstanceOfSatisfying(OslatRun.OslatFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("stopped at its trace threshold: CPU 1 reached 103 us"
                            + " (trace threshold 5 us)").contains("Test starts...");
                    assertThat(e.traceHit()).contains(new OslatTraceHit(5, 1, 103));
                });
        assertThat(Files.readString(dir.resolve("raw/oslat.txt"))).contains("stderr: oslat: Trace threshold (5 us)");
    }

    @Test
    void aFailureOrAnOutputWithoutFiguresIsAClearFailure() throws IOException {
        Path failing = fakeOslat("oslat V 2.40\nIllegal bucket size: 4 (should be: 4-1024)\n", "", 1);
        assertThatThrownBy(() -> run(failing).run(ShellNode.sh())).isInstanceOf(OslatRun.OslatFailedException.class)
                .hasMessageContaining("exit 1").hasMessageContaining("Illegal bucket size");
        Path empty = fakeOslat("oslat V 2.40\nTest starts...\n", "", 0);
        assertThatThrownBy(() -> run(empty).run(ShellNode.sh())).isInstanceOfSatisfying(
                OslatRun.OslatFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("could not be read: oslat output has no result table")
                            .contains("raw output: " + dir.resolve("raw/oslat.txt"));
                    assertThat(e.traceHit()).isEmpty();
                });
    }
}
