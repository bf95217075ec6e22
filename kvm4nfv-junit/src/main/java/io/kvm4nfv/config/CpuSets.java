package io.kvm4nfv.config;

import java.util.Objects;

/**
 * The CPU plan of a node.
 *
 * @param isolated CPUs isolated from the scheduler on the host ({@code isolcpus=}); on the
 *                 embedded lab usually empty because the lab never retunes its machine
 * @param vcpu     CPUs the QEMU vCPU threads are pinned to (host) or cyclictest measures on (guest)
 * @param stress   CPUs stress-ng may load; never one of {@code vcpu}
 */
public record CpuSets(CpuSet isolated, CpuSet vcpu, CpuSet stress) {

    /** No CPU plan. */
    public static final CpuSets NONE = new CpuSets(CpuSet.EMPTY, CpuSet.EMPTY, CpuSet.EMPTY);

    /**
     * Replaces absent sets by {@link CpuSet#EMPTY} and checks that stress-ng never loads a measured CPU.
     *
     * @param isolated CPUs isolated from the scheduler on the host, or {@code null} for none
     * @param vcpu     CPUs the vCPU threads are pinned to or cyclictest measures on, or {@code null} for none
     * @param stress   CPUs stress-ng may load, or {@code null} for none
     * @throws IllegalArgumentException if stress and vcpu CPUs overlap
     */
    public CpuSets {
        isolated = Objects.requireNonNullElse(isolated, CpuSet.EMPTY);
        vcpu = Objects.requireNonNullElse(vcpu, CpuSet.EMPTY);
        stress = Objects.requireNonNullElse(stress, CpuSet.EMPTY);
        CpuSet both = stress.intersection(vcpu);
        if (!both.isEmpty()) {
            throw new InvalidFieldException("stress", "stress CPUs " + stress + " overlap vcpu CPUs " + vcpu
                    + " (both: " + both + "); stress must load other CPUs than the measured ones");
        }
    }

    /**
     * Whether no CPU set is given.
     *
     * @return {@code true} when isolated, vcpu and stress are all empty
     */
    public boolean isEmpty() {
        return isolated.isEmpty() && vcpu.isEmpty() && stress.isEmpty();
    }

    /** {@code isolated=.. vcpu=.. stress=..} with the non-empty sets only. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!isolated.isEmpty()) {
            sb.append("isolated=").append(isolated);
        }
        if (!vcpu.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append("vcpu=").append(vcpu);
        }
        if (!stress.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append("stress=").append(stress);
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
