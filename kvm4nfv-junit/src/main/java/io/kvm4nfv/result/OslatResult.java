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

    /** A result with the aggregate computed from the CPUs. */
    public static OslatResult of(String testType, List<String> commandLine, String version, long biasUs,
                                 List<OslatCpuLatency> cpus) {
        return new OslatResult(testType, commandLine, version, biasUs, cpus, null, null);
    }

    /** The aggregate described in the class comment; all zero when no CPU measured anything. */
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

    public Optional<String> rawOutput() {
        return Optional.ofNullable(rawOutputFile);
    }

    public OslatResult withTestType(String type) {
        return new OslatResult(type, commandLine, version, biasUs, cpus, aggregate, rawOutputFile);
    }

    public OslatResult withRawOutputFile(String file) {
        return new OslatResult(testType, commandLine, version, biasUs, cpus, aggregate, file);
    }

    /** The CPU of column {@code index}. */
    public OslatCpuLatency cpu(int index) {
        return cpus.get(index);
    }
}
