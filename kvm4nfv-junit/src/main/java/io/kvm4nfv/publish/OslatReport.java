package io.kvm4nfv.publish;

import io.kvm4nfv.probe.oslat.OslatSla;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human-readable renderings of an oslat result: the histogram chart, a summary table, one line. */
public final class OslatReport {

    private OslatReport() {
    }

    /**
     * The histogram of every CPU as SVG, with the SLA's max (and p99) bounds as red lines.
     *
     * @param result the oslat result; CPUs without samples are left out
     * @param sla    the bounds drawn as markers; an unset bound draws no line
     * @return a standalone SVG document
     */
    public static String histogramSvg(OslatResult result, OslatSla sla) {
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (OslatCpuLatency c : result.cpus()) {
            if (c.hasSamples()) {
                histograms.add(c.histogram());
                names.add("CPU " + c.cpu());
            }
        }
        return LatencyReport.histogramSvg("oslat " + result.testType() + " latency (busy polling)", histograms, names,
                sla.maxUs(), sla.p99Us());
    }

    /**
     * A fixed-width table: one row per CPU and one for all; the last bucket's count is the overflows.
     *
     * @param result the oslat result
     * @return the table, one line per row, latencies in µs
     */
    public static String summaryTable(OslatResult result) {
        StringBuilder sb = new StringBuilder(LatencyReport.tableHeader("cpu"));
        for (OslatCpuLatency c : result.cpus()) {
            sb.append(LatencyReport.row(String.valueOf(c.cpu()), c.samples(), c.minUs(), c.avgUs(), c.maxUs(),
                    c.histogram().overflows(), c.percentiles()));
        }
        var a = result.aggregate();
        sb.append(LatencyReport.row("all", a.samples(), a.minUs(), a.avgUs(), a.maxUs(), a.overflows(),
                a.percentiles()));
        return sb.toString();
    }

    /**
     * {@code Idle-Idle: 2 CPU(s), 129669594 loops, min 1 / avg 1.05 / max 377409 us}.
     *
     * @param result the oslat result
     * @return the aggregate over all CPUs as one line
     */
    public static String oneLine(OslatResult result) {
        var a = result.aggregate();
        return String.format(Locale.ROOT, "%s: %d CPU(s), %d loops, min %d / avg %.2f / max %d us",
                result.testType(), result.cpus().size(), a.samples(), a.minUs(), a.avgUs(), a.maxUs());
    }
}
