package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.lab.LabResource;
import io.kvm4nfv.lab.LabResources;
import io.kvm4nfv.lab.Reaper;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.HardwareLatencyResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link HwlatRun} on this machine through {@link LocalNode}: the real hwlatdetect (this kernel has no
 * {@code hwlat} tracer: the result is unavailable with hwlatdetect's reason), and stand-in scripts for
 * what this machine cannot produce (a run over the hard limit, exit 1; a Python error; a run killed
 * with ftrace left on). Every test checks that tracefs is as it was afterwards. Needs root.
 */
class HwlatRunLocalIT {

    private static final Duration T = Duration.ofSeconds(30);
    private final LocalNode node = new LocalNode("host");
    private String tracefs;

    @BeforeEach
    void rootAndAnIdleTracefs() {
        assumeThat(System.getProperty("user.name")).as("hwlatdetect needs root").isEqualTo("root");
        tracefs = node.exec(Shell.quote("sh") + " -c " + Shell.quote("for d in /sys/kernel/tracing"
                + " /sys/kernel/debug/tracing; do [ -e $d/tracing_on ] && { echo $d; break; }; done; true"), T)
                .stdoutText().strip();
        assumeThat(tracefs).as("tracefs mounted").isNotEmpty();
        assumeThat(cat("current_tracer")).as("another tracer is running on this shared machine").isEqualTo("nop");
    }

    private String cat(String file) {
        return node.exec("cat " + Shell.quote(tracefs + "/" + file), T).requireSuccess().stdoutText().strip();
    }

    private List<String> state() {
        return List.of(cat("current_tracer"), cat("tracing_on"), cat("tracing_thresh"), cat("tracing_cpumask"));
    }

    @Test
    void theRealHwlatdetectHereIsUnavailableAndTracefsIsUnchanged(@TempDir Path dir) throws IOException {
        assumeThat(Files.isExecutable(Path.of("/usr/sbin/hwlatdetect"))).as("rt-tests installed").isTrue();
        List<String> before = state();
        Path raw = dir.resolve("hwlat.txt");
        HardwareLatencyResult r = HwlatRun.of(HwlatOptions.defaults(5), raw).run(node);
        assertThat(state()).isEqualTo(before);
        if (Files.exists(Path.of(tracefs, "hwlat_detector"))) {
            assertThat(r.available()).as(r.summary()).isTrue();
            return;
        }
        assertThat(r.available()).isFalse();
        assertThat(r.unavailableReason()).startsWith("the kernel has no hwlat tracer")
                .contains("DetectorNotAvailable: ('hwlat', 'hwlat tracer not available')");
        assertThat(r.node()).isEqualTo("host");
        assertThat(r.rawOutputFile()).isEqualTo(raw.toString());
        assertThat(Files.readString(raw)).startsWith("# host: hwlatdetect --duration=5s --threshold=10us")
                .contains("stderr: DetectorNotAvailable: ('hwlat', 'hwlat tracer not available')");
    }

    @Test
    void exitOneWithAWholeSummaryIsARunOverTheHardLimit(@TempDir Path dir) throws IOException {
        Path fixture = dir.resolve("out.txt");
        try (var in = HwlatRunLocalIT.class.getResourceAsStream("/hwlat/samples-smis.txt")) {
            Files.write(fixture, in.readAllBytes());
        }
        HardwareLatencyResult r = HwlatRun.of(fake(dir, "cat " + Shell.quote(fixture.toString()) + "; exit 1"),
                dir.resolve("raw.txt")).run(node);
        assertThat(r.available()).isTrue();
        assertThat(r.maxLatencyUs()).isEqualTo(24);
        assertThat(r.samples()).hasSize(4);
    }

    @Test
    void anotherPythonErrorIsAFailureWithTheOutputTail(@TempDir Path dir) throws IOException {
        HwlatRun run = HwlatRun.of(fake(dir, "echo 'Traceback (most recent call last):' >&2;"
                + " echo '  File \"/usr/sbin/hwlatdetect\", line 105, in putval' >&2;"
                + " echo 'OSError: [Errno 22] Invalid argument' >&2; exit 1"), dir.resolve("raw.txt"));
        assertThatThrownBy(() -> run.run(node)).isInstanceOf(HwlatRun.HwlatFailedException.class)
                .hasMessageContaining("hwlatdetect on host exit 1: OSError: [Errno 22] Invalid argument")
                .hasMessageContaining("line 105, in putval");
    }

    @Test
    void whatARunLeavesOnIsRestoredAndTheUndoIsRegisteredFirst(@TempDir Path dir) throws IOException {
        List<String> before = state();
        // like a killed hwlatdetect: a tracer set (blk: this kernel refuses function and has no hwlat),
        // tracing on, threshold and cpumask changed, and no cleanup
        String leave = "cd " + Shell.quote(tracefs) + " && echo 77 > tracing_thresh && echo 1 > tracing_cpumask"
                + " && echo blk > current_tracer && echo 1 > tracing_on && echo left-on; exit 137";
        List<String> undo = new ArrayList<>();
        LabResources recording = new LabResources() {
            @Override
            public Reaper.Registration register(LabResource resource) {
                throw new AssertionError("nothing but an undo is registered");
            }

            @Override
            public Reaper.Registration registerUndo(String owner, String script) {
                undo.add(owner + "\n" + script);
                return LabResources.none().registerUndo(owner, script);
            }
        };
        HwlatRun run = HwlatRun.of(fake(dir, leave), dir.resolve("raw.txt")).undoWith(recording);
        assertThatThrownBy(() -> run.run(node)).isInstanceOf(HwlatRun.HwlatFailedException.class)
                .hasMessageContaining("exit 137").hasMessageContaining("left-on");
        assertThat(state()).isEqualTo(before);
        assertThat(undo).hasSize(1);
        assertThat(undo.get(0)).startsWith("hwlat-host\n").contains("r current_tracer nop", "r tracing_on 0");
    }

    private static HwlatOptions fake(Path dir, String body) throws IOException {
        Path script = dir.resolve("hwlatdetect");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return HwlatOptions.defaults(1).withExecutable(script.toString());
    }
}
