package io.kvm4nfv.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registry line can only ever name one plain thing: the checks of {@link LabResource}. */
class LabResourceTest {

    @Test
    void linesNameKindOwnerAndWhatToFind() {
        assertThat(LabResource.namespace("fwd:k4n-1x0-", "k4n-1x0-tg0").line()).isEqualTo("netns fwd:k4n-1x0- k4n-1x0-tg0");
        assertThat(LabResource.link("o", null, "kt1v1n0").line()).isEqualTo("link o - kt1v1n0");
        assertThat(LabResource.link("o", "ns1", "v1n0").line()).isEqualTo("link o ns1 v1n0");
        assertThat(LabResource.ovsBridge("o", "/tmp/r/db.sock", "br").line()).isEqualTo("ovs-bridge o /tmp/r/db.sock br");
        assertThat(LabResource.folder("o", "/tmp/k4n-1x0-run").line()).isEqualTo("dir o /tmp/k4n-1x0-run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/tmp", "tmp/x", "/tmp/", "/tmp/../etc", "/tmp/a/..", "/tmp/./a", "/tmp//a", "/tmp/a b",
            "/tmp/a'b", "/tmp/$(x)", "/tmp/a\nb", ""})
    void pathsMustBeAbsoluteNormalisedPlainAndTwoLevelsDeep(String path) {
        assertThatThrownBy(() -> LabResource.folder("o", path)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabResource.socket("o", path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a b", "sixteen-chars-xx", "a;b", "-"})
    void namesArePlainAndFitALinkName(String name) {
        assertThatThrownBy(() -> LabResource.namespace("o", name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabResource.link("o", null, name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOwnerIsOneWord() {
        assertThatThrownBy(() -> LabResource.namespace("two words", "ns")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabResource.namespace("", "ns")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noneRegistersNothing() {
        Reaper.Registration r = LabResources.none().register(LabResource.namespace("o", "ns"));
        assertThat(r.file()).isNull();
        r.close();
        r.close();
    }
}
