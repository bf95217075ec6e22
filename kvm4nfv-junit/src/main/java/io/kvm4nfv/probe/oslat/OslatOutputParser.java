package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Streaming parser of oslat's standard output (rt-tests 2.x, checked on 2.40), fed one line at
 * a time (it is a {@code Consumer<String>}, e.g. {@code ExecOptions.withStdout(parser)}). It
 * keeps the table's figures only, never the output.
 *
 * <p>oslat prints its header (unless {@code -q}), {@code Global bias set to N (us)} with
 * {@code -B}, and at the end one table with a column per measurement thread, each row
 * {@code printf("%12s:\t")} then {@code " value"} per column and a unit:
 * <pre>
 *         Core:	 0 1
 * Counter Freq:	 2096 2095 (Mhz)
 *     001 (us):	 69530087 60124833
 *     ...
 *     032 (us):	 1699 2212 (including overflows)
 *      Minimum:	 1 1 (us)
 *      Average:	 1.048 1.055 (us)
 *      Maximum:	 74103 377409 (us)
 *      Max-Min:	 74102 377408 (us)
 *     Duration:	 4.996 4.999 (sec)
 * </pre>
 * The bucket rows are labelled {@code bias + 1} to {@code bias + bucketSize} µs; with
 * {@code -z} rows of zeros are left out and a line {@code ...} stands for them. The last bucket
 * includes the overflows: its samples become the histogram's overflows ("at least its label"),
 * see {@link OslatCpuLatency}. Other lines are ignored.
 *
 * <p>Hostile or corrupt output is refused, never trusted with memory: more than
 * {@value OslatLimits#MAX_CPUS} columns, a row with another number of columns than the
 * {@code Core:} row, a second table or a row twice, bucket rows out of order or beyond
 * {@value OslatLimits#MAX_BUCKETS} buckets, a row without its unit, a value that is not a
 * number or above {@value OslatLimits#MAX_VALUE} (so none overflows a {@code long}), a CPU whose
 * {@code Max-Min} is not its {@code Maximum - Minimum}. {@link #accept} never throws (a failing
 * consumer would stop the raw-output copy): the first such line is remembered and
 * {@link #result} throws it as an {@link OslatParseException} naming the line (and the column
 * of a bad value); later lines are only counted.
 *
 * <p>Lines must come from one thread (as {@code ExecOptions} delivers them); {@link #linesSeen()}
 * may be read from any thread.
 */
public final class OslatOutputParser implements Consumer<String> {

    private static final String WHAT = "oslat output";
    private static final String BIAS_LINE = "Global bias set to ";
    private static final String VERSION_LINE = "oslat V";
    private static final String OVERFLOWS = "(including overflows)";

    /** The rows after the histogram and {@code Counter Freq}, each printed once. */
    private enum Row {
        COUNTER_FREQ("Counter Freq", false, "(Mhz)", "(MHz)"),
        MINIMUM("Minimum", false, "(us)"),
        AVERAGE("Average", true, "(us)"),
        MAXIMUM("Maximum", false, "(us)"),
        MAX_MIN("Max-Min", false, "(us)"),
        DURATION("Duration", true, "(sec)");

        final String key;
        final boolean fractional;
        final List<String> units;

        Row(String key, boolean fractional, String... units) {
            this.key = key;
            this.fractional = fractional;
            this.units = List.of(units);
        }

        static Row of(String key) {
            for (Row r : values()) {
                if (r.key.equals(key)) {
                    return r;
                }
            }
            return null;
        }
    }

    private volatile long lines;
    private OslatParseException failure;
    private String version;
    private long biasUs;
    private boolean biasSeen;

    private int columns;
    private int[] cores;
    private final long[] rowLine = new long[Row.values().length];
    private final long[][] wholeRows = new long[Row.values().length][];
    private final double[][] fractionalRows = new double[Row.values().length][];

    private int[] labels = new int[8];
    private long[][] counts;
    private long[] sums;
    private int bucketRows;
    private boolean gap;
    private long lastBucketLine;

    private long[] scratch;
    private double[] fractionScratch;
    private String unit;

    /** Consumes one line of output (without the line break). */
    @Override
    public void accept(String line) {
        lines++;
        if (failure != null) {
            return;
        }
        try {
            parse(line);
        } catch (OslatParseException e) {
            failure = e;
        }
    }

    /**
     * Lines consumed so far.
     *
     * @return the number of lines passed to {@link #accept} so far, refused ones included
     */
    public long linesSeen() {
        return lines;
    }

    /**
     * The result for a run of these options (their command line).
     *
     * @param testType the KVM4NFV test type name, e.g. {@code Idle-Idle}
     * @param options the options the run was started with
     * @return the per-CPU figures and histograms of the table consumed
     * @throws OslatParseException when a line was refused or the table is missing or incomplete
     */
    public OslatResult result(String testType, OslatOptions options) {
        return result(testType, options.commandLine());
    }

    /**
     * The result of everything consumed.
     *
     * @param testType the KVM4NFV test type name, e.g. {@code Idle-Idle}
     * @param commandLine the command line the run was started with, recorded in the result
     * @return the per-CPU figures and histograms of the table consumed
     * @throws OslatParseException naming the line, when a line was refused (see the class comment)
     *                             or a CPU's figures contradict each other; with line 0 when the
     *                             table is missing or incomplete
     */
    public OslatResult result(String testType, List<String> commandLine) {
        if (failure != null) {
            throw failure;
        }
        if (cores == null) {
            throw new OslatParseException(0, 0, WHAT + " has no result table: no 'Core:' row (" + lines
                    + " lines consumed)");
        }
        if (lastBucketLine == 0) {
            throw new OslatParseException(0, 0, WHAT + " has no last bucket row (the one '" + OVERFLOWS + "')");
        }
        for (Row r : Row.values()) {
            if (rowLine[r.ordinal()] == 0) {
                throw new OslatParseException(0, 0, WHAT + " has no '" + r.key + ":' row");
            }
        }
        List<OslatCpuLatency> cpus = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            cpus.add(cpu(c));
        }
        return OslatResult.of(testType, commandLine, version, biasUs, cpus);
    }

    private OslatCpuLatency cpu(int c) {
        int range = labels[bucketRows - 1];
        TreeMap<Integer, Long> inRange = new TreeMap<>();
        int highest = -1;
        for (int row = 0; row < bucketRows - 1; row++) {
            if (counts[c][row] > 0) {
                inRange.put(labels[row], counts[c][row]);
                highest = labels[row];
            }
        }
        long overflows = counts[c][bucketRows - 1];
        long min = whole(Row.MINIMUM, c);
        long max = whole(Row.MAXIMUM, c);
        String cpu = "CPU " + cores[c] + ": ";
        if (whole(Row.MAX_MIN, c) != max - min) {
            throw tableError(Row.MAX_MIN, cpu + "'Max-Min' " + whole(Row.MAX_MIN, c) + " is not 'Maximum' " + max
                    + " - 'Minimum' " + min);
        }
        // every sample counts in the bucket of its own µs, but for those below the first label (-B) and the overflows
        long floor = overflows > 0 ? range : highest > biasUs + 1 ? highest : 0;
        if (max < floor) {
            throw tableError(Row.MAXIMUM, cpu + "'Maximum' " + max + " us is below the histogram's highest sample of "
                    + floor + " us");
        }
        try {
            return OslatCpuLatency.of(c, cores[c], whole(Row.COUNTER_FREQ, c), min,
                    fractionalRows[Row.AVERAGE.ordinal()][c], max, fractionalRows[Row.DURATION.ordinal()][c],
                    new LatencyHistogram(range, inRange, overflows));
        } catch (IllegalArgumentException e) {
            throw tableError(Row.MINIMUM, e.getMessage());
        }
    }

    private long whole(Row r, int column) {
        return wholeRows[r.ordinal()][column];
    }

    private OslatParseException tableError(Row r, String problem) {
        long at = rowLine[r.ordinal()];
        return new OslatParseException(at, 0, WHAT + " line " + at + ": " + problem);
    }

    private OslatParseException error(int column, String problem) {
        return new OslatParseException(lines, column, WHAT + " line " + lines + (column > 0 ? " column " + column : "")
                + ": " + problem);
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && blank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private void parse(String line) {
        int start = skipBlanks(line, 0);
        if (start == line.length()) {
            return;
        }
        if (line.startsWith(VERSION_LINE, start)) {
            int from = skipBlanks(line, start + VERSION_LINE.length());
            int end = from;
            while (end < line.length() && !blank(line.charAt(end)) && end - from <= 16) {
                end++;
            }
            version = end > from && end - from <= 16 ? line.substring(from, end) : null;
            return;
        }
        if (line.startsWith(BIAS_LINE, start)) {
            bias(line, start + BIAS_LINE.length());
            return;
        }
        if (line.startsWith("...", start) && skipBlanks(line, start + 3) == line.length()) {
            omittedBuckets();
            return;
        }
        int colon = line.indexOf(':', start);
        if (colon < 0) {
            return;
        }
        String key = line.substring(start, colon);
        if (key.equals("Core")) {
            coreRow(line, colon + 1);
            return;
        }
        Row row = Row.of(key);
        boolean bucket = row == null && isBucketKey(key);
        if (row == null && !bucket) {
            return; // the header: "Total runtime:", "CPU list:", ...
        }
        if (cores == null) {
            throw error(0, "'" + key + ":' row before the 'Core:' row");
        }
        if (bucket) {
            bucketRow(line, start, colon);
        } else {
            summaryRow(row, line, colon + 1);
        }
    }

    /** {@code NNN (us)}: digits and the unit; a label with a fraction ({@code oslat -W}) is refused. */
    private boolean isBucketKey(String key) {
        int digits = 0;
        while (digits < key.length() && key.charAt(digits) >= '0' && key.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (key.startsWith(".", digits)) {
            throw error(1, "bucket label " + OslatParseException.quote(key, 0, key.length())
                    + " has a fraction: buckets narrower than 1 us (oslat -W) are not supported");
        }
        return key.length() == digits + 5 && key.startsWith(" (us)", digits);
    }

    private void bias(String line, int from) {
        if (biasSeen || cores != null) {
            throw error(0, "a bias line " + (biasSeen ? "twice" : "after the table began"));
        }
        int end = from;
        while (end < line.length() && line.charAt(end) >= '0' && line.charAt(end) <= '9') {
            end++;
        }
        if (end == from || !line.startsWith(" (us)", end)) {
            throw error(from + 1, "the bias is not a whole number of us: " + OslatParseException.quote(line, from,
                    line.length()));
        }
        long v = wholeNumber(line, from, end);
        if (v > OslatLimits.MAX_BIAS_US) {
            throw error(from + 1, "a bias of " + v + " us is beyond " + OslatLimits.MAX_BIAS_US
                    + " us (it is the smallest latency of a busy loop)");
        }
        biasUs = v;
        biasSeen = true;
    }

    private void coreRow(String line, int from) {
        if (cores != null) {
            throw error(0, "a second 'Core:' row (oslat prints one table)");
        }
        int[] found = new int[8];
        int n = 0;
        int i = skipBlanks(line, from);
        while (i < line.length()) {
            int end = tokenEnd(line, i);
            if (n == OslatLimits.MAX_CPUS) {
                throw error(i + 1, "more than " + OslatLimits.MAX_CPUS + " CPUs");
            }
            long core = wholeNumber(line, i, end);
            if (core > Integer.MAX_VALUE) {
                throw error(i + 1, "CPU " + core + " is not a CPU number");
            }
            if (n == found.length) {
                found = Arrays.copyOf(found, n * 2);
            }
            found[n++] = (int) core;
            i = skipBlanks(line, end);
        }
        if (n == 0) {
            throw error(0, "the 'Core:' row names no CPU");
        }
        int[] sorted = Arrays.copyOf(found, n);
        Arrays.sort(sorted);
        for (int k = 1; k < n; k++) {
            if (sorted[k] == sorted[k - 1]) {
                throw error(0, "the 'Core:' row names CPU " + sorted[k] + " twice");
            }
        }
        cores = Arrays.copyOf(found, n);
        columns = n;
        scratch = new long[n];
        fractionScratch = new double[n];
        counts = new long[n][labels.length];
        sums = new long[n];
    }

    private void omittedBuckets() {
        if (cores == null || lastBucketLine > 0) {
            throw error(0, "'...' (omitted buckets) " + (cores == null ? "before the 'Core:' row" : "after the last bucket"));
        }
        gap = true;
    }

    private void bucketRow(String line, int start, int colon) {
        int labelEnd = line.indexOf(' ', start);
        if (lastBucketLine > 0) {
            throw error(0, "a bucket row after the last bucket (the one '" + OVERFLOWS + "')");
        }
        long label = wholeNumber(line, start, labelEnd);
        long due = bucketRows == 0 ? biasUs + 1 : labels[bucketRows - 1] + 1L;
        long first = bucketRows == 0 ? label : labels[0];
        if (gap ? label <= due : label != due) {
            throw error(start + 1, "bucket " + label + " us where " + (gap ? "a bucket above " + due : "bucket " + due)
                    + " us was due (oslat prints the buckets in order" + (gap ? ", '...' for those it omits)" : ")"));
        }
        if (label - first >= OslatLimits.MAX_BUCKETS || label > biasUs + OslatLimits.MAX_BUCKETS) {
            throw error(start + 1, "bucket " + label + " us is beyond the " + OslatLimits.MAX_BUCKETS
                    + " buckets oslat may have" + (biasUs > 0 ? " above the bias of " + biasUs + " us" : ""));
        }
        int n = columnValues(line, colon + 1, false, "bucket " + label);
        boolean last = OVERFLOWS.equals(unit);
        if (unit != null && !last) {
            throw error(0, "bucket " + label + " ends with " + OslatParseException.quote(unit, 0, unit.length())
                    + ", not '" + OVERFLOWS + "' nor nothing");
        }
        if (bucketRows == labels.length) {
            labels = Arrays.copyOf(labels, bucketRows * 2);
            for (int c = 0; c < columns; c++) {
                counts[c] = Arrays.copyOf(counts[c], labels.length);
            }
        }
        for (int c = 0; c < n; c++) {
            sums[c] += scratch[c]; // each at most MAX_VALUE: no overflow before the check
            if (sums[c] > OslatLimits.MAX_VALUE) {
                throw error(0, "the buckets of CPU " + cores[c] + " add up to more than " + OslatLimits.MAX_VALUE);
            }
            counts[c][bucketRows] = scratch[c];
        }
        labels[bucketRows++] = (int) label;
        gap = false;
        if (last) {
            lastBucketLine = lines;
        }
    }

    private void summaryRow(Row row, String line, int from) {
        if (rowLine[row.ordinal()] > 0) {
            throw error(0, "a second '" + row.key + ":' row (first on line " + rowLine[row.ordinal()] + ")");
        }
        columnValues(line, from, row.fractional, "'" + row.key + ":'");
        if (unit == null || !row.units.contains(unit)) {
            throw error(0, "the '" + row.key + ":' row does not end with its unit " + row.units.get(0)
                    + " (cut short?)");
        }
        if (row.fractional) {
            fractionalRows[row.ordinal()] = fractionScratch.clone();
        } else {
            wholeRows[row.ordinal()] = scratch.clone();
        }
        rowLine[row.ordinal()] = lines;
    }

    /**
     * Reads one value per column into {@link #scratch} (or {@link #fractionScratch}) and the
     * parenthesised unit after them into {@link #unit} ({@code null} when none); refuses another
     * number of values than the {@code Core:} row has.
     */
    private int columnValues(String line, int from, boolean fractional, String what) {
        int n = 0;
        unit = null;
        int i = skipBlanks(line, from);
        while (i < line.length()) {
            if (line.charAt(i) == '(') {
                int end = line.length();
                while (blank(line.charAt(end - 1))) {
                    end--;
                }
                unit = line.substring(i, end);
                break;
            }
            int end = tokenEnd(line, i);
            if (n == columns) {
                throw error(i + 1, what + " has more values than the " + columns + " CPUs of the 'Core:' row");
            }
            if (fractional) {
                fractionScratch[n++] = fraction(line, i, end);
            } else {
                scratch[n++] = wholeNumber(line, i, end);
            }
            i = skipBlanks(line, end);
        }
        if (n != columns) {
            throw error(0, what + " has " + n + " values, the 'Core:' row " + columns + " CPUs");
        }
        return n;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && !blank(s.charAt(i)) && s.charAt(i) != '(') {
            i++;
        }
        return i;
    }

    /** The digits {@code s[from, to)} as a number, refused above {@link OslatLimits#MAX_VALUE}. */
    private long wholeNumber(String s, int from, int to) {
        if (to <= from) {
            throw error(from + 1, "a number is missing");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw error(from + 1, OslatParseException.quote(s, from, to) + " is not a whole number");
            }
            v = v * 10 + (c - '0');
            if (v > OslatLimits.MAX_VALUE) {
                throw error(from + 1, "number " + OslatParseException.quote(s, from, to) + " is larger than "
                        + OslatLimits.MAX_VALUE + " (no oslat count or latency is)");
            }
        }
        return v;
    }

    /** {@code digits[.digits]} as a number in 0..{@link OslatLimits#MAX_VALUE}. */
    private double fraction(String s, int from, int to) {
        int dot = -1;
        boolean valid = to - from <= 40;
        for (int i = from; i < to && valid; i++) {
            char c = s.charAt(i);
            if (c == '.' && dot < 0 && i > from && i < to - 1) {
                dot = i;
            } else if (c < '0' || c > '9') {
                valid = false;
            }
        }
        if (!valid) {
            throw error(from + 1, OslatParseException.quote(s, from, to) + " is not a number like 1.048");
        }
        double v = Double.parseDouble(s.substring(from, to));
        if (v > OslatLimits.MAX_VALUE) {
            throw error(from + 1, "number " + OslatParseException.quote(s, from, to) + " is larger than "
                    + OslatLimits.MAX_VALUE);
        }
        return v;
    }
}
