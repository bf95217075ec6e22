package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.config.CpuSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Compares {@link TuningFacts} with {@link TuningExpectations}: pure logic, no node access. */
public final class TuningComparison {

    private static final String ABSENT = "(absent)";

    private TuningComparison() {
    }

    /**
     * One row per checked expectation, in a fixed order.
     *
     * @param facts the tuning read from the node
     * @param expected what the tuning should be; {@code null}, {@code false} and empty components are skipped
     * @return the rows, each OK, MISMATCH or UNAVAILABLE
     */
    public static List<TuningRow> rows(TuningFacts facts, TuningExpectations expected) {
        List<TuningRow> rows = new ArrayList<>();
        if (!expected.isolatedCpus().isEmpty()) {
            rows.add(cpuParam(facts, "isolcpus", expected.isolatedCpus()));
            rows.add(sysCpus(facts, "cpu.isolated", expected.isolatedCpus()));
        }
        if (!expected.nohzFullCpus().isEmpty()) {
            rows.add(cpuParam(facts, "nohz_full", expected.nohzFullCpus()));
            rows.add(sysCpus(facts, "cpu.nohz_full", expected.nohzFullCpus()));
        }
        if (!expected.rcuNocbsCpus().isEmpty()) {
            rows.add(cpuParam(facts, "rcu_nocbs", expected.rcuNocbsCpus()));
        }
        if (expected.hugepageSizeKb() != null) {
            rows.add(number(facts, "meminfo.hugepagesize_kb", expected.hugepageSizeKb(), true));
        }
        if (expected.minHugepages() != null) {
            rows.add(atLeast(facts, "meminfo.hugepages_total", expected.minHugepages()));
        }
        if (Boolean.TRUE.equals(expected.idlePoll())) {
            rows.add(param(facts, "idle", "poll"));
        }
        if (Boolean.TRUE.equals(expected.intelPstateOff())) {
            rows.add(intelPstate(facts));
        }
        if (expected.maxCstate() != null) {
            rows.add(cstate(facts, "processor.max_cstate", expected.maxCstate()));
            rows.add(cstate(facts, "intel_idle.max_cstate", expected.maxCstate()));
        }
        if (Boolean.TRUE.equals(expected.tscReliable())) {
            rows.add(param(facts, "tsc", "reliable"));
        }
        if (Boolean.TRUE.equals(expected.mceOff())) {
            rows.add(param(facts, "mce", "off"));
        }
        if (expected.iommu() != null) {
            rows.add(param(facts, "iommu", expected.iommu()));
        }
        if (Boolean.TRUE.equals(expected.rtThrottlingOff())) {
            rows.add(number(facts, "kernel.sched_rt_runtime_us", -1, false));
        }
        if (Boolean.TRUE.equals(expected.watchdogOff())) {
            rows.add(number(facts, "kernel.watchdog", 0, false));
        }
        if (Boolean.TRUE.equals(expected.nmiWatchdogOff())) {
            rows.add(number(facts, "kernel.nmi_watchdog", 0, false));
        }
        if (Boolean.TRUE.equals(expected.irqbalanceStopped())) {
            rows.add(irqbalance(facts));
        }
        if (!expected.isolatedCpus().isEmpty()) {
            rows.add(irqAffinity(facts, expected.isolatedCpus()));
        }
        if (Boolean.TRUE.equals(expected.timerMigrationOff())) {
            rows.add(number(facts, "kernel.timer_migration", 0, false));
        }
        return rows;
    }

