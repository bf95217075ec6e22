package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one oslat run (rt-tests' OS latency detector: one busy-polling thread per CPU,
 * the way a DPDK poll-mode driver runs): every CPU and their aggregate.
 *
 * <p>The aggregate is a {@link LatencySummary} over the CPUs that measured something: the
 * smallest minimum, the largest maximum, the sample-weighted mean of oslat's averages, the
 * summed samples, the samples of the last buckets as {@code overflows}, and the percentiles of
 * the summed histogram (all CPUs of one run share its buckets).
 *
 * @param testType      the KVM4NFV test type, {@code [Host-Type]-[Guest-Type]}, e.g. {@code Idle-Idle}
 * @param commandLine   the argv that ran
 * @param version       oslat's version as it printed it (e.g. {@code 2.40}), or {@code null}
 * @param biasUs        the bias oslat subtracted from its bucket labels ({@code -B}), 0 without
 * @param cpus          one entry per measurement thread, by column ({@link OslatCpuLatency#index()})
 * @param aggregate     over all CPUs
 * @param rawOutputFile where the raw output was kept, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OslatResult(String testType, List<String> commandLine, String version, long biasUs,
                          List<OslatCpuLatency> cpus, LatencySummary aggregate, String rawOutputFile) {

    /**
     * Checks and normalises the components: a {@code null} command line becomes empty, the CPUs
     * must be listed by column, and a {@code null} aggregate is computed from the CPUs.
     *
     * @param testType      the KVM4NFV test type, e.g. {@code Idle-Idle}; not {@code null}
     * @param commandLine   the argv that ran, or {@code null} for none
     * @param version       oslat's version, or {@code null}
     * @param biasUs        the bias oslat subtracted ({@code -B}), µs, at least 0
     * @param cpus          one entry per thread, position {@code i} holding column {@code i}
     * @param aggregate     the aggregate over all CPUs, or {@code null} to compute it
     * @param rawOutputFile where the raw output was kept, or {@code null}
     * @throws IllegalArgumentException when the bias is negative or a CPU is out of column order
     * @throws NullPointerException     when {@code testType} or {@code cpus} is {@code null}
     */
    public OslatResult {
        Objects.requireNonNull(testType, "testType");
        commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
        cpus = List.copyOf(Objects.requireNonNull(cpus, "cpus"));
        if (biasUs < 0) {
            throw new IllegalArgumentException("biasUs must be >= 0: " + biasUs);
        }
        for (int i = 0; i < cpus.size(); i++) {
            if (cpus.get(i).index() != i) {
                throw new IllegalArgumentException("cpus must be listed by column: position " + i + " holds column "
                        + cpus.get(i).index());
            }
        }
        aggregate = aggregate == null ? aggregate(cpus) : aggregate;
    }

    /**
     * A result with the aggregate computed from the CPUs and no raw output file.
     *
     * @param testType    the KVM4NFV test type, e.g. {@code Idle-Idle}
     * @param commandLine the argv that ran
     * @param version     oslat's version as printed, or {@code null}
     * @param biasUs      the bias oslat subtracted ({@code -B}), µs, 0 without
     * @param cpus        one entry per thread, listed by column
     * @return the result
     */
    public static OslatResult of(String testType, List<String> commandLine, String version, long biasUs,
                                 List<OslatCpuLatency> cpus) {
        return new OslatResult(testType, commandLine, version, biasUs, cpus, null, null);
    }

    /**
     * The aggregate described in the class comment. The percentiles are left out when the CPUs'
     * histogram ranges differ.
     *
     * @param cpus the CPUs of one run
     * @return the aggregate; all zero when no CPU measured anything
     */
    public static LatencySummary aggregate(List<OslatCpuLatency> cpus) {
        List<OslatCpuLatency> measured = cpus.stream().filter(OslatCpuLatency::hasSamples).toList();
        if (measured.isEmpty()) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, List.of());
        }
        long samples = 0;
        long overflows = 0;
        double weightedAvg = 0;
        LatencyHistogram merged = null;
        boolean oneRange = true;
        for (OslatCpuLatency c : measured) {
            samples += c.samples();
            overflows += c.histogram().overflows();
            weightedAvg += c.avgUs() * c.samples();
            if (merged == null) {
                merged = c.histogram();
            } else if (oneRange && merged.rangeUs() == c.histogram().rangeUs()) {
                merged = merged.plus(c.histogram());
            } else {
                oneRange = false;
            }
        }
        long min = measured.stream().mapToLong(OslatCpuLatency::minUs).min().orElseThrow();
        long max = measured.stream().mapToLong(OslatCpuLatency::maxUs).max().orElseThrow();
        return new LatencySummary(measured.size(), samples, min, weightedAvg / samples, max, overflows,
                oneRange ? merged.standardPercentiles() : List.of());
    }

    /**
     * Where the raw oslat output was kept.
     *
     * @return the file, or empty when the raw output was not kept
     */
    public Optional<String> rawOutput() {
        return Optional.ofNullable(rawOutputFile);
    }

    /**
     * A copy of this result labelled with another test type.
     *
     * @param type the KVM4NFV test type, e.g. {@code CPU_stress-Idle}
     * @return the copy, every other component unchanged
     */
    public OslatResult withTestType(String type) {
        return new OslatResult(type, commandLine, version, biasUs, cpus, aggregate, rawOutputFile);
    }

    /**
     * A copy of this result that records where the raw output was kept.
     *
     * @param file the raw output file, or {@code null} for none
     * @return the copy, every other component unchanged
     */
    public OslatResult withRawOutputFile(String file) {
        return new OslatResult(testType, commandLine, version, biasUs, cpus, aggregate, file);
    }

    /**
     * The CPU of column {@code index}.
     *
     * @param index the column in oslat's table (0-based)
     * @return that column's figures
     * @throws IndexOutOfBoundsException when the run had no such column
     */
    public OslatCpuLatency cpu(int index) {
        return cpus.get(index);
    }
}
