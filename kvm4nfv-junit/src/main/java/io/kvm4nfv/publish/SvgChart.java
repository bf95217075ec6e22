package io.kvm4nfv.publish;

import java.util.List;
import java.util.Locale;

/**
 * Small, dependency-free SVG charts for report attachments: a histogram (bars, log
 * count axis) with vertical limit lines, and a line chart of series over time.
 */
public final class SvgChart {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    /** A marker further than this many times the data's extent is named, not drawn to scale. */
    private static final double OFF_SCALE_FACTOR = 4;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf"};

    private SvgChart() {
    }

    /**
     * A vertical line at {@code x} labelled {@code label} (e.g. an SLA bound).
     *
     * @param label the text shown next to the line
     * @param x     where the line is, in the x axis' unit
     */
    public record Marker(String label, double x) {
    }

    /**
     * A horizontal line at {@code y} labelled {@code label} (e.g. an SLA bound on the y axis).
     *
     * @param label the text shown above the line
     * @param y     where the line is, in the y axis' unit
     */
    public record Threshold(String label, double y) {
    }

    /**
     * One named series of (x, y) points.
     *
     * @param name the series' name in the legend
     * @param x    the points' x values, in drawing order
     * @param y    the points' y values, as many as {@code x}
     */
    public record Series(String name, double[] x, double[] y) {
    }

