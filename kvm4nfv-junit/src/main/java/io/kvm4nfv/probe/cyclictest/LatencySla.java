package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.config.SlaDefaults;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.Percentile;
import io.kvm4nfv.result.Sla;
import io.kvm4nfv.result.ThreadLatency;
import io.kvm4nfv.result.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Latency bounds of a cyclictest run, in µs, each optional (empty = not judged). Bounds
 * are exact numbers (doubles), never truncated. Every thread is judged on every bound.
 *
 * @param minUs   bound of the smallest latency
 * @param avgUs   bound of the average latency
 * @param maxUs   bound of the largest latency
 * @param p99Us   bound of the 99th percentile
 * @param p999Us  bound of the 99.9th percentile
 * @param p9999Us bound of the 99.99th percentile
 */
public record LatencySla(OptionalDouble minUs, OptionalDouble avgUs, OptionalDouble maxUs, OptionalDouble p99Us,
                         OptionalDouble p999Us, OptionalDouble p9999Us) implements Sla<CyclictestResult> {

    /** No bounds at all. */
    public static final LatencySla NONE = new LatencySla(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    /**
     * The pod's defaults ({@code sla.cyclictest} in the pod file); unset bounds are not judged.
     *
     * @param pod the pod file's {@code sla.cyclictest} section
     * @return bounds from the pod file, empty where the pod sets none
     */
    public static LatencySla of(SlaDefaults.Cyclictest pod) {
        return new LatencySla(opt(pod.minUs()), opt(pod.avgUs()), opt(pod.maxUs()), opt(pod.p99Us()),
                opt(pod.p999Us()), opt(pod.p9999Us()));
    }

    private static OptionalDouble opt(Double v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Checks that every bound that is set is a number &gt;= 0.
     *
     * @param minUs bound of the smallest latency, in microseconds
     * @param avgUs bound of the average latency, in microseconds
     * @param maxUs bound of the largest latency, in microseconds
     * @param p99Us bound of the 99th percentile, in microseconds
     * @param p999Us bound of the 99.9th percentile, in microseconds
     * @param p9999Us bound of the 99.99th percentile, in microseconds
     * @throws IllegalArgumentException when a bound is negative or NaN
     */
    public LatencySla {
        check("minUs", minUs);
        check("avgUs", avgUs);
        check("maxUs", maxUs);
        check("p99Us", p99Us);
        check("p999Us", p999Us);
        check("p9999Us", p9999Us);
    }

    private static void check(String name, OptionalDouble bound) {
        if (bound.isPresent() && (bound.getAsDouble() < 0 || Double.isNaN(bound.getAsDouble()))) {
            throw new IllegalArgumentException(name + " must be >= 0: " + bound.getAsDouble());
        }
    }

    /** {@code maxUs <= 20000, avgUs <= 500} (or {@code none}). */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        append(sb, "minUs", minUs);
        append(sb, "avgUs", avgUs);
        append(sb, "maxUs", maxUs);
        append(sb, "p99Us", p99Us);
        append(sb, "p999Us", p999Us);
        append(sb, "p9999Us", p9999Us);
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static void append(StringBuilder sb, String name, OptionalDouble bound) {
        if (bound.isPresent()) {
            double v = bound.getAsDouble();
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append(" <= ")
                    .append(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Whether no bound is set (this SLA equals {@link #NONE}).
     *
     * @return {@code true} when no bound is set, {@code false} when at least one is
     */
    public boolean isEmpty() {
        return this.equals(NONE);
    }

    /**
     * This SLA with the unset bounds taken from {@code defaults}.
     *
     * @param defaults the bounds to fall back on
     * @return a new SLA with each unset bound taken from {@code defaults}
     */
    public LatencySla orElse(LatencySla defaults) {
        return new LatencySla(or(minUs, defaults.minUs), or(avgUs, defaults.avgUs), or(maxUs, defaults.maxUs),
                or(p99Us, defaults.p99Us), or(p999Us, defaults.p999Us), or(p9999Us, defaults.p9999Us));
    }

    private static OptionalDouble or(OptionalDouble a, OptionalDouble b) {
        return a.isPresent() ? a : b;
    }

    /** Every violated bound of every thread; empty when the result meets the SLA. */
    @Override
    public List<Violation> violations(CyclictestResult result) {
        List<Violation> out = new ArrayList<>();
        if (result.threads().stream().noneMatch(ThreadLatency::hasSamples)) {
            out.add(new Violation("all threads", "samples", 0, 1, "samples", "cyclictest measured nothing"));
            return out;
        }
        for (ThreadLatency t : result.threads()) {
            String subject = "thread " + t.thread();
            if (!t.hasSamples()) {
                out.add(new Violation(subject, "samples", 0, 1, "samples", "this thread measured nothing"));
                continue;
            }
            // min, avg and max are exact even when the histogram overflows
            above(out, subject, "minUs", t.minUs(), minUs);
            above(out, subject, "avgUs", t.avgUs(), avgUs);
            above(out, subject, "maxUs", t.maxUs(), maxUs);
            percentile(out, subject, "p99Us", t, 0.99, p99Us);
            percentile(out, subject, "p999Us", t, 0.999, p999Us);
            percentile(out, subject, "p9999Us", t, 0.9999, p9999Us);
        }
        return out;
    }

    private static void above(List<Violation> out, String subject, String bound, double measured, OptionalDouble limit) {
        if (limit.isPresent() && measured > limit.getAsDouble()) {
            out.add(new Violation(subject, bound, measured, limit.getAsDouble(), "us", ""));
        }
    }

    private static void percentile(List<Violation> out, String subject, String bound, ThreadLatency t, double q,
                                   OptionalDouble limit) {
        if (limit.isEmpty()) {
            return;
        }
        Optional<Percentile> p = t.percentile(q);
        if (p.isEmpty()) {
            out.add(new Violation(subject, bound, Double.NaN, limit.getAsDouble(), "us",
                    "no histogram: run cyclictest with -h to judge percentiles"));
            return;
        }
        Percentile percentile = p.get();
        if (percentile.aboveHistogramRange()) {
            // the value is somewhere above the histogram range; only a range >= limit proves a violation,
            // otherwise it cannot be verified, which is not a pass either
            String note = percentile.histogramRangeUs() >= limit.getAsDouble()
                    ? "above the histogram range of " + percentile.histogramRangeUs() + " us"
                    : "above the histogram range of " + percentile.histogramRangeUs()
                    + " us, cannot be verified: raise histogramUs above the limit";
            out.add(new Violation(subject, bound, Double.NaN, limit.getAsDouble(), "us", note));
            return;
        }
        long value = percentile.valueUs().orElseThrow();
        if (value > limit.getAsDouble()) {
            out.add(new Violation(subject, bound, value, limit.getAsDouble(), "us", ""));
        }
    }
}
