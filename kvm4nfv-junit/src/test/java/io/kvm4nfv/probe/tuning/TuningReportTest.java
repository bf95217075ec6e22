package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.config.CpuSets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TuningReportTest {

    static List<String> fixture(String name) throws IOException {
        try (InputStream in = TuningReportTest.class.getResourceAsStream("/tuning/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void parsesCapturedVmOutput() throws IOException {
        TuningFacts facts = TuningFacts.parse(fixture("debian12-vm.txt"));

        assertThat(facts.value("cpu.online")).contains("0-1");
        assertThat(facts.value("cpu.isolated")).contains("");
        assertThat(facts.value("cpu.nohz_full")).isEmpty();
        assertThat(facts.value("kernel.sched_rt_runtime_us")).contains("950000");
        assertThat(facts.value("meminfo.hugepagesize_kb")).contains("2048");
        assertThat(facts.kernelParam("tsc")).as("the last tsc= wins, as in the kernel").contains("unstable");
        assertThat(facts.kernelParam("quiet")).contains("");
        assertThat(facts.kernelParams()).as("words after -- belong to init").doesNotContainKey("--addr");
        assertThat(facts.irqAffinity()).containsEntry(24, "0").containsEntry(25, "1").hasSize(19);
    }

    @Test
    void untunedVmShowsMismatchesAndUnavailableRows() throws IOException {
        TuningFacts facts = TuningFacts.parse(fixture("debian12-vm.txt"));
        TuningReport report = TuningReport.of("host", TuningPolicy.WARN, facts,
                TuningExpectations.kvm4nfvHost(CpuSet.of(1)));

        assertThat(report.row("isolcpus").orElseThrow()).extracting(TuningRow::actual, TuningRow::status)
                .containsExactly("(absent)", TuningStatus.MISMATCH);
        assertThat(report.row("cpu.isolated").orElseThrow().actual()).isEqualTo("(none)");
        assertThat(report.row("cpu.nohz_full").orElseThrow().status()).as("no such file on this kernel")
                .isEqualTo(TuningStatus.UNAVAILABLE);
        assertThat(report.row("tsc").orElseThrow()).extracting(TuningRow::actual, TuningRow::status)
                .containsExactly("unstable", TuningStatus.MISMATCH);
        assertThat(report.row("kernel.sched_rt_runtime_us").orElseThrow().status()).isEqualTo(TuningStatus.MISMATCH);
        assertThat(report.row("kernel.nmi_watchdog").orElseThrow().status()).isEqualTo(TuningStatus.OK);
        assertThat(report.row("irqbalance").orElseThrow().status()).isEqualTo(TuningStatus.OK);
        assertThat(report.row("intel_pstate").orElseThrow().actual()).isEqualTo("no intel_pstate driver");
        assertThat(report.row("irq affinity").orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(TuningStatus.MISMATCH);
            assertThat(r.actual()).startsWith("10 of 19 IRQs: irq 25->1 irq 26->1").endsWith("(+2 more)");
        });
        assertThat(report.verdict().failed()).as("WARN never fails").isFalse();
        assertThat(report.verdict().warning()).isTrue();
        assertThat(report.verdict().message()).contains("node host:", "tsc: expected reliable, actual unstable");
    }

    @Test
    void tunedHostIsOkExceptTheDeliberateFaults() throws IOException {
        TuningFacts facts = TuningFacts.parse(fixture("tuned-host.txt"));
        TuningReport report = TuningReport.of("pod10-node1", TuningPolicy.FAIL, facts,
                TuningExpectations.fromCpuSets(new CpuSets(CpuSet.parse("11-15,31-35"), CpuSet.EMPTY, CpuSet.EMPTY)));

        assertThat(report.mismatches()).extracting(TuningRow::name).containsExactly("irqbalance", "irq affinity");
        assertThat(report.unavailable()).isEmpty();
        assertThat(report.row("irq affinity").orElseThrow().actual()).isEqualTo("1 of 7 IRQs: irq 42->12");
        assertThat(report.row("irqbalance").orElseThrow().actual()).isEqualTo("running (pid 1423)");
        assertThat(report.row("meminfo.hugepagesize_kb").orElseThrow().actual()).isEqualTo("1048576 kB");
        assertThat(report.verdict().failed()).isTrue();
        assertThat(report.verdict().message()).startsWith("node pod10-node1: 2 tuning mismatches: irqbalance:");
    }

    @Test
    void offPolicyChecksNothing() throws IOException {
        TuningReport report = TuningReport.of("h", TuningPolicy.OFF, TuningFacts.parse(fixture("tuned-host.txt")),
                TuningExpectations.kvm4nfvHost(CpuSet.of(12)));
        assertThat(report.rows()).isEmpty();
        assertThat(report.verdict().failed()).isFalse();
        assertThat(report.verdict().message()).isEqualTo("node h: tuned as expected");
    }

    @Test
    void isolcpusFlagsAreSkippedAndSubsetIsAMismatch() {
        TuningFacts facts = TuningFacts.parse(List.of("format=kvm4nfv-tuning-1",
                "cmdline=isolcpus=nohz,domain,2-5 nohz_full=2-3 rcu_nocbs=", "end=ok"));
        TuningReport report = TuningReport.of("h", TuningPolicy.FAIL, facts, TuningExpectations.kvm4nfvHost(
                CpuSet.parse("2-5")));
        assertThat(report.row("isolcpus").orElseThrow().status()).isEqualTo(TuningStatus.OK);
        assertThat(report.row("nohz_full").orElseThrow().status()).isEqualTo(TuningStatus.MISMATCH);
        assertThat(report.row("rcu_nocbs").orElseThrow().status()).isEqualTo(TuningStatus.MISMATCH);
        assertThat(report.row("cpu.isolated").orElseThrow().status()).isEqualTo(TuningStatus.UNAVAILABLE);
        assertThat(report.row("kernel.watchdog").orElseThrow().status()).isEqualTo(TuningStatus.UNAVAILABLE);
        assertThat(report.row("irq affinity").orElseThrow().status()).isEqualTo(TuningStatus.UNAVAILABLE);
    }

    @Test
    void cstatesAboveTheLimitMismatch() {
        TuningFacts facts = TuningFacts.parse(List.of("format=kvm4nfv-tuning-1",
                "cmdline=processor.max_cstate=3 intel_idle.max_cstate=0", "end=ok"));
        TuningReport report = TuningReport.of("h", TuningPolicy.FAIL, facts, TuningExpectations.kvm4nfvHost(
                CpuSet.EMPTY));
        assertThat(report.row("processor.max_cstate").orElseThrow().status()).isEqualTo(TuningStatus.MISMATCH);
        assertThat(report.row("intel_idle.max_cstate").orElseThrow().status()).isEqualTo(TuningStatus.OK);
        assertThat(report.row("isolcpus")).as("no isolated CPUs expected: not checked").isEmpty();
    }

    @Test
    void tableIsFixedWidth() throws IOException {
        TuningReport report = TuningReport.of("pod10-node1", TuningPolicy.WARN,
                TuningFacts.parse(fixture("tuned-host.txt")), TuningExpectations.kvm4nfvHost(CpuSet.parse("11-15,31-35")));
        String table = report.table();
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Tuning of pod10-node1 (policy WARN)");
        assertThat(lines.get(1)).startsWith("tuning").contains(" | expected").endsWith("| status");
        int bar = lines.get(1).indexOf(" | expected");
        assertThat(lines.subList(3, 3 + report.rows().size()))
                .allSatisfy(l -> assertThat(l.indexOf(" | ")).isEqualTo(bar));
        assertThat(table).contains("kernel.sched_rt_runtime_us | -1 ").contains("| MISMATCH");
        assertThat(lines.get(lines.size() - 1)).isEqualTo((report.rows().size() - 2) + " OK, 2 MISMATCH, 0 UNAVAILABLE");
    }

    @Test
    void rejectsForeignOrIncompleteOutput() {
        assertThatThrownBy(() -> TuningFacts.parse(List.of("hello=world", "end=ok")))
                .hasMessageContaining("format=kvm4nfv-tuning-1");
        assertThatThrownBy(() -> TuningFacts.parse(List.of("format=kvm4nfv-tuning-1", "cmdline=quiet")))
                .hasMessageContaining("incomplete");
    }

    @Test
    void guestExpectationsLeaveHardwareAlone() {
        TuningExpectations guest = TuningExpectations.kvm4nfvGuest(CpuSet.of(1));
        assertThat(guest.iommu()).isNull();
        assertThat(guest.hugepageSizeKb()).isNull();
        assertThat(guest.isolatedCpus()).isEqualTo(CpuSet.of(1));
        assertThatThrownBy(() -> TuningExpectations.kvm4nfvHost(CpuSet.EMPTY).withHugepages(0L, 1))
                .hasMessageContaining("hugepageSizeKb");
    }
}
