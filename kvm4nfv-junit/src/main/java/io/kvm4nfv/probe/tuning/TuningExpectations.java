package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.config.CpuSets;

import java.util.Objects;

/**
 * What a node's kernel and BIOS tuning should be. A {@code null} component (or an empty
 * CPU set) means "not checked": its row is left out of the report.
 *
 * @param isolatedCpus      CPUs expected in {@code isolcpus=} and {@code /sys/devices/system/cpu/isolated};
 *                          also the CPUs no IRQ may target
 * @param nohzFullCpus      CPUs expected in {@code nohz_full=}
 * @param rcuNocbsCpus      CPUs expected in {@code rcu_nocbs=}
 * @param hugepageSizeKb    expected huge page size in KiB (1 GiB = 1048576)
 * @param minHugepages      at least this many huge pages reserved
 * @param idlePoll          {@code idle=poll}
 * @param intelPstateOff    {@code intel_pstate=disable} (or no intel_pstate driver at all)
 * @param maxCstate         {@code processor.max_cstate} and {@code intel_idle.max_cstate} at most this
 * @param tscReliable       {@code tsc=reliable}
 * @param mceOff            {@code mce=off}
 * @param iommu             expected {@code iommu=} value, e.g. {@code pt}
 * @param rtThrottlingOff   {@code /proc/sys/kernel/sched_rt_runtime_us} = -1
 * @param watchdogOff       {@code /proc/sys/kernel/watchdog} = 0
 * @param nmiWatchdogOff    {@code /proc/sys/kernel/nmi_watchdog} = 0
 * @param irqbalanceStopped no irqbalance process runs
 * @param timerMigrationOff {@code /proc/sys/kernel/timer_migration} = 0
 */