    /**
     * A histogram of latency buckets: {@code counts[i]} samples in bucket {@code i}
     * (bucket width 1 unit), drawn on a log10 count axis, with markers.
     *
     * @param title           the chart's title
     * @param xLabel          the x axis' label, e.g. {@code latency (us)}
     * @param countsPerSeries one array of bucket counts per series, drawn on top of each other
     * @param names           the series' names for the legend, one per array
     * @param markers         vertical lines; one far beyond the data is named at the right edge instead
     * @return a standalone SVG document, 800 × 360 px
     */
    public static String histogram(String title, String xLabel, List<long[]> countsPerSeries, List<String> names,
                                   List<Marker> markers) {
        int buckets = countsPerSeries.stream().mapToInt(c -> c.length).max().orElse(0);
        int lastUsed = 0;
        long maxCount = 1;
        for (long[] counts : countsPerSeries) {
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    lastUsed = Math.max(lastUsed, i);
                    maxCount = Math.max(maxCount, counts[i]);
                }
            }
        }
        double dataMax = Math.max(lastUsed + 1, 1);
        // A bound far beyond the data would squeeze every bar into the left edge: the axis
        // then ends near the data and the bound is named at the right edge, off scale.
        double reach = dataMax;
        for (Marker m : markers) {
            if (m.x() <= dataMax * OFF_SCALE_FACTOR) {
                reach = Math.max(reach, m.x() * 1.05);
            }
        }
        double xStep = Math.max(1, niceStep(reach / 5));
        double xMax = Math.ceil(reach / xStep) * xStep;
        double logMax = Math.log10(maxCount) + 0.1;
        StringBuilder svg = header(title);
        axes(svg, xLabel, "samples (log scale)", xMax, xStep);
        logCountTicks(svg, maxCount, logMax);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (int s = 0; s < countsPerSeries.size(); s++) {
            long[] counts = countsPerSeries.get(s);
            String colour = COLOURS[s % COLOURS.length];
            double barW = Math.max(plotW / xMax, 1.0);
            for (int i = 0; i < counts.length && i < xMax; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                double h = (Math.log10(counts[i]) + 0.1) / logMax * plotH;
                double x = LEFT + i / xMax * plotW;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" fill-opacity=\"0.6\"/>%n",
                        x, TOP + plotH - h, barW, h, colour));
            }
        }
        legend(svg, names);
        markers(svg, markers, xMax, names.size());
        return svg.append("</svg>\n").toString();
    }

    /**
     * A line chart of several series sharing the x axis (e.g. seconds since start).
     *
     * @param title   the chart's title
     * @param xLabel  the x axis' label
     * @param yLabel  the y axis' label
     * @param series  the lines, coloured in order
     * @param markers vertical lines; one beyond the x axis is named at the right edge instead
     * @return a standalone SVG document, 800 × 360 px, both axes from 0
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series, List<Marker> markers) {
        return lines(title, xLabel, yLabel, series, markers, false);
    }

    /**
     * A line chart as {@link #lines(String, String, String, List, List)}, with a dot on every
     * point when {@code dots} (for few points, e.g. one per frame size; a single point shows too).
     *
     * @param title   the chart's title
     * @param xLabel  the x axis' label
     * @param yLabel  the y axis' label
     * @param series  the lines, coloured in order
     * @param markers vertical lines; one beyond the x axis is named at the right edge instead
     * @param dots    whether every point gets a dot
     * @return a standalone SVG document, 800 × 360 px, both axes from 0
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series, List<Marker> markers,
                               boolean dots) {
        return lines(title, xLabel, yLabel, series, markers, List.of(), dots);
    }

    /**
     * A line chart with horizontal {@code thresholds} too (dashed red lines): a threshold
     * more than {@value #OFF_SCALE_FACTOR} times above the data is named at the top, off
     * scale, so the data keeps the chart's height.
     *
     * @param title      the chart's title
     * @param xLabel     the x axis' label
     * @param yLabel     the y axis' label
     * @param series     the lines, coloured in order
     * @param markers    vertical lines; one beyond the x axis is named at the right edge instead
     * @param thresholds horizontal lines, e.g. SLA bounds
     * @param dots       whether every point gets a dot
     * @return a standalone SVG document, 800 × 360 px, both axes from 0
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series, List<Marker> markers,
                               List<Threshold> thresholds, boolean dots) {
        double xMax = 1;
        double yMax = 1;
        for (Series s : series) {
            for (double v : s.x()) {
                xMax = Math.max(xMax, v);
            }
            for (double v : s.y()) {
                yMax = Math.max(yMax, v);
            }
        }
        double dataYMax = yMax;
        for (Threshold t : thresholds) {
            if (t.y() <= dataYMax * OFF_SCALE_FACTOR) {
                yMax = Math.max(yMax, t.y());
            }
        }
        double xStep = niceStep(xMax / 5);
        xMax = Math.ceil(xMax / xStep) * xStep;
        double yStep = niceStep(yMax * 1.05 / 5);
        yMax = Math.ceil(yMax * 1.05 / yStep) * yStep;
        StringBuilder svg = header(title);
        axes(svg, xLabel, yLabel, xMax, xStep);
        linearTicks(svg, yMax, yStep);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.x().length; i++) {
                points.append(String.format(Locale.ROOT, "%.2f,%.2f ",
                        LEFT + line.x()[i] / xMax * plotW, TOP + plotH - line.y()[i] / yMax * plotH));
            }
            svg.append(String.format(Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(), COLOURS[s % COLOURS.length]));
            for (int i = 0; dots && i < line.x().length; i++) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\"/>%n",
                        LEFT + line.x()[i] / xMax * plotW, TOP + plotH - line.y()[i] / yMax * plotH,
                        COLOURS[s % COLOURS.length]));
            }
        }
        legend(svg, series.stream().map(Series::name).toList());
        markers(svg, markers, xMax, series.size());
        thresholds(svg, thresholds, yMax, series.size() + markers.size());
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        return svg;
    }

    /** The two axes, ticks on x at every {@code xStep} up to {@code xMax}, and both labels. */
    private static void axes(StringBuilder svg, String xLabel, String yLabel, double xMax, double xStep) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP + plotH, LEFT + plotW, TOP + plotH));
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, TOP + plotH));
        for (int i = 0; i * xStep <= xMax * (1 + 1e-9); i++) {
            double x = LEFT + i * xStep / xMax * plotW;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP + plotH + 16, number(i * xStep)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 10, escape(xLabel)));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
    }

    private static void linearTicks(StringBuilder svg, double yMax, double yStep) {
        int plotH = HEIGHT - TOP - BOTTOM;
        for (int i = 0; i * yStep <= yMax * (1 + 1e-9); i++) {
            yTick(svg, TOP + plotH - i * yStep / yMax * plotH, number(i * yStep));
        }
    }

    /** Decades only (1, 10, 100, …): a count axis has no fractional samples. */
    private static void logCountTicks(StringBuilder svg, long maxCount, double logMax) {
        int plotH = HEIGHT - TOP - BOTTOM;
        for (long count = 1; count <= maxCount; count *= 10) {
            yTick(svg, TOP + plotH - (Math.log10(count) + 0.1) / logMax * plotH, decade(count));
        }
    }

    /** {@code 1}, {@code 10}, {@code 100}, {@code 1000}, {@code 10k} … {@code 100M}, {@code 1G}: fits the axis margin. */
    static String decade(long count) {
        if (count >= 1_000_000_000L) {
            return count / 1_000_000_000L + "G";
        }
        if (count >= 1_000_000L) {
            return count / 1_000_000L + "M";
        }
        return count >= 10_000L ? count / 1000L + "k" : Long.toString(count);
    }

    private static void yTick(StringBuilder svg, double y, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, text));
    }

    /** A step of 1, 2 or 5 times a power of ten, at least {@code raw}: axis ticks people can read. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** One row per name at the top right, right-aligned so that long names stay inside the chart. */
    private static void legend(StringBuilder svg, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            int y = TOP + 14 + i * 16;
            int textWidth = 7 * names.get(i).length();
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    WIDTH - RIGHT - textWidth - 16, y - 9, COLOURS[i % COLOURS.length], WIDTH - RIGHT, y,
                    escape(names.get(i))));
        }
    }

    /**
     * Every marker as a dashed red line with its label; a marker beyond the axis is named at
     * the right edge ("… off scale →"). Labels go below the legend's rows, one row each, so
     * that neither covers the other.
     */
    private static void markers(StringBuilder svg, List<Marker> markers, double xMax, int legendRows) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int row = legendRows;
        for (Marker m : markers) {
            int labelY = TOP + 14 + 16 * row++;
            if (m.x() > xMax) {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"red\" text-anchor=\"end\">%s (off scale) &#8594;</text>%n",
                        LEFT + plotW, labelY, escape(m.label())));
                continue;
            }
            double x = LEFT + m.x() / xMax * plotW;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"red\" stroke-width=\"2\" "
                            + "stroke-dasharray=\"6,4\"/><text x=\"%.2f\" y=\"%d\" fill=\"red\" text-anchor=\"%s\">%s</text>%n",
                    x, TOP, x, TOP + plotH, rightHalf(x) ? x - 4 : x + 4, labelY,
                    rightHalf(x) ? "end" : "start", escape(m.label())));
        }
    }

    /** Every threshold as a dashed red horizontal line labelled above it at the left, or named off scale. */
    private static void thresholds(StringBuilder svg, List<Threshold> thresholds, double yMax, int rowsAbove) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int row = rowsAbove;
        for (Threshold t : thresholds) {
            if (t.y() > yMax) {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"red\" text-anchor=\"end\">%s (off scale) &#8593;</text>%n",
                        LEFT + plotW, TOP + 14 + 16 * row++, escape(t.label())));
                continue;
            }
            double y = TOP + plotH - t.y() / yMax * plotH;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"red\" stroke-width=\"2\" "
                            + "stroke-dasharray=\"6,4\"/><text x=\"%d\" y=\"%.2f\" fill=\"red\">%s</text>%n",
                    LEFT, y, LEFT + plotW, y, LEFT + 6, y - 4, escape(t.label())));
        }
    }

    /** A label right of this x would run off the chart: it goes on the line's left instead. */
    private static boolean rightHalf(double x) {
        return x > LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
    }

    private static String number(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
