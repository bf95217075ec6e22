package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.result.Breaktrace;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.ThreadLatency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming parser of cyclictest's standard output (rt-tests 2.x), fed one line at a time
 * (it is a {@code Consumer<String>}, e.g. {@code ExecOptions.withStdout(parser)}). It keeps
 * running figures only, never the output: memory is flat in the number of samples.
 *
 * <p>Understood: the {@code -h} histogram ({@code %06d} bucket, one count column per thread,
 * {@code # Total:}, {@code # Min/Avg/Max Latencies:}, {@code # Histogram Overflows:}, the
 * overflow cycle lists), the {@code T:} summary lines with or without {@code -q} (the
 * {@code ESC[nA} redraw sequences are stripped; the last line of each thread wins), the
 * {@code -v} per-sample lines ({@code thread:cycle:latency}), {@code # Thread Ids:} and a
 * breaktrace hit ({@code # Break thread:} tid, {@code # Break value:} µs). Other lines are
 * ignored.
 *
 * <p>Per thread, the histogram summary lines win over the {@code T:} line, which wins over
 * figures computed from {@code -v} samples. Without histogram the avg is the whole-µs value
 * cyclictest printed ({@code T:} line) or the exact mean of the verbose samples.
 *
 * <p>Hostile or corrupt output is refused, never trusted with memory: a thread index of
 * {@value CyclictestLimits#MAX_THREADS} or more, histogram rows out of order (cyclictest prints
 * every bucket from {@code 000000} up, so memory grows with lines, not with a bucket number),
 * a row with another number of columns than the first, a bucket of
 * {@value CyclictestLimits#MAX_HISTOGRAM_US} or more, or a number above
 * {@value CyclictestLimits#MAX_VALUE}. {@link #accept} never throws (a failing consumer would
 * stop the raw-output copy): the first such line is remembered and {@link #result} throws it
 * as a {@link CyclictestParseException} naming the line; later lines are only counted.
 *
 * <p>Lines must come from one thread (as {@code ExecOptions} delivers them); the live figures
 * ({@link #currentMaxUs()}, {@link #linesSeen()}) may be read from any thread.
 */
public final class CyclictestOutputParser implements Consumer<String> {

    private static final Pattern T_LINE = Pattern.compile(
            "T:\\s*(\\d+)\\s*\\(\\s*(\\d+)\\)\\s*P:\\s*(\\d+)\\s*I:\\s*(\\d+)\\s*C:\\s*(\\d+)\\s*"
                    + "Min:\\s*(\\d+)\\s*Act:\\s*(\\d+)\\s*Avg:\\s*(\\d+(?:\\.\\d+)?)\\s*Max:\\s*(\\d+)");
    private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final List<ThreadAccumulator> threads = new ArrayList<>();
    private final Map<Long, Integer> threadByTid = new HashMap<>();
    private int histogramRows;
    private int histogramColumns;
    private boolean histogramComplete;
    private CyclictestParseException failure;
    private long breakTid = -1;
    private long breakValueUs = -1;
    private volatile long currentMaxUs = -1;
    private volatile long lines;
    private final long[] sampleFields = new long[3];

    /** Consumes one line of output (without the line break). */
    @Override
    public void accept(String raw) {
        lines++;
        if (failure != null) {
            return;
        }
        try {
            parse(raw);
        } catch (CyclictestParseException e) {
            failure = e;
        }
    }

    private void parse(String raw) {
        String line = raw.indexOf('\u001B') >= 0 ? ESCAPE.matcher(raw).replaceAll("") : raw;
        int n = line.length();
        int i = 0;
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\r')) {
            i++;
        }
        if (i == n) {
            return;
        }
        char c = line.charAt(i);
        if (c >= '0' && c <= '9') {
            if (line.indexOf(':', i) >= 0) {
                verboseSample(line, i);
            } else if (i == 0) {
                histogramRow(line);
            }
        } else if (c == '#') {
            comment(line, i);
        } else if (c == 'T' && line.startsWith("T:", i)) {
            summaryLine(line);
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
     * The largest latency seen so far in live output ({@code T:} or {@code -v} lines), if any.
     *
     * @return the largest latency in microseconds seen so far, or empty before the first figure
     */
    public OptionalLong currentMaxUs() {
        long m = currentMaxUs;
        return m < 0 ? OptionalLong.empty() : OptionalLong.of(m);
    }

    /**
     * The result for a run of these options (their command line and histogram range).
     *
     * @param testType the KVM4NFV test type name, e.g. {@code CPU_stress-Idle}
     * @param options the options the run was started with
     * @return the per-thread figures, histograms and breaktrace hit of everything consumed
     * @throws CyclictestParseException when a line was refused or the output held no thread figure
     */
    public CyclictestResult result(String testType, CyclictestOptions options) {
        return result(testType, options.commandLine(), options.histogramUs());
    }

    /**
     * The result of everything consumed.
     *
     * @param testType the KVM4NFV test type name, e.g. {@code CPU_stress-Idle}
     * @param commandLine the command line the run was started with, recorded in the result
     * @param histogramRangeUs the {@code -h} value; 0 to take the number of bucket rows printed
     * @return the per-thread figures, histograms and breaktrace hit of everything consumed
     * @throws CyclictestParseException naming the line, when a line was refused (see the class
     *                                  comment) or a thread's figures contradict each other; with
     *                                  line 0 when the output held no thread figure at all
     */
    public CyclictestResult result(String testType, List<String> commandLine, int histogramRangeUs) {
        if (failure != null) {
            throw failure;
        }
        if (threads.isEmpty()) {
            throw new CyclictestParseException(0, "cyclictest output has no figures (" + lines + " lines consumed)");
        }
        int range = histogramRangeUs > 0 ? histogramRangeUs : histogramRows;
        List<ThreadLatency> out = new ArrayList<>();
        for (int t = 0; t < threads.size(); t++) {
            ThreadAccumulator acc = threads.get(t);
            try {
                out.add(acc.toThreadLatency(t, histogramComplete ? range : 0));
            } catch (IllegalArgumentException e) {
                throw new CyclictestParseException(acc.figuresLine, "cyclictest output line " + acc.figuresLine
                        + ": " + CyclictestParseException.aboutThread(t, e.getMessage()), e);
            }
        }
        Breaktrace bt = null;
        if (breakTid >= 0) {
            bt = new Breaktrace(breakTid, threadByTid.getOrDefault(breakTid, -1), breakValueUs);
        }
        return CyclictestResult.of(testType, commandLine, out, bt);
    }

    private CyclictestParseException error(String problem) {
        return new CyclictestParseException(lines, "cyclictest output line " + lines + ": " + problem);
    }

    private ThreadAccumulator thread(long index) {
        if (index >= CyclictestLimits.MAX_THREADS) {
            throw error("thread " + index + " is beyond the " + CyclictestLimits.MAX_THREADS + " threads a run may have");
        }
        while (threads.size() <= index) {
            threads.add(new ThreadAccumulator());
        }
        return threads.get((int) index);
    }

    /** The figures of thread {@code index}, which this line sets. */
    private ThreadAccumulator figuresOf(long index) {
        ThreadAccumulator acc = thread(index);
        acc.figuresLine = lines;
        return acc;
    }

    /** The end of the run of digits that starts at {@code from}. */
    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The digits {@code s[from, to)} as a number, refused above {@link CyclictestLimits#MAX_VALUE}. */
    private long number(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > CyclictestLimits.MAX_VALUE) {
                throw error("number " + CyclictestParseException.excerpt(s, from, to) + " is larger than "
                        + CyclictestLimits.MAX_VALUE + " (no cyclictest count or latency is)");
            }
        }
        return v;
    }

    private void raiseCurrentMax(long v) {
        if (v > currentMaxUs) {
            currentMaxUs = v;
        }
    }

    private void verboseSample(String line, int from) {
        long[] f = sampleFields;
        if (parseColonFields(line, from, f) != 3) {
            return;
        }
        ThreadAccumulator acc = thread(f[0]);
        long v = f[2];
        acc.vCount++;
        acc.vSum += v; // at most MAX_VALUE per line: it takes ~9000 lines of it to overflow
        if (acc.vSum > CyclictestLimits.MAX_VALUE) {
            throw error("thread " + f[0] + ": the verbose samples add up to more than " + CyclictestLimits.MAX_VALUE);
        }
        if (v < acc.vMin) {
            acc.vMin = v;
        }
        if (v > acc.vMax) {
            acc.vMax = v;
            raiseCurrentMax(v);
        }
    }

    /** Parses "  n:  c:  v" into {@code out}; returns how many fields were read. */
    private int parseColonFields(String s, int from, long[] out) {
        int n = s.length();
        int field = 0;
        int i = from;
        while (field < out.length) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int end = digitsEnd(s, i);
            if (end == i) {
                return field;
            }
            out[field++] = number(s, i, end);
            i = end;
            if (i < n && s.charAt(i) == ':') {
                i++;
            } else {
                break;
            }
        }
        return field;
    }

    /** A row "%06d" bucket, then one count per thread; rows come in bucket order from 0. */
    private void histogramRow(String line) {
        int n = line.length();
        int i = digitsEnd(line, 0);
        long bucket = number(line, 0, i);
        int column = 0;
        int start = i;
        // first pass: check the row's shape before it touches any accumulator
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int end = digitsEnd(line, i);
            if (end == i) {
                return; // not a histogram row
            }
            number(line, i, end);
            column++;
            i = end;
        }
        if (column == 0) {
            throw error("histogram row " + CyclictestParseException.excerpt(line, 0, digitsEnd(line, 0)) + " has no count column");
        }
        if (bucket != histogramRows) {
            throw error("histogram row for bucket " + CyclictestParseException.excerpt(line, 0, digitsEnd(line, 0)) + " where bucket "
                    + histogramRows + " was due (cyclictest prints every bucket in order)");
        }
        if (bucket >= CyclictestLimits.MAX_HISTOGRAM_US) {
            throw error("histogram bucket " + bucket + " is beyond the largest -h (" + CyclictestLimits.MAX_HISTOGRAM_US + ")");
        }
        if (histogramColumns == 0) {
            thread(column - 1);
            histogramColumns = column;
        } else if (column != histogramColumns) {
            throw error("histogram row " + bucket + " has " + column + " count columns, the first row had "
                    + histogramColumns);
        }
        i = start;
        for (int t = 0; t < column; t++) {
            while (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
                i++;
            }
            int end = digitsEnd(line, i);
            ThreadAccumulator acc = thread(t);
            acc.addBucket((int) bucket, number(line, i, end));
            if (acc.bucketSum > CyclictestLimits.MAX_VALUE) {
                throw error("thread " + t + ": the histogram counts add up to more than " + CyclictestLimits.MAX_VALUE);
            }
            i = end;
        }
        histogramRows = (int) bucket + 1;
    }

    private long[] numbersAfterColon(String line, int colon) {
        long[] values = new long[8];
        int count = 0;
        int n = line.length();
        int i = colon + 1;
        while (i < n) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                if (c == '#') {
                    break; // "# 01572 others"
                }
                i++;
                continue;
            }
            int end = digitsEnd(line, i);
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = number(line, i, end);
            i = end;
        }
        return Arrays.copyOf(values, count);
    }

    private void comment(String line, int hash) {
        int colon = line.indexOf(':', hash);
        if (colon < 0) {
            return;
        }
        String key = line.substring(hash + 1, colon).trim();
        switch (key) {
            case "Total" -> perThread(line, colon, (acc, v) -> {
                acc.histTotal = v;
                acc.totalLine = lines;
            });
            case "Min Latencies" -> perThread(line, colon, (acc, v) -> acc.histMin = v);
            case "Avg Latencies" -> perThread(line, colon, (acc, v) -> acc.histAvg = v);
            case "Max Latencies" -> perThread(line, colon, (acc, v) -> acc.histMax = v);
            case "Histogram Overflows" -> {
                perThread(line, colon, (acc, v) -> acc.histOverflows = v);
                histogramComplete = true;
            }
            case "Thread Ids" -> {
                long[] tids = numbersAfterColon(line, colon);
                for (int t = 0; t < tids.length; t++) {
                    threadByTid.put(tids[t], t);
                }
            }
            case "Break thread" -> {
                long[] v = numbersAfterColon(line, colon);
                if (v.length == 1) {
                    breakTid = v[0];
                }
            }
            case "Break value" -> {
                long[] v = numbersAfterColon(line, colon);
                if (v.length == 1) {
                    breakValueUs = v[0];
                    raiseCurrentMax(v[0]);
                }
            }
            default -> {
                // "# Histogram", "# Thread N: <overflow cycles>", "# /dev/cpu_dma_latency set to 0us"
            }
        }
    }

    private interface Setter {
        void set(ThreadAccumulator acc, long value);
    }

    private void perThread(String line, int colon, Setter setter) {
        long[] values = numbersAfterColon(line, colon);
        if (values.length > 0) {
            thread(values.length - 1); // refuses a line with too many threads before it changes any
        }
        for (int t = 0; t < values.length; t++) {
            setter.set(figuresOf(t), values[t]);
        }
    }

    private void summaryLine(String line) {
        Matcher m = T_LINE.matcher(line);
        if (!m.find()) {
            return;
        }
        long index = number(line, m.start(1), m.end(1));
        long tid = number(line, m.start(2), m.end(2));
        long cycles = number(line, m.start(5), m.end(5));
        long min = number(line, m.start(6), m.end(6));
        number(line, m.start(8), digitsEnd(line, m.start(8))); // the avg's whole µs, bounded like the others
        long max = number(line, m.start(9), m.end(9));
        ThreadAccumulator acc = figuresOf(index);
        acc.tSeen = true;
        acc.tCycles = cycles;
        acc.tMin = min;
        acc.tAvg = Double.parseDouble(m.group(8));
        acc.tMax = max;
        if (tid > 0) {
            threadByTid.put(tid, (int) index);
        }
        if (acc.tCycles > 0) {
            raiseCurrentMax(acc.tMax);
        }
    }

    /** Running figures of one thread; -1 means "not seen". */
    private static final class ThreadAccumulator {
        long[] buckets = new long[0];
        long bucketSum;
        long histTotal = -1;
        long histMin = -1;
        long histAvg = -1;
        long histMax = -1;
        long histOverflows = -1;
        /** The line of the last summary that set this thread's figures (for messages). */
        long figuresLine;
        long totalLine;

        boolean tSeen;
        long tCycles;
        long tMin;
        double tAvg;
        long tMax;

        long vCount;
        long vSum;
        long vMin = Long.MAX_VALUE;
        long vMax = Long.MIN_VALUE;

        void addBucket(int bucket, long count) {
            if (bucket >= buckets.length) {
                buckets = Arrays.copyOf(buckets, Math.max(bucket + 1, buckets.length * 2));
            }
            buckets[bucket] += count;
            bucketSum += count;
        }

        ThreadLatency toThreadLatency(int index, int histogramRange) {
            if (histogramRange > 0 && histOverflows >= 0) {
                LatencyHistogram h = LatencyHistogram.ofDense(buckets, histogramRange, histOverflows);
                if (histTotal >= 0 && histTotal != h.inRangeCount()) {
                    throw new CyclictestParseException(totalLine, "cyclictest output line " + totalLine + ": thread "
                            + index + ": '# Total' says " + histTotal + " but the histogram rows add up to "
                            + h.inRangeCount());
                }
                long samples = h.sampleCount();
                if (samples == 0) {
                    return ThreadLatency.of(index, 0, 0, 0, 0, h);
                }
                long min = histMin >= 0 ? histMin : tMin;
                long max = histMax >= 0 ? histMax : tMax;
                double avg = histAvg >= 0 ? histAvg : tAvg;
                return ThreadLatency.of(index, samples, min, avg, max, h);
            }
            if (tSeen) {
                if (tCycles == 0) {
                    return ThreadLatency.withoutHistogram(index, 0, 0, 0, 0);
                }
                return ThreadLatency.withoutHistogram(index, tCycles, tMin, tAvg, tMax);
            }
            if (vCount > 0) {
                return ThreadLatency.withoutHistogram(index, vCount, vMin, (double) vSum / vCount, vMax);
            }
            return ThreadLatency.withoutHistogram(index, 0, 0, 0, 0);
        }
    }
}
