package io.kvm4nfv.probe.membw;

import io.kvm4nfv.node.LocalNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** pcm-memory on this machine: a time series on a supported Intel host, "unavailable" with PCM's words elsewhere. */
class PcmMemoryRunIT {

    @Test
    void runsDetachedAndReports() throws Exception {
        LocalNode node = new LocalNode("host");
        boolean intel = Files.readString(Path.of("/proc/cpuinfo")).contains("GenuineIntel");
        MemoryBandwidthResult result;
        try (PcmMemoryRun run = PcmMemoryRun.start(node, PcmMemoryOptions.defaults().withIntervalSeconds(0.5),
                "cyclictest Idle-Idle")) {
            Thread.sleep(1500);
            result = run.stop();
        }
        System.out.println(result.summary());
        assertThat(result.measurement()).isEqualTo("kvmfornfv_cyclictest_idle_idle_MBW");
        assertThat(leftovers(node)).as("CSV and log removed").isEmpty();
        if (!intel) {
            assertThat(result.available()).isFalse();
            assertThat(result.unavailableReason()).matches("(?is).*(unsupported processor|not found|no such file).*");
        } else if (result.available()) {
            assertThat(result.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.systemReadMBps()).isNotNegative());
        } else {
            assertThat(result.unavailableReason()).isNotBlank();
        }
    }

    private static String leftovers(LocalNode node) throws IOException {
        return node.exec("ls /tmp | grep '^kvm4nfv-pcm-' || true", Duration.ofSeconds(10)).stdoutText().strip();
    }
}
