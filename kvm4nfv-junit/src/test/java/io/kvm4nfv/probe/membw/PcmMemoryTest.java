package io.kvm4nfv.probe.membw;

import io.kvm4nfv.probe.RecordingNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PcmMemoryTest {

    static List<String> fixture(String name) throws IOException {
        try (InputStream in = PcmMemoryTest.class.getResourceAsStream("/pcm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void parsesSocketsChannelsAndSystemTotals() throws IOException {
        List<MemoryBandwidthSample> samples = PcmMemoryCsvParser.parse(fixture("memory-2skt.csv"));

        assertThat(samples).as("the cut last row is dropped").hasSize(3);
        MemoryBandwidthSample first = samples.get(0);
        assertThat(first.index()).isZero();
        assertThat(first.timestamp()).isEqualTo("2026-11-25 16:20:01.250");
        assertThat(first.sockets()).extracting(SocketBandwidth::socket).containsExactly(0, 1);
        SocketBandwidth s0 = first.sockets().get(0);
        assertThat(s0.readMBps()).isCloseTo(27478.96, within(0.001));
        assertThat(s0.writeMBps()).isCloseTo(7225.80, within(0.001));
        assertThat(s0.channels()).hasSize(4);
        assertThat(s0.channels().get(0)).isEqualTo(new ChannelBandwidth(0, 0, 6870.81, 1805.03));
        assertThat(first.sockets().get(1).channels()).as("inactive channel 3 has empty cells")
                .extracting(ChannelBandwidth::channel).containsExactly(0, 1, 2);
        assertThat(first.systemReadMBps()).isCloseTo(49699.82, within(0.001));
        assertThat(first.systemWriteMBps()).isCloseTo(13086.20, within(0.001));
        assertThat(first.systemTotalMBps()).isCloseTo(62786.02, within(0.01));
        assertThat(samples.get(2).sockets().get(0).channels().get(3).readMBps()).isEqualTo(9004.00);
    }

    @Test
    void resultStatistics() throws IOException {
        MemoryBandwidthResult result = PcmMemoryRun.toResult("kvmfornfv_cyclictest_idle_idle_MBW", "host", 1.0,
                fixture("memory-2skt.csv"), List.of());
        assertThat(result.available()).isTrue();
        assertThat(result.maxSystemReadMBps()).isCloseTo(49699.82, within(0.001));
        assertThat(result.avgSystemReadMBps()).isCloseTo((49699.82 + 524.25 + 36043.00) / 3, within(0.01));
        assertThat(result.summary()).startsWith("kvmfornfv_cyclictest_idle_idle_MBW on host: 3 samples every 1.00 s");
    }

    @Test
    void missingSystemColumnsAreSummedFromSockets() {
        List<String> csv = List.of(",,SKT0,SKT0,SKT0,SKT1,SKT1,SKT1",
                "Date,Time,Mem Read (MB/s),Mem Write (MB/s),Memory (MB/s),Mem Read (MB/s),Mem Write (MB/s),Memory (MB/s)",
                "2026-11-25,16:20:01.250,  100.00,   50.00,  150.00,   10.00,    5.00,   15.00");
        MemoryBandwidthSample s = PcmMemoryCsvParser.parse(csv).get(0);
        assertThat(s.systemReadMBps()).isEqualTo(110.0);
        assertThat(s.systemWriteMBps()).isEqualTo(55.0);
        assertThat(s.sockets().get(0).channels()).isEmpty();
    }

    @Test
    void badCsvNamesLineAndColumn() {
        assertThatThrownBy(() -> PcmMemoryCsvParser.parse(List.of("hello", "world")))
                .hasMessageContaining("no 'Date,Time,...' header");
        List<String> bad = List.of(",,SKT0,SKT0", "Date,Time,Mem Read (MB/s),Mem Write (MB/s)",
                "2026-11-25,16:20:01,abc,1.0", "2026-11-25,16:20:02,2.0,1.0");
        assertThatThrownBy(() -> PcmMemoryCsvParser.parse(bad))
                .hasMessage("pcm-memory CSV line 3, column 'Mem Read (MB/s)': not a number: 'abc'");
    }

    @Test
    void unsupportedProcessorGivesPcmsOwnReason() throws IOException {
        MemoryBandwidthResult result = PcmMemoryRun.toResult("kvmfornfv_x_MBW", "host", 1.0, List.of(),
                fixture("unsupported-vm.txt"));
        assertThat(result.available()).isFalse();
        assertThat(result.samples()).isEmpty();
        assertThat(result.unavailableReason()).startsWith("Error: unsupported processor. Only Intel(R) processors are"
                + " supported").endsWith("Unsupported processor model (4294967295).")
                .doesNotContain("setrlimit");
        assertThat(result.summary()).isEqualTo("kvmfornfv_x_MBW on host unavailable: Error: unsupported processor.");
    }

    @Test
    void notInstalledAndSilentFailures() {
        assertThat(PcmMemoryRun.reason(List.of("setsid: failed to execute pcm-memory: No such file or directory")))
                .isEqualTo("setsid: failed to execute pcm-memory: No such file or directory");
        assertThat(PcmMemoryRun.toResult("m_MBW", "h", 1, List.of(), List.of()).unavailableReason())
                .isEqualTo("pcm-memory wrote no sample and no error");
        assertThat(PcmMemoryRun.toResult("m_MBW", "h", 1, List.of("garbage"), List.of("line one", "Bye"))
                .unavailableReason()).isEqualTo("not a pcm-memory CSV: no 'Date,Time,...' header row;"
                + " pcm-memory said: line one Bye");
    }

    @Test
    void measurementNames() {
        assertThat(MemoryBandwidthResult.measurementName("cyclictest Idle-Idle")).isEqualTo(
                "kvmfornfv_cyclictest_idle_idle_MBW");
        assertThat(MemoryBandwidthResult.measurementName("CPU_stress-Idle")).isEqualTo("kvmfornfv_cpu_stress_idle_MBW");
        assertThatThrownBy(() -> MemoryBandwidthResult.measurementName("--")).hasMessageContaining("no letters");
    }

    @Test
    void commandAndLifecycleOnANode() {
        assertThat(PcmMemoryRun.command(PcmMemoryOptions.defaults().withIntervalSeconds(0.5), "/tmp/a.csv"))
                .containsExactly("pcm-memory", "0.5", "-csv=/tmp/a.csv");
        assertThat(PcmMemoryRun.command(PcmMemoryOptions.defaults(), "/tmp/a.csv")).containsExactly("pcm-memory", "1",
                "-csv=/tmp/a.csv");
        RecordingNode node = new RecordingNode(c -> {
            if (c.startsWith("setsid ")) {
                return RecordingNode.ok(c, List.of("4242"));
            }
            if (c.startsWith("cat ") && c.contains(".log")) {
                return RecordingNode.ok(c, List.of("Error: unsupported processor."));
            }
            return RecordingNode.ok(c, List.of());
        });
        PcmMemoryRun run = PcmMemoryRun.start(node, PcmMemoryOptions.defaults(), "cyclictest Idle-Idle");
        MemoryBandwidthResult result = run.stop();
        assertThat(run.stop()).isSameAs(result);
        assertThat(result.unavailableReason()).isEqualTo("Error: unsupported processor.");
        assertThat(node.calls().get(0).command()).startsWith("setsid pcm-memory 1 -csv=/tmp/kvm4nfv-pcm-")
                .contains(".csv >/tmp/kvm4nfv-pcm-");
        assertThat(node.calls()).anySatisfy(c -> assertThat(c.command()).startsWith("kill -TERM -4242"));
        assertThat(node.calls().get(node.calls().size() - 1).command()).startsWith("rm -f /tmp/kvm4nfv-pcm-");
        assertThat(node.calls()).allSatisfy(c -> assertThat(c.timeout()).isLessThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void optionsValidate() {
        assertThatThrownBy(() -> PcmMemoryOptions.defaults().withIntervalSeconds(0)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> PcmMemoryOptions.defaults().withBinary(" ")).hasMessageContaining("blank");
    }
}
