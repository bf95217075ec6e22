package io.kvm4nfv.publish;

import io.kvm4nfv.probe.cyclictest.LatencySla;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.Percentile;
import io.kvm4nfv.result.ThreadLatency;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Human-readable renderings of a cyclictest result: the histogram chart, a summary table, one line. */
public final class LatencyReport {

    private LatencyReport() {
    }

    /**
     * The histogram of every thread as SVG, with the SLA's max (and p99) bounds as red lines.
     *
     * @param result the cyclictest result; threads without a histogram are left out
     * @param sla    the bounds drawn as markers; an unset bound draws no line
     * @return a standalone SVG document
     */
    public static String histogramSvg(CyclictestResult result, LatencySla sla) {
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ThreadLatency t : result.threads()) {
            t.histogramIfAny().ifPresent(h -> {
                histograms.add(h);
                names.add("thread " + t.thread());
            });
        }
        return histogramSvg("cyclictest " + result.testType() + " latency", histograms, names, sla.maxUs(), sla.p99Us());
    }

    /**
     * Histograms as one SVG chart (a series each, named with its overflows), with an SLA's max
     * and p99 bounds as red lines: the chart every latency probe attaches.
     *
     * @param title      the chart's title
     * @param histograms one histogram per series, 1 µs buckets; buckets beyond the range are left out
     * @param names      the series' names, one per histogram, same order
     * @param maxUs      the SLA's bound of the largest latency, µs, or empty for no line
     * @param p99Us      the SLA's bound of the 99th percentile, µs, or empty for no line
     * @return a standalone SVG document, latency in µs on the x axis
     */
    public static String histogramSvg(String title, List<LatencyHistogram> histograms, List<String> names,
                                      OptionalDouble maxUs, OptionalDouble p99Us) {
        List<long[]> series = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < histograms.size(); i++) {
            LatencyHistogram h = histograms.get(i);
            long[] counts = new long[h.rangeUs()];
            for (Map.Entry<Integer, Long> e : h.buckets().entrySet()) {
                if (e.getKey() < counts.length) {
                    counts[e.getKey()] = e.getValue();
                }
            }
            series.add(counts);
            labels.add(names.get(i) + (h.overflows() > 0 ? " (+" + h.overflows() + " over range)" : ""));
        }
        List<SvgChart.Marker> markers = new ArrayList<>();
        maxUs.ifPresent(v -> markers.add(new SvgChart.Marker("SLA max " + number(v) + " us", v)));
        p99Us.ifPresent(v -> markers.add(new SvgChart.Marker("SLA p99 " + number(v) + " us", v)));
        return SvgChart.histogram(title, "latency (us)", series, labels, markers);
    }

    /**
     * A fixed-width table: one row per thread and one for all threads.
     *
     * @param result the cyclictest result
     * @return the table with samples, min/avg/max, overflows and percentiles p50 to p99.99, latencies in µs
     */
    public static String summaryTable(CyclictestResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append(tableHeader("thread"));
        for (ThreadLatency t : result.threads()) {
            sb.append(row(String.valueOf(t.thread()), t.samples(), t.minUs(), t.avgUs(), t.maxUs(), t.overflows(),
                    t.percentiles()));
        }
        var a = result.aggregate();
        sb.append(row("all", a.samples(), a.minUs(), a.avgUs(), a.maxUs(), a.overflows(), a.percentiles()));
        return sb.toString();
    }

    /** The header of {@link #summaryTable}'s rows, the first column named {@code first}. */
    static String tableHeader(String first) {
        return String.format(Locale.ROOT, "%-8s %10s %8s %10s %8s %10s %8s %8s %8s %9s %10s%n",
                first, "samples", "min us", "avg us", "max us", "overflows", "p50", "p90", "p99", "p99.9", "p99.99");
    }

    /** One row of {@link #summaryTable}. */
    static String row(String name, long samples, long min, double avg, long max, long overflows,
                              List<Percentile> percentiles) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %10d %8d %10.2f %8d %10d",
                name, samples, min, avg, max, overflows));
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999, 0.9999}) {
            String v = percentiles.stream().filter(p -> p.quantile() == q).findFirst()
                    .map(p -> p.aboveHistogramRange() ? ">" + p.histogramRangeUs()
                            : p.valueUs().isPresent() ? String.valueOf(p.valueUs().getAsLong()) : "-")
                    .orElse("-");
            sb.append(String.format(Locale.ROOT, q >= 0.999 ? " %9s" : " %8s", v));
        }
        return sb.append('\n').toString();
    }

    /**
     * {@code Idle-Idle: 1 thread(s), 10000 samples, min 3 / avg 85.20 / max 2045 us}.
     *
     * @param result the cyclictest result
     * @return the aggregate over all threads as one line
     */
    public static String oneLine(CyclictestResult result) {
        var a = result.aggregate();
        return String.format(Locale.ROOT, "%s: %d thread(s), %d samples, min %d / avg %.2f / max %d us",
                result.testType(), a.threads(), a.samples(), a.minUs(), a.avgUs(), a.maxUs());
    }

    /**
     * The last {@code maxBytes} of a file (all of it when smaller); a note when it cannot be read.
     *
     * @param file     the file to read, e.g. a probe's log
     * @param maxBytes the most bytes of the file to keep
     * @return the tail, preceded by a line saying how many bytes were cut, or the error text as UTF-8
     */
    public static byte[] tail(Path file, int maxBytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            if (from == 0) {
                return bytes;
            }
            byte[] note = ("[first " + from + " bytes cut; full file: " + file + "]\n").getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[note.length + bytes.length];
            System.arraycopy(note, 0, out, 0, note.length);
            System.arraycopy(bytes, 0, out, note.length, bytes.length);
            return out;
        } catch (IOException e) {
            return ("cannot read " + file + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
