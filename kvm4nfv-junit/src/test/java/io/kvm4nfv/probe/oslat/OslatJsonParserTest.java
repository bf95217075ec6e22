package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.result.OslatResult;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OslatJsonParserTest {

    private static String twoCpus() {
        return OslatFixture.text("two-cpus.json");
    }

    private static void refused(String json, String... message) {
        assertThatThrownBy(() -> OslatJsonParser.parse(json, "Idle-Idle"))
                .isInstanceOf(OslatParseException.class).hasMessageStartingWith("oslat JSON")
                .satisfies(e -> assertThat(e.getMessage()).contains(message));
    }

    @Test
    void theLastBucketComesFromTheBucketCountOfTheCommandLine() {
        OslatResult r = OslatJsonParser.parse(twoCpus(), "Idle-Idle");
        assertThat(r.cpu(1).histogram().rangeUs()).isEqualTo(32);
        assertThat(r.cpu(1).histogram().overflows()).isEqualTo(2212);
        String b64 = twoCpus().replace("-D 5 --json", "-b64 --json");
        assertThat(OslatJsonParser.parse(b64, "Idle-Idle").cpu(1).histogram().buckets()).containsEntry(32, 2212L);
        assertThat(OslatJsonParser.parse(b64, "Idle-Idle").cpu(1).histogram().rangeUs()).isEqualTo(64);
        String longOption = twoCpus().replace("-D 5 --json", "--bucket-size=40 -qB --json");
        assertThat(OslatJsonParser.parse(longOption, "Idle-Idle", OptionalLong.of(0)).cpu(0).histogram().rangeUs())
                .isEqualTo(40);
    }

    @Test
    void aSyntaxErrorNamesItsLineAndColumn() {
        assertThatThrownBy(() -> OslatJsonParser.parse(twoCpus().replace("\"freq\": 2095,", "\"freq\": 2095"),
                "Idle-Idle")).isInstanceOfSatisfying(OslatParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(62);
                    assertThat(e.getMessage()).startsWith("oslat JSON line 62 column ");
                });
        refused(twoCpus().replace("\"freq\": 2095,", "\"freq\": 2095, \"freq\": 1,"), "Duplicate field 'freq'");
    }

    @Test
    void figuresOutsideTheirRangeAreRefusedNamingThreadAndKey() {
        refused(twoCpus().replace("\"max\": 377409", "\"max\": 18446744073709551615"), "thread 1: \"max\" is ",
                "not a whole number");
        refused(twoCpus().replace("\"avg\": 1.055336", "\"avg\": -1"), "thread 1: \"avg\" is '-1'");
        refused(twoCpus().replace("\"32\": 2212", "\"33\": 2212"), "thread 1: histogram bucket 33 us is outside 1..32");
        refused(twoCpus().replace("\"1\": 60124833", "\"x\": 60124833"), "thread 1: histogram bucket 'x'");
        refused(twoCpus().replace("\"num_threads\": 2", "\"num_threads\": 3"), "\"num_threads\": '3' but lists 2");
        refused(twoCpus().replace("    \"1\": {", "    \"7\": {"), "thread key 7 is outside 0..1");
        refused(twoCpus().replace("-D 5", "-b 2000"), "asks for '2000' buckets");
        refused(twoCpus().replace("\"min\": 1,\n      \"avg\": 1.047939", "\"min\": 80000,\n      \"avg\": 1.047939"),
                "thread 0: CPU 0: minimum 80000 us above maximum 74103 us");
        refused("[]", "is not a JSON object");
    }
}
