package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;
import io.kvm4nfv.result.Percentile;
import io.kvm4nfv.result.Sla;
import io.kvm4nfv.result.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Latency bounds of an oslat run, in µs, each optional (empty = not judged). Bounds are exact
 * numbers (doubles), never truncated. Every CPU is judged on every bound; a run or a CPU that
 * measured nothing is a violation.
 *
 * <p>oslat's figures are whole µs rounded up (see {@link OslatCpuLatency}). {@code maxUs} is
 * exact. {@code avgUs} judges oslat's own average, which for every CPU but the first also holds
 * the first CPU's overflow excess (an oslat 2.40 defect, see {@link OslatCpuLatency}). A
 * percentile in oslat's last bucket is only known to be at least its label: it is a violation
 * when that label is above the bound, and cannot be verified (which is not a pass either) when
 * it is not.
 *
 * @param maxUs   bound of the largest latency
 * @param avgUs   bound of oslat's average latency
 * @param p99Us   bound of the 99th percentile
 * @param p999Us  bound of the 99.9th percentile
 * @param p9999Us bound of the 99.99th percentile
 */
public record OslatSla(OptionalDouble maxUs, OptionalDouble avgUs, OptionalDouble p99Us, OptionalDouble p999Us,
                       OptionalDouble p9999Us) implements Sla<OslatResult> {

    /** No bounds at all. */
    public static final OslatSla NONE = new OslatSla(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    private static final Map<String, Double> QUANTILES = Map.of("p99Us", 0.99, "p999Us", 0.999, "p9999Us", 0.9999);

    /**
     * Checks that every bound that is set is a number &gt;= 0.
     *
     * @param maxUs bound of the largest latency, in microseconds
     * @param avgUs bound of oslat's average latency, in microseconds
     * @param p99Us bound of the 99th percentile, in microseconds
     * @param p999Us bound of the 99.9th percentile, in microseconds
     * @param p9999Us bound of the 99.99th percentile, in microseconds
     * @throws IllegalArgumentException when a bound is {@code null}, negative or NaN
     */
    public OslatSla {
        named(maxUs, avgUs, p99Us, p999Us, p9999Us).forEach((name, bound) -> {
            if (bound.isPresent() && !(bound.getAsDouble() >= 0)) {
                throw new IllegalArgumentException(name + " must be >= 0: " + bound.getAsDouble());
            }
        });
    }

    /**
     * The pod's defaults ({@code sla.oslat} in the pod file); unset bounds are not judged.
     *
     * @param pod the pod file's {@code sla.oslat} section
     * @return bounds from the pod file, empty where the pod sets none
     */
    public static OslatSla of(io.kvm4nfv.config.SlaDefaults.Oslat pod) {
        return new OslatSla(opt(pod.maxUs()), opt(pod.avgUs()), opt(pod.p99Us()), opt(pod.p999Us()),
                opt(pod.p9999Us()));
    }

    private static OptionalDouble opt(Double v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Only a bound of the largest latency.
     *
     * @param us the bound in microseconds
     * @return an SLA that judges only the largest latency
     */
    public static OslatSla maxUs(double us) {
        return NONE.with("maxUs", us);
    }

    /**
     * The bounds by name, in the order they are described and judged.
     *
     * @return a new map from bound name to bound (empty = not judged), in the order {@code maxUs}, {@code avgUs},
     *         {@code p99Us}, {@code p999Us}, {@code p9999Us}
     */
    public Map<String, OptionalDouble> bounds() {
        return named(maxUs, avgUs, p99Us, p999Us, p9999Us);
    }

    private static Map<String, OptionalDouble> named(OptionalDouble... bounds) {
        String[] names = {"maxUs", "avgUs", "p99Us", "p999Us", "p9999Us"};
        Map<String, OptionalDouble> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (bounds[i] == null) {
                throw new IllegalArgumentException(names[i] + " must not be null (OptionalDouble.empty() = not judged)");
            }
            m.put(names[i], bounds[i]);
        }
        return m;
    }

    /**
     * This SLA with the bound {@code name} ({@code maxUs}, {@code avgUs}, {@code p99Us}, ...) set to {@code us}.
     *
     * @param name the bound's name, as {@link #bounds()} lists them
     * @param us the bound in microseconds
     * @return a new SLA with that bound set and the others unchanged
     * @throws IllegalArgumentException when {@code name} is not a bound's name
     */
    public OslatSla with(String name, double us) {
        Map<String, OptionalDouble> b = bounds();
        if (!b.containsKey(name)) {
            throw new IllegalArgumentException("no oslat bound named '" + name + "': " + b.keySet());
        }
        b.put(name, OptionalDouble.of(us));
        return of(b);
    }

    private static OslatSla of(Map<String, OptionalDouble> b) {
        return new OslatSla(b.get("maxUs"), b.get("avgUs"), b.get("p99Us"), b.get("p999Us"), b.get("p9999Us"));
    }

    /**
     * This SLA with the unset bounds taken from {@code defaults}.
     *
     * @param defaults the bounds to fall back on
     * @return a new SLA with each unset bound taken from {@code defaults}
     */
    public OslatSla orElse(OslatSla defaults) {
        Map<String, OptionalDouble> b = bounds();
        defaults.bounds().forEach((name, bound) -> b.merge(name, bound, (mine, theirs) -> mine.isPresent() ? mine : theirs));
        return of(b);
    }

    /**
     * Whether no bound is set.
     *
     * @return {@code true} when no bound is set, {@code false} when at least one is
     */
    public boolean isEmpty() {
        return bounds().values().stream().noneMatch(OptionalDouble::isPresent);
    }

    /** {@code maxUs <= 20, p99Us <= 5.5} (or {@code none}). */
    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        bounds().forEach((name, bound) -> bound.ifPresent(v -> parts.add(name + " <= "
                + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v)))));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Every violated bound of every CPU; empty when the result meets the SLA. */
    @Override
    public List<Violation> violations(OslatResult result) {
        List<Violation> out = new ArrayList<>();
        if (result.cpus().stream().noneMatch(OslatCpuLatency::hasSamples)) {
            out.add(new Violation("all CPUs", "samples", 0, 1, "samples", "oslat measured nothing"));
            return out;
        }
        Map<String, OptionalDouble> bounds = bounds();
        for (OslatCpuLatency cpu : result.cpus()) {
            String subject = "CPU " + cpu.cpu();
            if (!cpu.hasSamples()) {
                out.add(new Violation(subject, "samples", 0, 1, "samples", "this CPU measured nothing"));
                continue;
            }
            bounds.forEach((name, bound) -> bound.ifPresent(limit -> judge(out, subject, name, cpu, limit)));
        }
        return out;
    }

    private static void judge(List<Violation> out, String subject, String name, OslatCpuLatency cpu, double limit) {
        if (name.equals("maxUs") || name.equals("avgUs")) {
            double measured = name.equals("maxUs") ? cpu.maxUs() : cpu.avgUs();
            if (measured > limit) {
                out.add(new Violation(subject, name, measured, limit, "us", ""));
            }
            return;
        }
        Optional<Percentile> percentile = cpu.percentile(QUANTILES.get(name));
        if (percentile.isEmpty()) {
            out.add(new Violation(subject, name, Double.NaN, limit, "us", "no percentile in the result"));
            return;
        }
        Percentile p = percentile.get();
        if (p.aboveHistogramRange()) {
            int last = p.histogramRangeUs();
            String note = last > limit
                    ? "in oslat's last bucket: at least " + last + " us"
                    : "in oslat's last bucket (at least " + last + " us), cannot be verified: raise the bucket count"
                    + " (-b) so that the last bucket is above the limit";
            out.add(new Violation(subject, name, Double.NaN, limit, "us", note));
            return;
        }
        long value = p.valueUs().orElseThrow();
        if (value > limit) {
            out.add(new Violation(subject, name, value, limit, "us", ""));
        }
    }
}
