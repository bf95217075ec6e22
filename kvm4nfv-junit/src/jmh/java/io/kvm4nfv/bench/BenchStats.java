package io.kvm4nfv.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Medians and extremes of a benchmark's samples, over the numbers that are there (NaN: not measured). */
final class BenchStats {

    private BenchStats() {
    }

    static <T> double median(List<T> xs, ToDoubleFunction<T> g) {
        double[] v = values(xs, g);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code median [min..max]} with {@code digits} decimals for the median, {@code -} when nothing was measured. */
    static <T> String cell(List<T> xs, ToDoubleFunction<T> g, int digits) {
        double[] v = values(xs, g);
        if (v.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + digits + "f [%." + digits + "f..%." + digits + "f]", median(xs, g),
                v[0], v[v.length - 1]);
    }

    private static <T> double[] values(List<T> xs, ToDoubleFunction<T> g) {
        return xs.stream().mapToDouble(g).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }
}