public record TuningExpectations(CpuSet isolatedCpus, CpuSet nohzFullCpus, CpuSet rcuNocbsCpus,
                                 Long hugepageSizeKb, Integer minHugepages, Boolean idlePoll,
                                 Boolean intelPstateOff, Integer maxCstate, Boolean tscReliable, Boolean mceOff,
                                 String iommu, Boolean rtThrottlingOff, Boolean watchdogOff,
                                 Boolean nmiWatchdogOff, Boolean irqbalanceStopped, Boolean timerMigrationOff) {

    /** Components that are not checked: their rows are left out of the report. */
    private static final Long UNCHECKED_KB = null;
    private static final Integer UNCHECKED_NUMBER = null;
    private static final Boolean UNCHECKED = null;
    private static final String UNCHECKED_VALUE = null;

    /** 1 GiB huge pages, as the KVM4NFV hosts used. */
    public static final long HUGEPAGE_1G_KB = 1024 * 1024;

    /**
     * Replaces {@code null} CPU sets with empty ones (not checked) and checks the numbers.
     *
     * @param isolatedCpus CPUs expected isolated and free of IRQs; {@code null} = not checked
     * @param nohzFullCpus CPUs expected in {@code nohz_full=}; {@code null} = not checked
     * @param rcuNocbsCpus CPUs expected in {@code rcu_nocbs=}; {@code null} = not checked
     * @param hugepageSizeKb expected huge page size in KiB, &gt; 0; {@code null} = not checked
     * @param minHugepages least number of huge pages reserved, &gt;= 0; {@code null} = not checked
     * @param idlePoll {@code true} to expect {@code idle=poll}; {@code null} or {@code false} = not checked
     * @param intelPstateOff {@code true} to expect {@code intel_pstate=disable}; {@code null} or
     *                       {@code false} = not checked
     * @param maxCstate deepest C-state allowed, &gt;= 0; {@code null} = not checked
     * @param tscReliable {@code true} to expect {@code tsc=reliable}; {@code null} or {@code false} = not checked
     * @param mceOff {@code true} to expect {@code mce=off}; {@code null} or {@code false} = not checked
     * @param iommu expected {@code iommu=} value; {@code null} = not checked
     * @param rtThrottlingOff {@code true} to expect RT throttling off; {@code null} or {@code false} = not checked
     * @param watchdogOff {@code true} to expect the lockup watchdog off; {@code null} or {@code false} = not checked
     * @param nmiWatchdogOff {@code true} to expect the NMI watchdog off; {@code null} or {@code false} = not checked
     * @param irqbalanceStopped {@code true} to expect no irqbalance process; {@code null} or
     *                          {@code false} = not checked
     * @param timerMigrationOff {@code true} to expect timer migration off; {@code null} or {@code false} = not checked
     * @throws IllegalArgumentException when the huge page size is not positive, or a count or C-state is negative
     */
    public TuningExpectations {
        isolatedCpus = Objects.requireNonNullElse(isolatedCpus, CpuSet.EMPTY);
        nohzFullCpus = Objects.requireNonNullElse(nohzFullCpus, CpuSet.EMPTY);
        rcuNocbsCpus = Objects.requireNonNullElse(rcuNocbsCpus, CpuSet.EMPTY);
        if (hugepageSizeKb != null && hugepageSizeKb <= 0) {
            throw new IllegalArgumentException("hugepageSizeKb must be > 0: " + hugepageSizeKb);
        }
        if (minHugepages != null && minHugepages < 0) {
            throw new IllegalArgumentException("minHugepages must be >= 0: " + minHugepages);
        }
        if (maxCstate != null && maxCstate < 0) {
            throw new IllegalArgumentException("maxCstate must be >= 0: " + maxCstate);
        }
    }

    /**
     * The KVM4NFV low-latency host tuning for the given isolated CPUs: isolcpus, nohz_full and
     * rcu_nocbs on them, 1 GiB huge pages (at least one), idle=poll, intel_pstate=disable,
     * C-states at most 1, tsc=reliable, mce=off, iommu=pt, RT throttling, watchdogs, irqbalance
     * and timer migration off, no IRQ on an isolated CPU.
     *
     * @param isolated the host's isolated CPUs (the pod's {@code cpus.isolated})
     * @return the full host expectations
     */
    public static TuningExpectations kvm4nfvHost(CpuSet isolated) {
        return new TuningExpectations(isolated, isolated, isolated, HUGEPAGE_1G_KB, 1, true, true, 1, true, true,
                "pt", true, true, true, true, true);
    }

    /**
     * The KVM4NFV guest tuning: the host's without the hardware-only parts (iommu, intel_pstate,
     * C-states, huge page size are the host's business; the guest still isolates its measured CPUs).
     *
     * @param isolated the guest's isolated CPUs
     * @return the guest expectations; iommu, intel_pstate, C-states and huge pages not checked
     */
    public static TuningExpectations kvm4nfvGuest(CpuSet isolated) {
        return new TuningExpectations(isolated, isolated, isolated, UNCHECKED_KB, UNCHECKED_NUMBER, true, UNCHECKED,
                UNCHECKED_NUMBER, UNCHECKED, true, UNCHECKED_VALUE, true, true, true, true, true);
    }

    /**
     * {@link #kvm4nfvHost(CpuSet)} for a node's CPU plan (its isolated CPUs).
     *
     * @param cpus the node's CPU plan from the pod file
     * @return the host expectations for the plan's isolated CPUs
     */
    public static TuningExpectations fromCpuSets(CpuSets cpus) {
        return kvm4nfvHost(cpus.isolated());
    }

    /**
     * A copy with other isolated CPUs (also used for nohz_full and rcu_nocbs).
     *
     * @param cpus the isolated CPUs; empty = not checked
     * @return a copy expecting {@code cpus} in isolcpus, nohz_full and rcu_nocbs
     */
    public TuningExpectations withIsolatedCpus(CpuSet cpus) {
        return new TuningExpectations(cpus, cpus, cpus, hugepageSizeKb, minHugepages, idlePoll, intelPstateOff,
                maxCstate, tscReliable, mceOff, iommu, rtThrottlingOff, watchdogOff, nmiWatchdogOff,
                irqbalanceStopped, timerMigrationOff);
    }

    /**
     * A copy with another huge page expectation ({@code null}s: not checked).
     *
     * @param sizeKb expected huge page size in KiB, or {@code null}
     * @param min least number of huge pages reserved, or {@code null}
     * @return a copy with the huge page expectations replaced
     */
    public TuningExpectations withHugepages(Long sizeKb, Integer min) {
        return new TuningExpectations(isolatedCpus, nohzFullCpus, rcuNocbsCpus, sizeKb, min, idlePoll,
                intelPstateOff, maxCstate, tscReliable, mceOff, iommu, rtThrottlingOff, watchdogOff, nmiWatchdogOff,
                irqbalanceStopped, timerMigrationOff);
    }
}
