package io.kvm4nfv.probe.cyclictest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.ThreadLatency;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the file cyclictest writes with {@code --json=FILE} (rt-tests 2.x, {@code file_version} 1).
 *
 * <p>Its quirks: the keys {@code "cmdline:"} and {@code "rt_test_version:"} carry a stray
 * colon; per thread ({@code "thread": {"0": {...}}}) it gives {@code "cycles"}, {@code "min"},
 * {@code "max"}, an {@code "avg"} with two decimals and a {@code "histogram"} that lists only
 * non-zero buckets. Without {@code -h} the histogram is there but empty ({@code {}}): the
 * thread then has cyclictest's figures and no histogram. Overflows are not listed: they are
 * {@code cycles} minus the histogram's sum. The histogram range is not listed either: it is
 * read from the {@code -h N}/{@code --histogram=N} of the command line (or given by the caller).
 *
 * <p>Bad input fails with a {@link CyclictestParseException}: a syntax error names its line and
 * column, anything else the thread and key. Thread keys must be {@code 0..n-1} with
 * {@code n <= }{@value CyclictestLimits#MAX_THREADS}, buckets inside the range, numbers
 * between 0 and {@value CyclictestLimits#MAX_VALUE}.
 */
public final class CyclictestJsonParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern HISTOGRAM_OPTION = Pattern.compile("(?:^|\\s)(?:-h\\s*|--histogram=|-H\\s*|--histofall=)(\\d+)");
    private static final String WHAT = "cyclictest JSON";

    private CyclictestJsonParser() {
    }

    /**
     * Parses the JSON text; the histogram range comes from its command line.
     *
     * @param json the content of cyclictest's {@code --json} file
     * @param testType the KVM4NFV test type name, e.g. {@code CPU_stress-Idle}
     * @return the run's per-thread figures and histograms, with the file's command line
     * @throws CyclictestParseException for anything that is not a cyclictest JSON file
     */
    public static CyclictestResult parse(String json, String testType) {
        return parse(json, testType, 0);
    }

    /**
     * Parses the JSON text.
     *
     * @param json the content of cyclictest's {@code --json} file
     * @param testType the KVM4NFV test type name, e.g. {@code CPU_stress-Idle}
     * @param histogramRangeUs the {@code -h} value, or 0 to read it from the {@code "cmdline:"}
     * @return the run's per-thread figures and histograms, with the file's command line
     * @throws CyclictestParseException for anything that is not a cyclictest JSON file (see the class comment)
     */
    public static CyclictestResult parse(String json, String testType, int histogramRangeUs) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            String where = at == null ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new CyclictestParseException(line, WHAT + where + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw error("is not a JSON object");
        }
        String cmdline = text(root, "cmdline:", "cmdline");
        int range = histogramRangeUs > 0 ? checkedRange(histogramRangeUs, "the given -h") : histogramRange(cmdline);
        JsonNode threadsNode = root.get("thread");
        if (threadsNode == null || !threadsNode.isObject() || threadsNode.isEmpty()) {
            throw error("has no \"thread\" object");
        }
        if (threadsNode.size() > CyclictestLimits.MAX_THREADS) {
            throw error("lists " + threadsNode.size() + " threads, more than the " + CyclictestLimits.MAX_THREADS
                    + " a run may have");
        }
        ThreadLatency[] threads = new ThreadLatency[threadsNode.size()];
        Iterator<Map.Entry<String, JsonNode>> it = threadsNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int index = index(e.getKey(), threads.length, "thread key");
            if (threads[index] != null) {
                throw error("thread " + index + " is listed twice");
            }
            threads[index] = thread(index, e.getValue(), range);
        }
        List<String> argv = cmdline == null ? List.of() : Arrays.asList(cmdline.trim().split("\\s+"));
        return CyclictestResult.of(testType, argv, Arrays.asList(threads), null);
    }

    private static CyclictestParseException error(String problem) {
        return new CyclictestParseException(0, WHAT + " " + problem);
    }

    /** A key that must be a whole number in {@code 0..limit-1}: thread keys fill 0..n-1, buckets the range. */
    private static int index(String key, int limit, String what) {
        if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error(what + " \"" + CyclictestParseException.excerpt(key) + "\" is not a number in 0.." + (limit - 1));
        }
        int i = Integer.parseInt(key);
        if (i >= limit) {
            throw error(what + " \"" + key + "\" is outside 0.." + (limit - 1));
        }
        return i;
    }

    private static ThreadLatency thread(int index, JsonNode t, int range) {
        long cycles = number(t, "cycles", index);
        JsonNode h = t.get("histogram");
        if (h != null && !h.isObject()) {
            throw error("thread " + index + ": \"histogram\" is not an object");
        }
        LatencyHistogram histogram = null;
        if (h != null && (range > 0 || !h.isEmpty())) {
            if (range <= 0) {
                throw error("thread " + index + " has histogram buckets but the histogram range (-h) is unknown:"
                        + " no -h N or --histogram=N in \"cmdline:\"");
            }
            histogram = histogram(index, h, range, cycles);
        }
        if (cycles == 0) {
            return ThreadLatency.of(index, 0, 0, 0, 0, histogram);
        }
        long min = number(t, "min", index);
        long max = number(t, "max", index);
        double avg = fraction(t, "avg", index);
        try {
            return ThreadLatency.of(index, cycles, min, avg, max, histogram);
        } catch (IllegalArgumentException e) {
            throw error(CyclictestParseException.aboutThread(index, e.getMessage()));
        }
    }

    /** The non-zero buckets of one thread; what they do not hold of its cycles are overflows. */
    private static LatencyHistogram histogram(int index, JsonNode h, int range, long cycles) {
        TreeMap<Integer, Long> buckets = new TreeMap<>();
        long inRange = 0;
        Iterator<Map.Entry<String, JsonNode>> it = h.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> b = it.next();
            int bucket = index(b.getKey(), range, "thread " + index + ": histogram bucket");
            long count = bounded(b.getValue(), "histogram bucket " + bucket, index);
            buckets.put(bucket, count);
            inRange += count; // each at most MAX_VALUE, and checked against cycles at every step
            if (inRange > cycles) {
                throw error("thread " + index + ": histogram holds more than its " + cycles + " cycles");
            }
        }
        return new LatencyHistogram(range, buckets, cycles - inRange);
    }

    private static long number(JsonNode t, String key, int index) {
        return bounded(t.get(key), "\"" + key + "\"", index);
    }

    /** A count or latency: a whole number in 0..MAX_VALUE. */
    private static long bounded(JsonNode v, String what, int index) {
        if (v == null || !v.isNumber()) {
            throw error("thread " + index + ": " + what + " missing or not a number");
        }
        double d = v.doubleValue();
        if (!(d >= 0 && d <= CyclictestLimits.MAX_VALUE) || d != Math.rint(d)) {
            throw error("thread " + index + ": " + what + " is " + CyclictestParseException.excerpt(v.asText())
                    + ", not a whole number in 0.." + CyclictestLimits.MAX_VALUE);
        }
        return v.asLong();
    }

    private static double fraction(JsonNode t, String key, int index) {
        JsonNode v = t.get(key);
        if (v == null || !v.isNumber()) {
            throw error("thread " + index + ": \"" + key + "\" missing or not a number");
        }
        double d = v.doubleValue();
        if (!(d >= 0 && d <= CyclictestLimits.MAX_VALUE)) {
            throw error("thread " + index + ": \"" + key + "\" is " + CyclictestParseException.excerpt(v.asText()) + ", not in 0.."
                    + CyclictestLimits.MAX_VALUE);
        }
        return d;
    }

    private static String text(JsonNode root, String... keys) {
        for (String k : keys) {
            JsonNode v = root.get(k);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }

    /**
     * The {@code -h}/{@code --histogram=} value of a command line, 0 when absent.
     *
     * @throws CyclictestParseException when it is above {@link CyclictestLimits#MAX_HISTOGRAM_US}
     */
    static int histogramRange(String cmdline) {
        if (cmdline == null) {
            return 0;
        }
        Matcher m = HISTOGRAM_OPTION.matcher(cmdline);
        if (!m.find()) {
            return 0;
        }
        String digits = m.group(1);
        if (digits.length() > 9) {
            throw error("\"cmdline:\" asks for a histogram of " + CyclictestParseException.excerpt(digits) + " buckets, more than "
                    + CyclictestLimits.MAX_HISTOGRAM_US);
        }
        return checkedRange(Integer.parseInt(digits), "\"cmdline:\" -h");
    }

    private static int checkedRange(int range, String source) {
        if (range > CyclictestLimits.MAX_HISTOGRAM_US) {
            throw error(source + " is " + range + " buckets, more than " + CyclictestLimits.MAX_HISTOGRAM_US);
        }
        return range;
    }
}
