package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.HardwareLatencySample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Reads hwlatdetect's output (rt-tests' Python script, stdout and stderr as they come) line by line,
 * keeping no line: the parameters it echoes ({@code Latency threshold: 10us}, {@code Sample window:},
 * {@code Sample width:}), the summary ({@code Max Latency: Below threshold} or {@code Max Latency: 14us},
 * {@code Samples recorded: N}, {@code Samples exceeding threshold: N}, {@code N SMIs occured on cpu C},
 * {@code SMIs during run: N}) and the samples listed after it ({@code ts: T, inner:I, outer:O}), of
 * which the {@link HardwareLatencyResult#MAX_SAMPLES_KEPT} largest are kept.
 *
 * <p>hwlatdetect fails with a Python traceback where it cannot measure. The last line of the
 * traceback says why; {@link #unavailableReason()} turns the ones that mean "this machine cannot
 * measure" into a sentence: {@code DetectorNotAvailable} (no {@code hwlat} tracer in the kernel),
 * {@code RuntimeError: Must be root}, {@code Failed to mount debugfs}, {@code PermissionError}. Any
 * other exception is {@link #pythonError()}: a failure, not an unavailable probe.
 *
 * <p>Memory is bounded whatever the input: numbers are read digit by digit into a long (a number
 * beyond a long is a {@link HwlatParseException} naming line and column), timestamps and kept texts
 * are capped, and the samples kept are a bounded heap.
 */
public final class HwlatReportParser implements Consumer<String> {

    /** Longest timestamp accepted (the tracer prints seconds.nanoseconds, about 20 characters). */
    static final int MAX_TIMESTAMP_CHARS = 40;
    /** Longest text kept from a traceback line. */
    static final int MAX_REASON_CHARS = 300;

    private static final String TRACEBACK = "Traceback (most recent call last):";

    private record Kept(long index, HardwareLatencySample sample) {
    }

    private final int maxSamplesKept;
    private final PriorityQueue<Kept> largest;
    private long lineNo;
    private long samplesListed;
    private Long durationSeconds;
    private Long thresholdUs;
    private Long windowUs;
    private Long widthUs;
    private Long maxLatencyUs;
    private boolean belowThreshold;
    private Long samplesRecorded;
    private Long samplesOverThreshold;
    private Long smiTotal;
    private long smiPerCpuSum;
    private boolean smiPerCpuSeen;
    private boolean inTraceback;
    private String pythonError;

    /** A parser keeping the {@link HardwareLatencyResult#MAX_SAMPLES_KEPT} largest samples. */
    public HwlatReportParser() {
        this(HardwareLatencyResult.MAX_SAMPLES_KEPT);
    }

    /**
     * A parser keeping the {@code maxSamplesKept} largest samples (1..{@link HardwareLatencyResult#MAX_SAMPLES_KEPT}).
     *
     * @param maxSamplesKept how many of the largest samples to keep
     * @throws IllegalArgumentException when {@code maxSamplesKept} is outside the range
     */
    public HwlatReportParser(int maxSamplesKept) {
        if (maxSamplesKept < 1 || maxSamplesKept > HardwareLatencyResult.MAX_SAMPLES_KEPT) {
            throw new IllegalArgumentException("maxSamplesKept must be 1.." + HardwareLatencyResult.MAX_SAMPLES_KEPT
                    + ": " + maxSamplesKept);
        }
        this.maxSamplesKept = maxSamplesKept;
        // smallest first (ties: the later one goes first), so the head is the one to drop
        this.largest = new PriorityQueue<>(Comparator.comparingLong((Kept k) -> k.sample().largestUs())
                .thenComparing(Kept::index, Comparator.reverseOrder()));
    }

    /** Reads one line of output. */
    @Override
    public void accept(String line) {
        lineNo++;
        Cursor c = new Cursor(line, lineNo);
        c.skipSpaces();
        if (c.at(TRACEBACK)) {
            inTraceback = true;
            return;
        }
        if (c.take("hwlatdetect:  test duration ")) {
            durationSeconds = once(durationSeconds, c.number("test duration"), "test duration");
            c.expectEnd(" seconds");
        } else if (c.take("Latency threshold:")) {
            thresholdUs = once(thresholdUs, microseconds(c, "latency threshold"), "Latency threshold");
        } else if (c.take("Sample window:")) {
            windowUs = once(windowUs, microseconds(c, "sample window"), "Sample window");
        } else if (c.take("Sample width:")) {
            widthUs = once(widthUs, microseconds(c, "sample width"), "Sample width");
        } else if (c.take("Max Latency: ")) {
            if (c.take("Below threshold")) {
                c.expectEnd("");
                maxLatencyUs = once(maxLatencyUs, 0L, "Max Latency");
                belowThreshold = true;
            } else {
                maxLatencyUs = once(maxLatencyUs, c.number("max latency"), "Max Latency");
                c.expectEnd("us");
            }
        } else if (c.take("Samples recorded: ")) {
            samplesRecorded = once(samplesRecorded, c.number("samples recorded"), "Samples recorded");
            c.expectEnd("");
        } else if (c.take("Samples exceeding threshold: ")) {
            samplesOverThreshold = once(samplesOverThreshold, c.number("samples exceeding threshold"),
                    "Samples exceeding threshold");
            c.expectEnd("");
        } else if (c.take("SMIs during run: ")) {
            smiTotal = once(smiTotal, c.smallNumber("SMIs during run"), "SMIs during run");
            c.expectEnd("");
        } else if (c.take("ts: ")) {
            sample(c);
        } else if (c.digitAhead() && c.contains(" SMIs occured on cpu ")) {
            long smis = c.smallNumber("SMI count");
            c.expect(" SMIs occured on cpu ");
            c.number("cpu");
            c.expectEnd("");
            smiPerCpuSeen = true;
            smiPerCpuSum = Math.min(Integer.MAX_VALUE, smiPerCpuSum + smis);
        } else if (inTraceback && exceptionLine(line)) {
            // the traceback's last line: "ExceptionType: message" (stdout lines may come between, unindented)
            String e = line.strip();
            pythonError = cap(e.startsWith("__main__.") ? e.substring("__main__.".length()) : e);
            inTraceback = false;
        }
    }

    /** Whether {@code line} is a Python exception line: a (dotted) class name, then the end or {@code ": "}. */
    static boolean exceptionLine(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
                || line.charAt(i) == '.')) {
            i++;
        }
        if (i == 0 || !Character.isLetter(line.charAt(0)) && line.charAt(0) != '_') {
            return false;
        }
        String name = line.substring(Math.max(0, line.lastIndexOf('.', i - 1) + 1), i);
        boolean exceptionName = name.endsWith("Error") || name.endsWith("Exception") || name.endsWith("Interrupt")
                || name.endsWith("NotAvailable") || name.equals("SystemExit");
        return exceptionName && (i == line.length() || line.startsWith(": ", i));
    }

    private void sample(Cursor c) {
        String ts = c.until(',', MAX_TIMESTAMP_CHARS, "timestamp");
        c.expect(", inner:");
        long inner = c.number("inner");
        c.expect(", outer:");
        long outer = c.number("outer");
        c.expectEnd("");
        samplesListed++;
        Kept k = new Kept(samplesListed, new HardwareLatencySample(ts, inner, outer));
        largest.add(k);
        if (largest.size() > maxSamplesKept) {
            largest.poll();
        }
    }

    private static long microseconds(Cursor c, String what) {
        c.skipSpaces();
        long v = c.number(what);
        c.expectEnd("us");
        return v;
    }

    private Long once(Long previous, long value, String what) {
        if (previous != null) {
            throw new HwlatParseException(lineNo, 0, "'" + what + "' appears twice (" + previous + ", then " + value
                    + "): two runs in one output?");
        }
        return value;
    }

    private static String cap(String s) {
        return s.length() <= MAX_REASON_CHARS ? s : s.substring(0, MAX_REASON_CHARS) + "…";
    }

    /**
     * Lines read so far.
     *
     * @return the number of lines passed to {@link #accept} so far
     */
    public long lines() {
        return lineNo;
    }

    /**
     * Whether the summary was printed whole (max latency, samples recorded, samples exceeding threshold).
     *
     * @return {@code true} when the max latency, samples recorded and samples exceeding threshold lines were all read
     */
    public boolean complete() {
        return maxLatencyUs != null && samplesRecorded != null && samplesOverThreshold != null;
    }

    /**
     * The last line of a Python traceback hwlatdetect printed (e.g. {@code RuntimeError: ...}), if any.
     *
     * @return the exception line, without a {@code __main__.} prefix, or empty when no traceback ended
     */
    public java.util.Optional<String> pythonError() {
        return java.util.Optional.ofNullable(pythonError);
    }

    /**
     * Why hwlatdetect could not measure on this machine, in one sentence, when its traceback says
     * so; empty otherwise (also for other Python errors: see {@link #pythonError()}).
     *
     * @return the reason as a sentence quoting hwlatdetect, or empty
     */
    public java.util.Optional<String> unavailableReason() {
        if (pythonError == null) {
            return java.util.Optional.empty();
        }
        String e = pythonError;
        String reason = null;
        if (e.startsWith("DetectorNotAvailable")) {
            reason = "the kernel has no hwlat tracer (CONFIG_HWLAT_TRACER), hwlatdetect said: " + e;
        } else if (e.equals("RuntimeError: Must be root")) {
            reason = "hwlatdetect must run as root, hwlatdetect said: " + e;
        } else if (e.startsWith("RuntimeError: Failed to mount debugfs")
                || e.startsWith("RuntimeError: failed to mount debugfs")) {
            reason = "debugfs is not mounted and hwlatdetect could not mount it, hwlatdetect said: " + e;
        } else if (e.startsWith("PermissionError")) {
            reason = "hwlatdetect was denied access to tracefs or debugfs, hwlatdetect said: " + e;
        }
        return java.util.Optional.ofNullable(reason);
    }

    /**
     * The samples kept: the largest ones, in the order they were listed.
     *
     * @return the kept samples in listing order
     */
    public List<HardwareLatencySample> samples() {
        List<Kept> kept = new ArrayList<>(largest);
        kept.sort(Comparator.comparingLong(Kept::index));
        return kept.stream().map(Kept::sample).toList();
    }

    /**
     * The result of the run on {@code node}: unavailable when hwlatdetect said it cannot measure here.
     *
     * @param node the node's name
     * @param options the options the run was started with (threshold and duration when the output does not echo them)
     * @return the measured result, or an unavailable one with the reason
     * @throws HwlatParseException when the summary is missing (the message says which line) or is inconsistent
     */
    public HardwareLatencyResult result(String node, HwlatOptions options) {
        long threshold = thresholdUs != null ? thresholdUs : options.thresholdUs();
        java.util.Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            return HardwareLatencyResult.unavailable(node, unavailable.get(), threshold, options.commandLine(),
                    options.durationSeconds());
        }
        if (!complete()) {
            String missing = maxLatencyUs == null ? "Max Latency" : samplesRecorded == null ? "Samples recorded"
                    : "Samples exceeding threshold";
            throw new HwlatParseException(0, 0, "no '" + missing + ":' line in " + lineNo + " lines"
                    + (pythonError == null ? "" : "; hwlatdetect failed: " + pythonError));
        }
        if (samplesListed > samplesRecorded) {
            throw new HwlatParseException(0, 0, samplesListed + " samples listed but 'Samples recorded: "
                    + samplesRecorded + "'");
        }
        // each count fits an int (smallNumber); a per-CPU sum beyond an int is kept at Integer.MAX_VALUE
        Integer smis = smiTotal != null ? Integer.valueOf(smiTotal.intValue())
                : smiPerCpuSeen ? Integer.valueOf((int) smiPerCpuSum) : null;
        return new HardwareLatencyResult(node, true, null, threshold, windowUs == null ? 0 : windowUs,
                widthUs == null ? 0 : widthUs, maxLatencyUs, belowThreshold, samplesRecorded, samplesOverThreshold,
                smis, samples(), options.commandLine(), durationSeconds != null ? durationSeconds
                : options.durationSeconds(), null);
    }

    /** A position in one line; every error names the line and the 1-based column. */
    private static final class Cursor {
        private final String s;
        private final long line;
        private int pos;

        Cursor(String s, long line) {
            this.s = s;
            this.line = line;
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        boolean at(String literal) {
            return s.startsWith(literal, pos);
        }

        boolean take(String literal) {
            if (s.startsWith(literal, pos)) {
                pos += literal.length();
                return true;
            }
            return false;
        }

        boolean digitAhead() {
            return pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9';
        }

        boolean contains(String literal) {
            return s.indexOf(literal, pos) >= 0;
        }

        void expect(String literal) {
            if (!take(literal)) {
                throw error("expected '" + literal + "' but found " + excerpt());
            }
        }

        /** Expects {@code literal}, then the end of the line (trailing blanks allowed). */
        void expectEnd(String literal) {
            expect(literal);
            int end = s.length();
            while (end > pos && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            if (end != pos) {
                throw error("unexpected text after the value: " + excerpt());
            }
        }

        /** A decimal number that fits a long. */
        long number(String what) {
            int start = pos;
            long v = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                int d = s.charAt(pos) - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    pos = start;
                    throw error(what + " does not fit a long: " + excerpt());
                }
                v = v * 10 + d;
                pos++;
            }
            if (pos == start) {
                throw error("expected the " + what + " (a number) but found " + excerpt());
            }
            return v;
        }

        /** A decimal number that fits an int (an SMI count). */
        long smallNumber(String what) {
            int start = pos;
            long v = number(what);
            if (v > Integer.MAX_VALUE) {
                pos = start;
                throw error(what + " does not fit an int: " + excerpt());
            }
            return v;
        }

        /** The text up to {@code stop} (excluded), non-empty, without blanks, at most {@code max} characters. */
        String until(char stop, int max, String what) {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != stop) {
                char ch = s.charAt(pos);
                if (Character.isWhitespace(ch) || Character.isISOControl(ch) || pos - start >= max) {
                    int at = pos;
                    pos = start;
                    throw error(what + " must be 1.." + max + " characters without blanks: "
                            + (at - start >= max ? "too long" : "blank at column " + (at + 1)));
                }
                pos++;
            }
            if (pos == start) {
                throw error("empty " + what);
            }
            return s.substring(start, pos);
        }

        HwlatParseException error(String problem) {
            return new HwlatParseException(line, pos + 1, problem);
        }

        /** The text at the cursor for a message: at most 24 characters, control characters escaped. */
        String excerpt() {
            if (pos >= s.length()) {
                return "the end of the line";
            }
            int end = Math.min(s.length(), pos + 24);
            StringBuilder sb = new StringBuilder("'");
            for (int i = pos; i < end; i++) {
                char ch = s.charAt(i);
                sb.append(Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
            }
            return sb.append(end < s.length() ? "…'" : "'").toString();
        }
    }
}
