package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.HardwareLatencySample;
import io.kvm4nfv.testing.Fuzz;
import io.kvm4nfv.testing.Mutate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link HwlatReportParser}: outputs rendered with hwlatdetect's own format strings
 * from generated figures parse to exactly those figures; mutations of them parse to a result or
 * fail with a {@link HwlatParseException} that says where; hostile numbers never size its memory.
 */
class HwlatFuzzTest {

    private static final List<String> TOKENS = List.of("Max Latency: ", "Below threshold", "Samples recorded: ",
            "Samples exceeding threshold: ", "SMIs during run: ", " SMIs occured on cpu ", "ts: ", ", inner:",
            ", outer:", "us", "Traceback (most recent call last):", "DetectorNotAvailable: ('hwlat', 'x')",
            "RuntimeError: Must be root", "OSError: x", "        Latency threshold: ", "\u001B[2A", "\t");

    /** Generated figures and the output hwlatdetect prints for them. */
    record Case(String output, long threshold, long window, long width, long duration, List<HardwareLatencySample> samples,
                Integer smis) {
    }

    static Case valid(Random r) {
        long threshold = 1 + r.nextInt(100);
        long width = 1 + r.nextInt(1_000_000);
        long window = width + 1 + r.nextInt(1_000_000);
        long duration = 1 + r.nextInt(86_400);
        String cpus = r.nextBoolean() ? "None" : "0-" + r.nextInt(64);
        List<HardwareLatencySample> samples = new ArrayList<>();
        for (int i = 0, n = r.nextInt(4) == 0 ? 0 : r.nextInt(40); i < n; i++) {
            samples.add(new HardwareLatencySample(1_700_000_000 + i + "." + String.format("%09d", r.nextInt(1_000_000_000)),
                    r.nextInt(r.nextBoolean() ? 50 : 100_000), r.nextInt(200)));
        }
        long max = samples.stream().mapToLong(HardwareLatencySample::largestUs).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("hwlatdetect:  test duration %d seconds%n", duration));
        sb.append("   detector: tracer\n   parameters:\n");
        sb.append(String.format("        CPU list:          %s%n", cpus));
        sb.append(String.format("        Latency threshold: %dus%n", threshold));
        sb.append(String.format("        Sample window:     %dus%n", window));
        sb.append(String.format("        Sample width:      %dus%n", width));
        sb.append(String.format("     Non-sampling period:  %dus%n", window - width));
        sb.append("        Output File:       None\n\nStarting test\ntest finished\n");
        sb.append(max == 0 ? "Max Latency: Below threshold\n" : String.format("Max Latency: %dus%n", max));
        sb.append(String.format("Samples recorded: %d%n", samples.size()));
        sb.append(String.format("Samples exceeding threshold: %d%n", samples.size()));
        Integer smis = null;
        if (r.nextBoolean()) {
            int total = 0;
            for (int cpu = 0, n = 1 + r.nextInt(4); cpu < n; cpu++) {
                int s = r.nextInt(3);
                if (s > 0) {
                    sb.append(String.format("%d SMIs occured on cpu %d%n", s, cpu));
                    total += s;
                }
            }
            sb.append(String.format("SMIs during run: %d%n", total));
            smis = total;
        }
        for (HardwareLatencySample s : samples) {
            sb.append(String.format("ts: %s, inner:%d, outer:%d%n", s.timestamp(), s.innerUs(), s.outerUs()));
        }
        return new Case(sb.toString(), threshold, window, width, duration, samples, smis);
    }

    static HardwareLatencyResult parse(String output) {
        HwlatReportParser parser = new HwlatReportParser();
        output.lines().forEach(parser);
        return parser.result("host1", HwlatOptions.defaults(1));
    }

    static void resultOrItsOwnError(String output) {
        try {
            parse(output);
        } catch (HwlatParseException e) {
            assertThat(e.getMessage()).as("message of %s", e).startsWith("hwlatdetect output ");
        }
    }

    @Test
    void validOutputsParseToTheirFigures() {
        Fuzz.property("hwlat valid", 800).showing(c -> ((Case) c).output()).forAll(HwlatFuzzTest::valid, c -> {
            HardwareLatencyResult r = parse(c.output());
            long max = c.samples().stream().mapToLong(HardwareLatencySample::largestUs).max().orElse(0);
            assertThat(r.available()).isTrue();
            assertThat(r.maxLatencyUs()).isEqualTo(max);
            assertThat(r.belowThreshold()).isEqualTo(max == 0);
            assertThat(r.samplesRecorded()).isEqualTo(c.samples().size());
            assertThat(r.samplesOverThreshold()).isEqualTo(c.samples().size());
            assertThat(r.samples()).isEqualTo(c.samples());
            assertThat(r.smiCount()).isEqualTo(c.smis());
            assertThat(r.thresholdUs()).isEqualTo(c.threshold());
            assertThat(r.windowUs()).isEqualTo(c.window());
            assertThat(r.widthUs()).isEqualTo(c.width());
            assertThat(r.durationSeconds()).isEqualTo(c.duration());
        });
    }

    @Test
    void mutatedOutputsGiveAResultOrAParseErrorNamingTheLine() {
        Fuzz.property("hwlat mutated", 4000)
                .forAll(r -> Mutate.text(r, valid(r).output(), TOKENS), HwlatFuzzTest::resultOrItsOwnError);
    }

    @Test
    void numbersInTheInputNeverSizeTheParsersMemory() {
        List<String> shapes = List.of("Max Latency: %sus", "Samples recorded: %s", "Samples exceeding threshold: %s",
                "SMIs during run: %s", "%s SMIs occured on cpu %s", "ts: %s, inner:%s, outer:%s",
                "        Latency threshold: %sus", "        Sample window:     %sus", "hwlatdetect:  test duration %s seconds");
        Fuzz.property("hwlat huge numbers", 600)
                .forAll(r -> {
                    String shape = shapes.get(r.nextInt(shapes.size()));
                    String number = r.nextBoolean() ? Mutate.HOSTILE.get(r.nextInt(3))
                            : Long.toString((long) Math.pow(10, 3 + r.nextInt(16)) + r.nextInt(10));
                    return shape.replace("%s", number);
                }, HwlatFuzzTest::resultOrItsOwnError);
    }
}
