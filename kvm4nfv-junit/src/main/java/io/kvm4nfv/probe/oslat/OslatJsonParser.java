package io.kvm4nfv.probe.oslat;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the file oslat writes with {@code --json=FILE} (rt-tests 2.x, {@code file_version} 1):
 * {@code "cmdline:"} and {@code "rt_test_version:"} (with a stray colon), {@code "num_threads"},
 * and per thread ({@code "thread": {"0": {...}}}) {@code "cpu"}, {@code "freq"} (MHz),
 * {@code "min"}, {@code "avg"} (six decimals where the text table prints three),
 * {@code "max"}, {@code "duration"} (s) and a {@code "histogram"} that lists only the non-zero
 * buckets, keyed by their label in µs.
 *
 * <p>The file does not say where the histogram ends, and that last bucket includes the
 * overflows: it is the bias plus the bucket count ({@code -b}/{@code --bucket-size}, 32
 * without), read from {@code "cmdline:"}. The bias of {@code -B} is not in the file: the caller
 * gives it (the text output prints it as {@code Global bias set to N (us)}); a {@code -B} run
 * without it is refused.
 *
 * <p>Bad input fails with an {@link OslatParseException}: a syntax error names its line and
 * column, anything else the thread and key. Thread keys must be {@code 0..n-1} with
 * {@code n <= }{@value OslatLimits#MAX_CPUS}, buckets inside the histogram, numbers between 0
 * and {@value OslatLimits#MAX_VALUE}.
 */
public final class OslatJsonParser {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String WHAT = "oslat JSON";
    /** getopt's short options of oslat 2.x that take a value ({@code -W} since 2.5). */
    private static final String SHORT_WITH_VALUE = "bcCDfmTwW";

    private OslatJsonParser() {
    }

    /**
     * Parses the JSON text of a run without {@code -B}.
     *
     * @param json the content of oslat's {@code --json} file
     * @param testType the KVM4NFV test type name, e.g. {@code Idle-Idle}
     * @return the per-CPU figures and histograms, with the file's command line
     * @throws OslatParseException for anything that is not an oslat JSON file, or a {@code -B} run
     */
    public static OslatResult parse(String json, String testType) {
        return parse(json, testType, OptionalLong.empty());
    }

    /**
     * Parses the JSON text.
     *
     * @param json the content of oslat's {@code --json} file
     * @param testType the KVM4NFV test type name, e.g. {@code Idle-Idle}
     * @param biasUs the bias oslat printed for a {@code -B} run; empty for a run without {@code -B}
     * @return the per-CPU figures and histograms, with the file's command line
     * @throws OslatParseException for anything that is not an oslat JSON file (see the class comment)
     */
    public static OslatResult parse(String json, String testType, OptionalLong biasUs) {
        JsonNode root = tree(json);
        if (root == null || !root.isObject()) {
            throw error("is not a JSON object");
        }
        String cmdline = text(root, "cmdline:", "cmdline");
        List<String> argv = cmdline == null ? List.of() : Arrays.asList(cmdline.trim().split("\\s+"));
        Options options = options(argv);
        if (options.bias && biasUs.isEmpty()) {
            throw error("is of a -B run and does not hold the bias: give the bias oslat printed ('Global bias set to"
                    + " N (us)')");
        }
        long bias = biasUs.orElse(0);
        if (bias < 0 || bias > OslatLimits.MAX_BIAS_US) {
            throw error("bias " + bias + " us is outside 0.." + OslatLimits.MAX_BIAS_US);
        }
        JsonNode threadsNode = root.get("thread");
        if (threadsNode == null || !threadsNode.isObject() || threadsNode.isEmpty()) {
            throw error("has no \"thread\" object");
        }
        int n = threadsNode.size();
        if (n > OslatLimits.MAX_CPUS) {
            throw error("lists " + n + " threads, more than the " + OslatLimits.MAX_CPUS + " CPUs a run may have");
        }
        JsonNode declared = root.get("num_threads");
        if (declared != null && !(declared.isIntegralNumber() && declared.asLong() == n)) {
            throw error("says \"num_threads\": " + OslatParseException.quote(declared.toString(), 0,
                    declared.toString().length()) + " but lists " + n + " threads");
        }
        OslatCpuLatency[] cpus = new OslatCpuLatency[n];
        Iterator<Map.Entry<String, JsonNode>> it = threadsNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int index = index(e.getKey(), n, "thread key");
            if (cpus[index] != null) {
                throw error("thread " + index + " is listed twice");
            }
            cpus[index] = thread(index, e.getValue(), bias, options.bucketSize);
        }
        return OslatResult.of(testType, argv, text(root, "rt_test_version:", "rt_test_version"), bias,
                Arrays.asList(cpus));
    }

    /** The JSON tree; a syntax error (or a duplicate key) names its line and column. */
    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : JsonLocation.NA;
            int line = Math.max(0, at.getLineNr());
            int column = Math.max(0, at.getColumnNr());
            String where = line > 0 ? " line " + line + " column " + column : "";
            throw new OslatParseException(line, column, WHAT + where + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** What the command line says about the histogram. */
    private record Options(int bucketSize, boolean bias) {
    }

    /** The bucket count and {@code -B} of an oslat argv, read the way getopt reads it. */
    private static Options options(List<String> argv) {
        String bucketSize = null;
        boolean bias = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("--")) {
                bias |= a.equals("--bias");
                if (a.startsWith("--bucket-size=")) {
                    bucketSize = a.substring("--bucket-size=".length());
                } else if (a.equals("--bucket-size") && i + 1 < argv.size()) {
                    bucketSize = argv.get(++i);
                }
                continue;
            }
            for (int k = 1; a.startsWith("-") && k < a.length(); k++) {
                char c = a.charAt(k);
                if (SHORT_WITH_VALUE.indexOf(c) >= 0) {
                    String value = k + 1 < a.length() ? a.substring(k + 1) : i + 1 < argv.size() ? argv.get(++i) : "";
                    bucketSize = c == 'b' ? value : bucketSize;
                    break;
                }
                bias |= c == 'B';
            }
        }
        if (bucketSize == null) {
            return new Options(OslatOptions.DEFAULT_BUCKETS, bias);
        }
        if (!bucketSize.matches("\\d{1,4}") || Integer.parseInt(bucketSize) < 2
                || Integer.parseInt(bucketSize) > OslatLimits.MAX_BUCKETS) {
            throw error("\"cmdline:\" asks for " + OslatParseException.quote(bucketSize, 0, bucketSize.length())
                    + " buckets, not 2.." + OslatLimits.MAX_BUCKETS);
        }
        return new Options(Integer.parseInt(bucketSize), bias);
    }

    private static OslatParseException error(String problem) {
        return new OslatParseException(0, 0, WHAT + " " + problem);
    }

    private static OslatParseException error(int thread, String problem) {
        return error("thread " + thread + ": " + problem);
    }

    /** A key that must be a whole number in {@code 0..limit-1}. */
    private static int index(String key, int limit, String what) {
        if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error(what + " " + OslatParseException.quote(key, 0, key.length()) + " is not a number in 0.."
                    + (limit - 1));
        }
        int i = Integer.parseInt(key);
        if (i >= limit) {
            throw error(what + " " + key + " is outside 0.." + (limit - 1));
        }
        return i;
    }

    private static OslatCpuLatency thread(int index, JsonNode t, long bias, int bucketSize) {
        if (!t.isObject()) {
            throw error(index, "is not an object");
        }
        long cpu = whole(t, "cpu", index);
        if (cpu > Integer.MAX_VALUE) {
            throw error(index, "\"cpu\" " + cpu + " is not a CPU number");
        }
        JsonNode h = t.get("histogram");
        if (h == null || !h.isObject()) {
            throw error(index, "\"histogram\" missing or not an object");
        }
        int first = (int) bias + 1;
        int last = (int) bias + bucketSize;
        TreeMap<Integer, Long> inRange = new TreeMap<>();
        long overflows = 0;
        long samples = 0;
        Iterator<Map.Entry<String, JsonNode>> it = h.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> b = it.next();
            int label = label(b.getKey(), first, last, index);
            long count = (long) number(b.getValue(), "histogram bucket " + label, index, true);
            samples += count; // each at most MAX_VALUE, checked at every step
            if (samples > OslatLimits.MAX_VALUE) {
                throw error(index, "the histogram adds up to more than " + OslatLimits.MAX_VALUE);
            }
            if (label == last) {
                overflows = count;
            } else {
                inRange.put(label, count);
            }
        }
        try {
            return OslatCpuLatency.of(index, (int) cpu, whole(t, "freq", index), whole(t, "min", index),
                    fraction(t, "avg", index), whole(t, "max", index), fraction(t, "duration", index),
                    new LatencyHistogram(last, inRange, overflows));
        } catch (IllegalArgumentException e) {
            throw error(index, e.getMessage());
        }
    }

    /** A histogram key: a label in µs from {@code first} to {@code last}. */
    private static int label(String key, int first, int last, int thread) {
        if (key.isEmpty() || key.length() > 9 || key.chars().anyMatch(c -> c < '0' || c > '9')) {
            throw error(thread, "histogram bucket " + OslatParseException.quote(key, 0, key.length())
                    + " is not a label in " + first + ".." + last + " us");
        }
        long label = Long.parseLong(key);
        if (label < first || label > last) {
            throw error(thread, "histogram bucket " + label + " us is outside " + first + ".." + last
                    + " us (the bias plus 1 to the bucket count)");
        }
        return (int) label;
    }

    private static long whole(JsonNode t, String key, int thread) {
        return (long) number(t.get(key), "\"" + key + "\"", thread, true);
    }

    private static double fraction(JsonNode t, String key, int thread) {
        return number(t.get(key), "\"" + key + "\"", thread, false);
    }

    /** A count, latency or duration: a number in 0..MAX_VALUE, and whole if {@code whole}. */
    private static double number(JsonNode v, String what, int thread, boolean whole) {
        if (v == null || !v.isNumber()) {
            throw error(thread, what + " missing or not a number");
        }
        double d = v.doubleValue();
        if (!(d >= 0 && d <= OslatLimits.MAX_VALUE) || whole && !v.canConvertToExactIntegral()) {
            String shown = v.asText();
            throw error(thread, what + " is " + OslatParseException.quote(shown, 0, shown.length()) + ", not a "
                    + (whole ? "whole " : "") + "number in 0.." + OslatLimits.MAX_VALUE);
        }
        return whole ? v.asLong() : d;
    }

    /** The first of these keys that holds a string, or {@code null}. */
    private static String text(JsonNode root, String... keys) {
        return Stream.of(keys).map(root::get).filter(v -> v != null && v.isTextual()).map(JsonNode::asText)
                .findFirst().orElse(null);
    }
}
