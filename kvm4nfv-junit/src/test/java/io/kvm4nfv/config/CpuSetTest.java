package io.kvm4nfv.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuSetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|0",
            "2-5,8|2-5,8",
            "8,2-5|2-5,8",
            "1,2,3,7|1-3,7",
            "11-15,31-35|11-15,31-35",
            "3-3|3",
            "0-1, 4|0-1,4",
            "5,5,5|5"})
    void parsesAndFormatsCanonically(String input, String canonical) {
        CpuSet set = CpuSet.parse(input);
        assertThat(set).hasToString(canonical);
        assertThat(CpuSet.parse(set.toString())).isEqualTo(set);
    }

    @Test
    void listsTheCpus() {
        assertThat(CpuSet.parse("2-5,8").cpus()).containsExactly(2, 3, 4, 5, 8);
        assertThat(CpuSet.parse("2-5,8").size()).isEqualTo(5);
        assertThat(CpuSet.parse("").isEmpty()).isTrue();
        assertThat(CpuSet.parse(null)).isEqualTo(CpuSet.EMPTY);
        assertThat(CpuSet.EMPTY).hasToString("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5-2", "a", "1,,2", "1-", "-1", "1-2-3", "0x3", "1;2", "8192", "0-2147483647",
            "99999999999", "2-5:2", "$(reboot)"})
    void rejectsInvalidLists(String input) {
        assertThatThrownBy(() -> CpuSet.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid cpu list");
    }

    @Test
    void setOperations() {
        CpuSet a = CpuSet.parse("0-3");
        CpuSet b = CpuSet.parse("2-5");
        assertThat(a.intersection(b)).hasToString("2-3");
        assertThat(a.union(b)).hasToString("0-5");
        assertThat(a.containsAll(CpuSet.of(1, 2))).isTrue();
        assertThat(a.containsAll(b)).isFalse();
        assertThat(a.contains(3)).isTrue();
        assertThat(a.contains(4)).isFalse();
        assertThat(CpuSet.of(3, 1, 2)).isEqualTo(CpuSet.parse("1-3"));
    }

    @Test
    void stressMustNotOverlapVcpus() {
        assertThatThrownBy(() -> new CpuSets(CpuSet.EMPTY, CpuSet.parse("2-3"), CpuSet.parse("3-4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stress CPUs 3-4 overlap vcpu CPUs 2-3 (both: 3)");
        assertThat(new CpuSets(CpuSet.parse("2-5"), CpuSet.parse("2-3"), CpuSet.parse("0-1")))
                .hasToString("isolated=2-5 vcpu=2-3 stress=0-1");
        assertThat(new CpuSets(null, null, null)).isEqualTo(CpuSets.NONE);
    }
}
