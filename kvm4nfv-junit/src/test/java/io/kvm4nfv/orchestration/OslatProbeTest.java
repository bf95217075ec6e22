package io.kvm4nfv.orchestration;

import io.kvm4nfv.probe.oslat.OslatJsonParser;
import io.kvm4nfv.probe.oslat.OslatOutputParser;
import io.kvm4nfv.result.OslatResult;
import io.kvm4nfv.testing.TestResources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @Oslat(json = true)}: one real run's table and JSON agree; a JSON that differs is refused. */
class OslatProbeTest {

    private static OslatResult table() {
        OslatOutputParser parser = new OslatOutputParser();
        TestResources.text("/oslat/two-cpus.txt").lines().forEach(parser);
        return parser.result("Idle-Idle", List.of("oslat", "-c", "0-1", "-C", "0", "-D", "5"));
    }

    @Test
    void theTableAndTheJsonOfOneRealRunAgree() {
        OslatResult json = OslatJsonParser.parse(TestResources.text("/oslat/two-cpus.json"), "Idle-Idle");
        assertThatCode(() -> OslatProbe.requireSameFigures(table(), json)).doesNotThrowAnyException();
    }

    @Test
    void aJsonWithAnotherMaximumIsRefusedNamingTheColumn() {
        String changed = TestResources.text("/oslat/two-cpus.json").replace("\"max\": 377409", "\"max\": 377408");
        OslatResult json = OslatJsonParser.parse(changed, "Idle-Idle");
        assertThatThrownBy(() -> OslatProbe.requireSameFigures(table(), json))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disagree on column 1").hasMessageContaining("max 377409 us")
                .hasMessageContaining("max 377408 us");
    }
}
