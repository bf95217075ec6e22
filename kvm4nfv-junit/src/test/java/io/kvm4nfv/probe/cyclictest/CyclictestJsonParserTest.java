package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ThreadLatency;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The --json file, checked against the text histogram of the same run. */
class CyclictestJsonParserTest {

    @Test
    void jsonFileMatchesTheTextHistogramOfTheSameRun() {
        CyclictestResult json = CyclictestJsonParser.parse(Fixture.text("json-run.json"), "Idle-Idle");
        CyclictestResult text = Fixture.parsed("json-run.txt").result("Idle-Idle", List.of(), 100);

        assertThat(json.commandLine()).containsExactly("cyclictest", "-m", "-p", "99", "-i", "1000", "-l", "1000",
                "-t", "2", "-a", "0,1", "-h", "100", "-q", "--json=/tmp/cyc/run.json");
        assertThat(json.threads()).hasSize(2);
        for (int t = 0; t < 2; t++) {
            ThreadLatency j = json.thread(t);
            ThreadLatency x = text.thread(t);
            assertThat(j.samples()).isEqualTo(1000).isEqualTo(x.samples());
            assertThat(j.minUs()).isEqualTo(x.minUs());
            assertThat(j.maxUs()).isEqualTo(x.maxUs());
            assertThat(j.histogram().rangeUs()).isEqualTo(100);
            assertThat(j.histogram().buckets()).isEqualTo(x.histogram().buckets());
            assertThat(j.overflows()).isEqualTo(x.overflows());
            assertThat(j.percentiles()).isEqualTo(x.percentiles());
            // text prints the avg truncated to whole µs, JSON keeps the fraction
            assertThat((long) j.avgUs()).isEqualTo((long) x.avgUs());
        }
        // hand-checked from json-run.json
        assertThat(json.thread(0).avgUs()).isEqualTo(69.99);
        assertThat(json.thread(1).avgUs()).isEqualTo(45.04);
        assertThat(json.thread(0).overflows()).isEqualTo(8);
        assertThat(json.thread(1).overflows()).isEqualTo(3);
        assertThat(json.thread(0).maxUs()).isEqualTo(3240);
        assertThat(json.thread(1).minUs()).isEqualTo(42);
        assertThat(json.aggregate().avgUs()).isEqualTo((69.99 * 1000 + 45.04 * 1000) / 2000);
    }

    @Test
    void histogramRangeComesFromTheCommandLine() {
        assertThat(CyclictestJsonParser.histogramRange("cyclictest -m -h 100 -q")).isEqualTo(100);
        assertThat(CyclictestJsonParser.histogramRange("cyclictest -h100")).isEqualTo(100);
        assertThat(CyclictestJsonParser.histogramRange("cyclictest --histogram=250")).isEqualTo(250);
        assertThat(CyclictestJsonParser.histogramRange("cyclictest -q")).isZero();
    }

    @Test
    void threadWithoutHistogramAndNoSamples() {
        String json = """
                {"cmdline:": "cyclictest -q", "rt_test_version:": "2.40",
                 "thread": {"0": {"cycles": 10, "min": 3, "max": 9, "avg": 4.5},
                            "1": {"cycles": 0, "min": 1000000, "max": 0, "avg": 0}}}
                """;
        CyclictestResult r = CyclictestJsonParser.parse(json, "Idle-Idle");
        assertThat(r.thread(0).histogram()).isNull();
        assertThat(r.thread(0).avgUs()).isEqualTo(4.5);
        assertThat(r.thread(1).hasSamples()).isFalse();
        assertThat(r.aggregate().samples()).isEqualTo(10);
    }

    @Test
    void rejectsBrokenInput() {
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{}", "x")).hasMessageContaining("\"thread\"");
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\"thread\":{\"0\":{\"cycles\":5}}}", "x"))
                .hasMessageContaining("\"min\"");
        assertThatThrownBy(() -> CyclictestJsonParser.parse(
                "{\"thread\":{\"0\":{\"cycles\":5,\"min\":1,\"max\":2,\"avg\":1.5,\"histogram\":{\"1\":5}}}}", "x"))
                .hasMessageContaining("range (-h) is unknown");
    }
}
