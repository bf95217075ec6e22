package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.node.LocalNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tuning report of this machine, for real, cross-checked against /proc read directly. */
class TuningProbeIT {

    @Test
    void reportsThisMachine() throws IOException {
        LocalNode node = new LocalNode("host");
        long start = System.nanoTime();
        TuningReport report = TuningProbe.check(node, TuningExpectations.kvm4nfvHost(CpuSet.of(1)), TuningPolicy.WARN,
                Duration.ofSeconds(30));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(report.table() + "(read in " + ms + " ms)");

        assertThat(report.rows()).as("every expectation of kvm4nfvHost with isolated CPUs").hasSize(20);
        String rt = proc("/proc/sys/kernel/sched_rt_runtime_us");
        TuningRow rtRow = report.row("kernel.sched_rt_runtime_us").orElseThrow();
        assertThat(rtRow.actual()).isEqualTo(rt);
        assertThat(rtRow.status()).isEqualTo(rt.equals("-1") ? TuningStatus.OK : TuningStatus.MISMATCH);

        List<String> words = Arrays.asList(proc("/proc/cmdline").split("\\s+"));
        int end = words.contains("--") ? words.indexOf("--") : words.size();
        String tsc = words.subList(0, end).stream().filter(w -> w.startsWith("tsc=")).reduce((a, b) -> b)
                .map(w -> w.substring(4)).orElse("(absent)");
        assertThat(report.row("tsc").orElseThrow().actual()).isEqualTo(tsc);

        String isolated = proc("/sys/devices/system/cpu/isolated");
        assertThat(report.row("cpu.isolated").orElseThrow().status())
                .isEqualTo(isolated.isEmpty() ? TuningStatus.MISMATCH : report.row("cpu.isolated").get().status());
        assertThat(report.verdict().failed()).as("WARN is the embedded lab's default: never fails").isFalse();
        assertThat(ms).as("one command").isLessThan(10_000);
    }

    /** procfs/sysfs report odd sizes here: Files.readString stops early, a plain stream does not. */
    private static String proc(String file) throws IOException {
        try (var in = Files.newInputStream(Path.of(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }
}
