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
                .isInstanceOf(CyclictestParseException.class).hasMessageContaining("range (-h) is unknown");
    }

    @Test
    void runWithoutHistogramGivesCyclictestsOwnFigures() {
        // cyclictest -m -i 1000 -l 20 -t 2 -q --json=...: every thread has "histogram": {} without -h
        CyclictestResult r = CyclictestJsonParser.parse(Fixture.text("json-no-histogram.json"), "Idle-Idle");
        assertThat(r.threads()).hasSize(2);
        assertThat(r.thread(0).samples()).isEqualTo(20);
        assertThat(r.thread(0).minUs()).isEqualTo(80);
        assertThat(r.thread(0).avgUs()).isEqualTo(111.90);
        assertThat(r.thread(0).maxUs()).isEqualTo(483);
        assertThat(r.thread(1).samples()).isEqualTo(15);
        assertThat(r.thread(1).avgUs()).isEqualTo(163.20);
        assertThat(r.thread(1).maxUs()).isEqualTo(1240);
        assertThat(r.threads()).allSatisfy(t -> assertThat(t.histogram()).isNull());
        assertThat(r.thread(0).percentiles()).isEmpty();
    }

    @Test
    void emptyHistogramWithARangeMeansEverySampleOverflowed() {
        // cyclictest -h 10 with every latency above 10 us writes "histogram": {} too
        String json = """
                {"cmdline:": "cyclictest -i 1000 -l 20 -h 10 -q", "thread": {"0": {"histogram": {},
                 "cycles": 20, "min": 78, "max": 2073, "avg": 150.5}}}
                """;
        CyclictestResult r = CyclictestJsonParser.parse(json, "Idle-Idle");
        assertThat(r.thread(0).histogram().rangeUs()).isEqualTo(10);
        assertThat(r.thread(0).overflows()).isEqualTo(20);
        assertThat(r.thread(0).percentile(0.5).orElseThrow().aboveHistogramRange()).isTrue();
    }

    @Test
    void hostileThreadKeysBucketsAndRangesAreParseErrors() {
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\"thread\":{\"0\":{\"cycles\":0},\"2\":{\"cycles\":0}}}",
                "x")).isInstanceOf(CyclictestParseException.class).hasMessageContaining("thread key \"2\"");
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\"thread\":{\"100000000\":{\"cycles\":0}}}", "x"))
                .isInstanceOf(CyclictestParseException.class);
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\"cmdline:\":\"cyclictest -h 99999999999\","
                + "\"thread\":{\"0\":{\"cycles\":0}}}", "x")).isInstanceOf(CyclictestParseException.class)
                .hasMessageContaining("more than 1000000");
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\"cmdline:\":\"cyclictest -h 5\",\"thread\":{\"0\":"
                + "{\"cycles\":9,\"min\":1,\"max\":1,\"avg\":1,\"histogram\":{\"4096\":1}}}}", "x"))
                .isInstanceOf(CyclictestParseException.class).hasMessageContaining("bucket \"4096\"");
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\"thread\":{\"0\":{\"cycles\":99999999999999999999999}}}",
                "x")).isInstanceOf(CyclictestParseException.class).hasMessageContaining("\"cycles\"");
        assertThatThrownBy(() -> CyclictestJsonParser.parse("{\n\"thread\": [,\n", "x"))
                .isInstanceOf(CyclictestParseException.class).hasMessageStartingWith("cyclictest JSON line 2 column");
    }
}
