package io.kvm4nfv.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A set of CPU numbers written as a Linux cpu list ({@code 2-5,8}), as used by
 * {@code isolcpus=}, {@code taskset -c}, {@code cyclictest -a} and cgroup cpusets.
 * Immutable; {@link #toString()} gives the canonical cpu list (ranges merged, sorted).
 *
 * @param cpus the CPU numbers, ascending, without duplicates
 */
public record CpuSet(List<Integer> cpus) {

    /** The highest CPU number accepted (Linux's default {@code NR_CPUS} limit). */
    public static final int MAX_CPU = 8191;

    /** No CPU. */
    public static final CpuSet EMPTY = new CpuSet(List.of());

    /**
     * Checks the CPU numbers and keeps them sorted and without duplicates.
     *
     * @param cpus the CPU numbers in any order, each in {@code 0 .. MAX_CPU}; not {@code null}
     * @throws IllegalArgumentException when a CPU number is {@code null} or out of range
     */
    public CpuSet {
        BitSet bits = new BitSet();
        for (Integer cpu : cpus) {
            if (cpu == null || cpu < 0 || cpu > MAX_CPU) {
                throw new IllegalArgumentException("cpu number out of range 0-" + MAX_CPU + ": " + cpu);
            }
            bits.set(cpu);
        }
        cpus = bits.stream().boxed().toList();
    }

    /**
     * The given CPUs.
     *
     * @param cpus CPU numbers, each in {@code 0 .. MAX_CPU}, in any order
     * @return the set of {@code cpus}, sorted, duplicates dropped
     */
    public static CpuSet of(int... cpus) {
        List<Integer> list = new ArrayList<>();
        for (int cpu : cpus) {
            list.add(cpu);
        }
        return new CpuSet(list);
    }

    /**
     * Parses a Linux cpu list: comma-separated CPU numbers and inclusive ranges
     * ({@code 0}, {@code 2-5,8}, {@code 11-15,31-35}). Blank means empty.
     *
     * @param cpuList the cpu list, or {@code null}
     * @return the CPUs listed; {@link #EMPTY} for {@code null} or blank
     * @throws IllegalArgumentException naming the bad item
     */
    public static CpuSet parse(String cpuList) {
        if (cpuList == null || cpuList.isBlank()) {
            return EMPTY;
        }
        BitSet bits = new BitSet();
        for (String raw : cpuList.split(",", -1)) {
            String item = raw.trim();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("invalid cpu list '" + cpuList + "': empty item");
            }
            int dash = item.indexOf('-', 1);
            int from = number(cpuList, dash < 0 ? item : item.substring(0, dash));
            int to = dash < 0 ? from : number(cpuList, item.substring(dash + 1));
            if (to < from) {
                throw new IllegalArgumentException("invalid cpu list '" + cpuList + "': range '" + item
                        + "' ends before it starts");
            }
            bits.set(from, to + 1);
        }
        return new CpuSet(bits.stream().boxed().toList());
    }

    private static int number(String cpuList, String text) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid cpu list '" + cpuList + "': '" + text
                    + "' is not a cpu number (expected a list like 2-5,8)");
        }
        int n = Integer.parseInt(t);
        if (n > MAX_CPU) {
            throw new IllegalArgumentException("invalid cpu list '" + cpuList + "': cpu " + n + " is above "
                    + MAX_CPU);
        }
        return n;
    }

    /**
     * Whether there is no CPU.
     *
     * @return {@code true} for an empty set
     */
    public boolean isEmpty() {
        return cpus.isEmpty();
    }

    /**
     * Number of CPUs.
     *
     * @return how many CPUs the set holds
     */
    public int size() {
        return cpus.size();
    }

    /**
     * Whether {@code cpu} is in the set.
     *
     * @param cpu a CPU number
     * @return {@code true} when the set holds {@code cpu}
     */
    public boolean contains(int cpu) {
        return cpus.contains(cpu);
    }

    /**
     * Whether every CPU of {@code other} is in this set.
     *
     * @param other the CPUs to look for
     * @return {@code true} when {@code other} is a subset of this set (always for an empty {@code other})
     */
    public boolean containsAll(CpuSet other) {
        return cpus.containsAll(other.cpus);
    }

    /**
     * The CPUs in both sets.
     *
     * @param other the other set
     * @return the intersection, possibly empty
     */
    public CpuSet intersection(CpuSet other) {
        return new CpuSet(cpus.stream().filter(other.cpus::contains).toList());
    }

    /**
     * The CPUs in either set.
     *
     * @param other the other set
     * @return the union
     */
    public CpuSet union(CpuSet other) {
        List<Integer> all = new ArrayList<>(cpus);
        all.addAll(other.cpus);
        return new CpuSet(all);
    }

    /** The canonical Linux cpu list, e.g. {@code 2-5,8}; empty string for no CPU. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < cpus.size()) {
            int start = cpus.get(i);
            int end = start;
            while (i + 1 < cpus.size() && cpus.get(i + 1) == end + 1) {
                end = cpus.get(++i);
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            i++;
        }
        return sb.toString();
    }
}
