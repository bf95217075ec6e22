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
 * <p>Lines must come from one thread (as {@code ExecOptions} delivers them); the live figures
 * ({@link #currentMaxUs()}, {@link #linesSeen()}) may be read from any thread.
 */
public final class CyclictestOutputParser implements Consumer<String> {

    private static final Pattern T_LINE = Pattern.compile(
            "T:\\s*(\\d+)\\s*\\(\\s*(\\d+)\\)\\s*P:\\s*(\\d+)\\s*I:\\s*(\\d+)\\s*C:\\s*(\\d+)\\s*"
                    + "Min:\\s*(\\d+)\\s*Act:\\s*(\\d+)\\s*Avg:\\s*([\\d.]+)\\s*Max:\\s*(\\d+)");
    private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final List<ThreadAccumulator> threads = new ArrayList<>();
    private final Map<Long, Integer> threadByTid = new HashMap<>();
    private int histogramRows;
    private boolean histogramComplete;
    private long breakTid = -1;
    private long breakValueUs = -1;
    private volatile long currentMaxUs = -1;
    private volatile long lines;
    private final long[] sampleFields = new long[3];

    /** Consumes one line of output (without the line break). */
    @Override
    public void accept(String raw) {
        lines++;
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

    /** Lines consumed so far. */
    public long linesSeen() {
        return lines;
    }

    /** The largest latency seen so far in live output ({@code T:} or {@code -v} lines), if any. */
    public OptionalLong currentMaxUs() {
        long m = currentMaxUs;
        return m < 0 ? OptionalLong.empty() : OptionalLong.of(m);
    }

    /** The result for a run of these options (their command line and histogram range). */
    public CyclictestResult result(String testType, CyclictestOptions options) {
        return result(testType, options.commandLine(), options.histogramUs());
    }

    /**
     * The result of everything consumed.
     *
     * @param histogramRangeUs the {@code -h} value; 0 to take the number of bucket rows printed
     * @throws IllegalStateException when the output held no thread figure at all
     */
    public CyclictestResult result(String testType, List<String> commandLine, int histogramRangeUs) {
        if (threads.isEmpty()) {
            throw new IllegalStateException("no cyclictest figures in the output (" + lines + " lines consumed)");
        }
        int range = histogramRangeUs > 0 ? histogramRangeUs : histogramRows;
        List<ThreadLatency> out = new ArrayList<>();
        for (int t = 0; t < threads.size(); t++) {
            out.add(threads.get(t).toThreadLatency(t, histogramComplete ? range : 0));
        }
        Breaktrace bt = null;
        if (breakTid >= 0) {
            bt = new Breaktrace(breakTid, threadByTid.getOrDefault(breakTid, -1), breakValueUs);
        }
        return CyclictestResult.of(testType, commandLine, out, bt);
    }

    private ThreadAccumulator thread(int index) {
        while (threads.size() <= index) {
            threads.add(new ThreadAccumulator());
        }
        return threads.get(index);
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
        ThreadAccumulator acc = thread((int) f[0]);
        long v = f[2];
        acc.vCount++;
        acc.vSum += v;
        if (v < acc.vMin) {
            acc.vMin = v;
        }
        if (v > acc.vMax) {
            acc.vMax = v;
            raiseCurrentMax(v);
        }
    }

    /** Parses "  n:  c:  v" into {@code out}; returns how many fields were read. */
    private static int parseColonFields(String s, int from, long[] out) {
        int n = s.length();
        int field = 0;
        int i = from;
        while (field < out.length) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            long v = 0;
            int digits = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0) {
                return field;
            }
            out[field++] = v;
            if (i < n && s.charAt(i) == ':') {
                i++;
            } else {
                break;
            }
        }
        return field;
    }

    private void histogramRow(String line) {
        int n = line.length();
        int i = 0;
        long bucket = -1;
        int column = -1;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            long v = 0;
            int start = i;
            while (i < n && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
                v = v * 10 + (line.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return; // not a histogram row
            }
            if (column < 0) {
                bucket = v;
            } else {
                thread(column).addBucket((int) bucket, v);
            }
            column++;
        }
        if (bucket >= 0 && column >= 0) {
            histogramRows = (int) Math.max(histogramRows, bucket + 1);
        }
    }

    private static long[] numbersAfterColon(String line, int colon) {
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
            long v = 0;
            while (i < n && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
                v = v * 10 + (line.charAt(i) - '0');
                i++;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
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
            case "Total" -> perThread(line, colon, (acc, v) -> acc.histTotal = v);
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
        for (int t = 0; t < values.length; t++) {
            setter.set(thread(t), values[t]);
        }
    }

    private void summaryLine(String line) {
        Matcher m = T_LINE.matcher(line);
        if (!m.find()) {
            return;
        }
        int index = Integer.parseInt(m.group(1));
        ThreadAccumulator acc = thread(index);
        long tid = Long.parseLong(m.group(2));
        acc.tSeen = true;
        acc.tCycles = Long.parseLong(m.group(5));
        acc.tMin = Long.parseLong(m.group(6));
        acc.tAvg = Double.parseDouble(m.group(8));
        acc.tMax = Long.parseLong(m.group(9));
        if (tid > 0) {
            threadByTid.put(tid, index);
        }
        if (acc.tCycles > 0) {
            raiseCurrentMax(acc.tMax);
        }
    }

    /** Running figures of one thread; -1 means "not seen". */
    private static final class ThreadAccumulator {
        long[] buckets = new long[0];
        long histTotal = -1;
        long histMin = -1;
        long histAvg = -1;
        long histMax = -1;
        long histOverflows = -1;

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
        }

        ThreadLatency toThreadLatency(int index, int histogramRange) {
            if (histogramRange > 0 && histOverflows >= 0) {
                LatencyHistogram h = LatencyHistogram.ofDense(buckets, histogramRange, histOverflows);
                if (histTotal >= 0 && histTotal != h.inRangeCount()) {
                    throw new IllegalStateException("thread " + index + ": '# Total' says " + histTotal
                            + " but the histogram rows add up to " + h.inRangeCount());
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
                    return ThreadLatency.of(index, 0, 0, 0, 0, null);
                }
                return ThreadLatency.of(index, tCycles, tMin, tAvg, tMax, null);
            }
            if (vCount > 0) {
                return ThreadLatency.of(index, vCount, vMin, (double) vSum / vCount, vMax, null);
            }
            return ThreadLatency.of(index, 0, 0, 0, 0, null);
        }
    }
}
