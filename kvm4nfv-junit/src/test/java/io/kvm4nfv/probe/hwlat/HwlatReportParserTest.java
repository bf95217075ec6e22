package io.kvm4nfv.probe.hwlat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.HardwareLatencySample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HwlatReportParserTest {

    static final HwlatOptions OPTIONS = HwlatOptions.defaults(30);

    static String fixture(String name) {
        try (InputStream in = HwlatReportParserTest.class.getResourceAsStream("/hwlat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HwlatReportParser parsed(String text) {
        HwlatReportParser parser = new HwlatReportParser();
        text.lines().forEach(parser);
        return parser;
    }

    @Test
    void theRealOutputOfAKernelWithoutTheHwlatTracerIsUnavailable() {
        HwlatReportParser parser = parsed(fixture("unavailable-no-hwlat-tracer.txt"));
        assertThat(parser.pythonError()).contains("DetectorNotAvailable: ('hwlat', 'hwlat tracer not available')");
        HardwareLatencyResult r = parser.result("host1", OPTIONS);
        assertThat(r.available()).isFalse();
        assertThat(r.unavailableReason()).startsWith("the kernel has no hwlat tracer (CONFIG_HWLAT_TRACER)")
                .endsWith("DetectorNotAvailable: ('hwlat', 'hwlat tracer not available')");
        assertThat(r.node()).isEqualTo("host1");
        assertThat(r.thresholdUs()).isEqualTo(10);
        assertThat(r.commandLine()).isEqualTo(OPTIONS.commandLine());
        assertThat(r.summary()).startsWith("hwlat on host1 unavailable: the kernel has no hwlat tracer");
    }

    @Test
    void belowThresholdIsAMaximumOfZeroWithTheFlag() {
        HardwareLatencyResult r = parsed(fixture("below-threshold.txt")).result("host1", OPTIONS);
        assertThat(r.available()).isTrue();
        assertThat(r.belowThreshold()).isTrue();
        assertThat(r.maxLatencyUs()).isZero();
        assertThat(r.samplesRecorded()).isZero();
        assertThat(r.samplesOverThreshold()).isZero();
        assertThat(r.smiCount()).isNull();
        assertThat(r.samples()).isEmpty();
        assertThat(r.thresholdUs()).isEqualTo(10);
        assertThat(r.windowUs()).isEqualTo(1_000_000);
        assertThat(r.widthUs()).isEqualTo(500_000);
        assertThat(r.durationSeconds()).isEqualTo(120);
        assertThat(r.summary()).isEqualTo("hwlat on host1: max below threshold 10 us, 0 samples in 120 s");
    }

    @Test
    void samplesAndSmisAreRead() {
        HardwareLatencyResult r = parsed(fixture("samples-smis.txt")).result("host1", OPTIONS);
        assertThat(r.available()).isTrue();
        assertThat(r.belowThreshold()).isFalse();
        assertThat(r.maxLatencyUs()).isEqualTo(24);
        assertThat(r.samplesRecorded()).isEqualTo(4);
        assertThat(r.samplesOverThreshold()).isEqualTo(4);
        assertThat(r.smiCount()).isEqualTo(3);
        assertThat(r.thresholdUs()).isEqualTo(5);
        assertThat(r.samples()).containsExactly(
                new HardwareLatencySample("1733338512.123456789", 6, 9),
                new HardwareLatencySample("1733338514.223456001", 24, 7),
                new HardwareLatencySample("1733338519.000001000", 5, 11),
                new HardwareLatencySample("1733338527.987654321", 8, 6));
        assertThat(r.summary()).isEqualTo("hwlat on host1: max 24 us over threshold 5 us, 4 samples in 30 s, 3 SMIs");
    }

    @Test
    void perCpuSmiLinesCountWhenTheTotalIsMissing() {
        String text = fixture("samples-smis.txt").replace("SMIs during run: 3\n", "");
        assertThat(parsed(text).result("h", OPTIONS).smiCount()).isEqualTo(3);
    }

    @Test
    void onlyTheLargestSamplesAreKeptInTheirOrder() {
        HwlatReportParser parser = new HwlatReportParser(3);
        List<String> lines = new ArrayList<>(List.of("Max Latency: 90us", "Samples recorded: 6",
                "Samples exceeding threshold: 6"));
        long[] values = {12, 90, 11, 40, 40, 13};
        for (int i = 0; i < values.length; i++) {
            lines.add("ts: 100." + i + ", inner:" + values[i] + ", outer:1");
        }
        lines.forEach(parser);
        assertThat(parser.samples()).extracting(HardwareLatencySample::timestamp)
                .containsExactly("100.1", "100.3", "100.4");
        assertThat(parser.result("h", OPTIONS).samplesRecorded()).isEqualTo(6);
    }

    @Test
    void aNumberBeyondALongNamesLineAndColumn() {
        HwlatReportParser parser = new HwlatReportParser();
        parser.accept("hwlatdetect:  test duration 5 seconds");
        assertThatThrownBy(() -> parser.accept("Max Latency: 99999999999999999999us"))
                .isInstanceOf(HwlatParseException.class)
                .hasMessage("hwlatdetect output line 2, column 14: max latency does not fit a long: "
                        + "'99999999999999999999us'");
        assertThatThrownBy(() -> parser.accept("ts: 1.2, inner:9223372036854775808, outer:1"))
                .hasMessageStartingWith("hwlatdetect output line 3, column 16: inner does not fit a long");
    }

    @Test
    void malformedKnownLinesAreErrorsUnknownLinesAreIgnored() {
        HwlatReportParser parser = new HwlatReportParser();
        parser.accept("some line hwlatdetect does not print");
        parser.accept("Starting test");
        assertThatThrownBy(() -> parser.accept("Samples recorded: many"))
                .hasMessage("hwlatdetect output line 3, column 19: expected the samples recorded (a number) but found 'many'");
        assertThatThrownBy(() -> parser.accept("ts: 1 2, inner:1, outer:1"))
                .hasMessageContaining("timestamp must be 1..40 characters without blanks");
        assertThatThrownBy(() -> parser.accept("ts: " + "1".repeat(41) + ", inner:1, outer:1"))
                .hasMessageContaining("too long");
        parser.accept("Max Latency: 3us");
        assertThatThrownBy(() -> parser.accept("Max Latency: 4us")).hasMessageContaining("'Max Latency' appears twice");
    }

    @Test
    void aMissingSummaryIsAnError() {
        HwlatReportParser parser = parsed("hwlatdetect:  test duration 5 seconds\nStarting test\n");
        assertThat(parser.complete()).isFalse();
        assertThatThrownBy(() -> parser.result("h", OPTIONS)).isInstanceOf(HwlatParseException.class)
                .hasMessage("hwlatdetect output line 0: no 'Max Latency:' line in 2 lines");
    }

    @Test
    void otherReasonsTheMachineCannotMeasure() {
        assertThat(reason("RuntimeError: Must be root")).contains("hwlatdetect must run as root");
        assertThat(reason("RuntimeError: Failed to mount debugfs")).contains("debugfs is not mounted");
        assertThat(reason("PermissionError: [Errno 13] Permission denied: '/sys/kernel/debug/tracing/tracing_on'"))
                .contains("denied access");
        assertThat(reason("__main__.DetectorNotAvailable: ('hwlat', 'hwlat tracer not available')"))
                .contains("no hwlat tracer");
    }

    @Test
    void anotherPythonErrorIsAFailureNotUnavailable() {
        HwlatReportParser parser = parsed("hwlatdetect:  test duration 5 seconds\nTraceback (most recent call last):\n"
                + "  File \"/usr/sbin/hwlatdetect\", line 105, in putval\n    f.write(str(value))\nStarting test\n"
                + "OSError: [Errno 22] Invalid argument\n");
        assertThat(parser.unavailableReason()).isEmpty();
        assertThat(parser.pythonError()).contains("OSError: [Errno 22] Invalid argument");
        assertThatThrownBy(() -> parser.result("h", OPTIONS))
                .hasMessageContaining("hwlatdetect failed: OSError: [Errno 22] Invalid argument");
    }

    @Test
    void exceptionLinesAreRecognised() {
        assertThat(HwlatReportParser.exceptionLine("RuntimeError: Must be root")).isTrue();
        assertThat(HwlatReportParser.exceptionLine("KeyboardInterrupt")).isTrue();
        assertThat(HwlatReportParser.exceptionLine("Starting test")).isFalse();
        assertThat(HwlatReportParser.exceptionLine("test finished")).isFalse();
        assertThat(HwlatReportParser.exceptionLine("")).isFalse();
        assertThat(HwlatReportParser.exceptionLine("1Error: x")).isFalse();
    }

    @Test
    void theResultSerialisesToJsonAndBack() throws Exception {
        HardwareLatencyResult r = parsed(fixture("samples-smis.txt")).result("host1", OPTIONS)
                .withRawOutputFile("target/hwlat.txt");
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(r);
        assertThat(text).contains("\"maxLatencyUs\":24", "\"smiCount\":3", "\"innerUs\":24").doesNotContain("summary");
        assertThat(json.readValue(text, HardwareLatencyResult.class)).isEqualTo(r);
        HardwareLatencyResult u = parsed(fixture("unavailable-no-hwlat-tracer.txt")).result("host1", OPTIONS);
        assertThat(json.readValue(json.writeValueAsString(u), HardwareLatencyResult.class)).isEqualTo(u);
    }

    private static String reason(String exceptionLine) {
        HwlatReportParser parser = parsed("Traceback (most recent call last):\n  File \"x\", line 1\n" + exceptionLine);
        return parser.unavailableReason().orElseThrow();
    }
}