    private static TuningRow param(TuningFacts facts, String name, String expected) {
        Optional<String> actual = facts.kernelParam(name);
        if (facts.value("cmdline").isEmpty()) {
            return new TuningRow(name, expected, "/proc/cmdline unreadable", TuningStatus.UNAVAILABLE);
        }
        return new TuningRow(name, expected, actual.orElse(ABSENT),
                actual.filter(expected::equals).isPresent() ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    private static TuningRow cpuParam(TuningFacts facts, String name, CpuSet expected) {
        if (facts.value("cmdline").isEmpty()) {
            return new TuningRow(name, expected.toString(), "/proc/cmdline unreadable", TuningStatus.UNAVAILABLE);
        }
        Optional<String> actual = facts.kernelParam(name);
        if (actual.isEmpty()) {
            return new TuningRow(name, expected.toString(), ABSENT, TuningStatus.MISMATCH);
        }
        Optional<CpuSet> cpus = cpuList(actual.get());
        if (cpus.isEmpty()) {
            return new TuningRow(name, expected.toString(), actual.get(), TuningStatus.MISMATCH);
        }
        return new TuningRow(name, expected.toString(), actual.get(),
                cpus.get().containsAll(expected) ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    /** The cpu list of a parameter such as {@code isolcpus=nohz,domain,2-5}: flag words are skipped. */
    static Optional<CpuSet> cpuList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isEmpty() && Character.isDigit(item.charAt(0))) {
                items.add(item);
            }
        }
        try {
            return Optional.of(CpuSet.parse(String.join(",", items)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static TuningRow sysCpus(TuningFacts facts, String key, CpuSet expected) {
        Optional<String> actual = facts.value(key);
        if (actual.isEmpty()) {
            return new TuningRow(key, expected.toString(), "unreadable", TuningStatus.UNAVAILABLE);
        }
        Optional<CpuSet> cpus = cpuList(actual.get());
        String shown = actual.get().isEmpty() ? "(none)" : actual.get();
        return new TuningRow(key, expected.toString(), shown,
                cpus.filter(c -> c.containsAll(expected)).isPresent() ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    private static TuningRow number(TuningFacts facts, String key, long expected, boolean sizeKb) {
        String shownExpected = sizeKb ? expected + " kB" : String.valueOf(expected);
        Optional<String> actual = facts.value(key);
        if (actual.isEmpty()) {
            return new TuningRow(key, shownExpected, "unreadable", TuningStatus.UNAVAILABLE);
        }
        Optional<Long> n = parseLong(actual.get());
        String shown = sizeKb && n.isPresent() ? n.get() + " kB" : actual.get();
        return new TuningRow(key, shownExpected, shown,
                n.filter(v -> v == expected).isPresent() ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    private static TuningRow atLeast(TuningFacts facts, String key, long min) {
        Optional<String> actual = facts.value(key);
        if (actual.isEmpty()) {
            return new TuningRow(key, ">= " + min, "unreadable", TuningStatus.UNAVAILABLE);
        }
        return new TuningRow(key, ">= " + min, actual.get(),
                parseLong(actual.get()).filter(v -> v >= min).isPresent() ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    private static TuningRow cstate(TuningFacts facts, String name, int max) {
        if (facts.value("cmdline").isEmpty()) {
            return new TuningRow(name, "<= " + max, "/proc/cmdline unreadable", TuningStatus.UNAVAILABLE);
        }
        Optional<String> actual = facts.kernelParam(name);
        return new TuningRow(name, "<= " + max, actual.orElse(ABSENT),
                actual.flatMap(TuningComparison::parseLong).filter(v -> v <= max).isPresent()
                        ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    private static TuningRow intelPstate(TuningFacts facts) {
        String name = "intel_pstate";
        Optional<String> param = facts.kernelParam(name);
        if (param.filter("disable"::equals).isPresent()) {
            return new TuningRow(name, "disable", "disable", TuningStatus.OK);
        }
        Optional<String> status = facts.value("intel_pstate.status");
        if (status.isEmpty()) {
            return new TuningRow(name, "disable", param.map(p -> p + ", ").orElse("") + "no intel_pstate driver",
                    TuningStatus.OK);
        }
        return new TuningRow(name, "disable", param.orElse(ABSENT) + ", driver " + status.get(),
                "off".equals(status.get()) ? TuningStatus.OK : TuningStatus.MISMATCH);
    }

    private static TuningRow irqbalance(TuningFacts facts) {
        Optional<String> pids = facts.value("irqbalance.pids");
        if (pids.isEmpty()) {
            return new TuningRow("irqbalance", "not running", "unreadable", TuningStatus.UNAVAILABLE);
        }
        return pids.get().isBlank()
                ? new TuningRow("irqbalance", "not running", "not running", TuningStatus.OK)
                : new TuningRow("irqbalance", "not running", "running (pid " + pids.get() + ")", TuningStatus.MISMATCH);
    }

    private static TuningRow irqAffinity(TuningFacts facts, CpuSet isolated) {
        String name = "irq affinity";
        String expected = "no IRQ on CPUs " + isolated;
        if (facts.irqAffinity().isEmpty()) {
            return new TuningRow(name, expected, "no /proc/irq affinity readable", TuningStatus.UNAVAILABLE);
        }
        Map<Integer, String> offending = new TreeMap<>();
        for (Map.Entry<Integer, String> irq : facts.irqAffinity().entrySet()) {
            Optional<CpuSet> cpus = cpuList(irq.getValue());
            if (cpus.isEmpty() || !cpus.get().intersection(isolated).isEmpty()) {
                offending.put(irq.getKey(), irq.getValue());
            }
        }
        if (offending.isEmpty()) {
            return new TuningRow(name, expected, facts.irqAffinity().size() + " IRQs, none on isolated CPUs",
                    TuningStatus.OK);
        }
        StringBuilder sb = new StringBuilder();
        offending.entrySet().stream().limit(8).forEach(e -> sb.append(sb.isEmpty() ? "" : " ")
                .append("irq ").append(e.getKey()).append("->").append(e.getValue()));
        if (offending.size() > 8) {
            sb.append(" (+").append(offending.size() - 8).append(" more)");
        }
        return new TuningRow(name, expected, offending.size() + " of " + facts.irqAffinity().size() + " IRQs: " + sb,
                TuningStatus.MISMATCH);
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
