package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ThreadLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real cyclictest of this machine with a command line built by {@link CyclictestOptions}
 * and checks the streaming parser and the JSON reader agree on every figure of the same run.
 * Needs root (SCHED_FIFO, mlockall) and rt-tests 2.x.
 */
class CyclictestLocalIT {

    @Test
    void realRunParsedFromStdoutAndJsonAgree(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "cyclictest needs root for SCHED_FIFO");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/cyclictest")), "rt-tests not installed");
        int cpus = Runtime.getRuntime().availableProcessors();
        Path json = dir.resolve("run.json");
        CyclictestOptions options = CyclictestOptions.defaults().withLoops(500).withIntervalUs(1000)
                .withThreads(Math.min(2, cpus)).withAffinity(cpus >= 2 ? "0,1" : "0").withHistogramUs(300)
                .withJsonFile(json.toString());
        assertThat(options.commandLine()).doesNotContain("-n", "--notrace");

        CyclictestOutputParser parser = new CyclictestOutputParser();
        List<String> progress = new ArrayList<>();
        Process p = new ProcessBuilder(options.commandLine()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(parser);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        CyclictestResult text = parser.result("Idle-Idle", options);
        CyclictestResult fromJson = CyclictestJsonParser.parse(Files.readString(json), "Idle-Idle");
        assertThat(text.threads()).hasSize(options.threads());
        assertThat(fromJson.threads()).hasSize(options.threads());
        for (int t = 0; t < options.threads(); t++) {
            ThreadLatency a = text.thread(t);
            ThreadLatency b = fromJson.thread(t);
            assertThat(a.samples()).isEqualTo(500).isEqualTo(b.samples());
            assertThat(a.histogram().buckets()).isEqualTo(b.histogram().buckets());
            assertThat(a.overflows()).isEqualTo(b.overflows());
            assertThat(a.minUs()).isEqualTo(b.minUs());
            assertThat(a.maxUs()).isEqualTo(b.maxUs());
            assertThat((long) a.avgUs()).isEqualTo((long) b.avgUs());
            assertThat(a.percentiles()).hasSize(5).isEqualTo(b.percentiles());
        }
        assertThat(fromJson.commandLine()).isEqualTo(options.commandLine());
        assertThat(text.aggregate().maxUs()).isEqualTo(fromJson.aggregate().maxUs());
        assertThat(CyclictestProgress.of("Idle-Idle", options, parser, progress::add).line())
                .startsWith("cyclictest Idle-Idle: 0 s / 0 s");
    }
}
