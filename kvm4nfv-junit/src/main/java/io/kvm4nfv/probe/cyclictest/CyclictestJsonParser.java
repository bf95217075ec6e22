package io.kvm4nfv.probe.cyclictest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.ThreadLatency;

import java.util.ArrayList;
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
 * {@code "max"}, a fractional {@code "avg"} and, with {@code -h}, a {@code "histogram"} that
 * lists only non-zero buckets. Overflows are not listed: they are {@code cycles} minus the
 * histogram's sum. The histogram range is not listed either: it is read from the
 * {@code -h N}/{@code --histogram=N} of the command line (or given by the caller).
 */
public final class CyclictestJsonParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern HISTOGRAM_OPTION = Pattern.compile("(?:^|\\s)(?:-h\\s*|--histogram=|-H\\s*|--histofall=)(\\d+)");

    private CyclictestJsonParser() {
    }

    /** Parses the JSON text; the histogram range comes from its command line. */
    public static CyclictestResult parse(String json, String testType) {
        return parse(json, testType, 0);
    }

    /**
     * Parses the JSON text.
     *
     * @param histogramRangeUs the {@code -h} value, or 0 to read it from the {@code "cmdline:"}
     */
    public static CyclictestResult parse(String json, String testType, int histogramRangeUs) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cyclictest JSON is not JSON: " + e.getOriginalMessage(), e);
        }
        String cmdline = text(root, "cmdline:", "cmdline");
        int range = histogramRangeUs > 0 ? histogramRangeUs : histogramRange(cmdline);
        JsonNode threadsNode = root.get("thread");
        if (threadsNode == null || !threadsNode.isObject() || threadsNode.isEmpty()) {
            throw new IllegalArgumentException("cyclictest JSON has no \"thread\" object");
        }
        Map<Integer, ThreadLatency> byIndex = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = threadsNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int index;
            try {
                index = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("cyclictest JSON: thread key is not an index: " + e.getKey(), ex);
            }
            byIndex.put(index, thread(index, e.getValue(), range));
        }
        List<ThreadLatency> threads = new ArrayList<>(byIndex.values());
        List<String> argv = cmdline == null ? List.of() : Arrays.asList(cmdline.trim().split("\\s+"));
        return CyclictestResult.of(testType, argv, threads, null);
    }

    private static ThreadLatency thread(int index, JsonNode t, int range) {
        long cycles = number(t, "cycles", index).asLong();
        if (cycles == 0) {
            return ThreadLatency.of(index, 0, 0, 0, 0, null);
        }
        long min = number(t, "min", index).asLong();
        long max = number(t, "max", index).asLong();
        double avg = number(t, "avg", index).asDouble();
        LatencyHistogram histogram = null;
        JsonNode h = t.get("histogram");
        if (h != null && h.isObject()) {
            if (range <= 0) {
                throw new IllegalArgumentException("cyclictest JSON has a histogram but its range (-h) is unknown");
            }
            TreeMap<Integer, Long> buckets = new TreeMap<>();
            long inRange = 0;
            Iterator<Map.Entry<String, JsonNode>> it = h.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> b = it.next();
                long count = b.getValue().asLong();
                buckets.put(Integer.parseInt(b.getKey()), count);
                inRange += count;
            }
            if (inRange > cycles) {
                throw new IllegalArgumentException("cyclictest JSON thread " + index + ": histogram holds " + inRange
                        + " samples, more than its " + cycles + " cycles");
            }
            histogram = new LatencyHistogram(range, buckets, cycles - inRange);
        }
        return ThreadLatency.of(index, cycles, min, avg, max, histogram);
    }

    private static JsonNode number(JsonNode t, String key, int index) {
        JsonNode v = t.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("cyclictest JSON thread " + index + ": \"" + key + "\" missing or not a number");
        }
        return v;
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

    /** The {@code -h}/{@code --histogram=} value of a command line, 0 when absent. */
    static int histogramRange(String cmdline) {
        if (cmdline == null) {
            return 0;
        }
        Matcher m = HISTOGRAM_OPTION.matcher(cmdline);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
