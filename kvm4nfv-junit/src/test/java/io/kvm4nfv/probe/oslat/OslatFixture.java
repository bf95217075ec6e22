package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.testing.TestResources;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the captured oslat outputs and takes oslat's own figures from them with plain,
 * independent code (regular expressions and counting), to check the parsers against.
 */
final class OslatFixture {
    private static final Pattern ROW = Pattern.compile("^\\s*([A-Za-z -]+|\\d+ \\(us\\)):\\t((?: [0-9.]+)+)(?: \\(.*\\))?$");

    private OslatFixture() {
    }

    static String text(String name) {
        return TestResources.text("/oslat/" + name);
    }

    static List<String> lines(String name) {
        return text(name).lines().toList();
    }

    static OslatOutputParser parsed(String name) {
        OslatOutputParser parser = new OslatOutputParser();
        lines(name).forEach(parser);
        return parser;
    }

    /** The values of every table row by its name ({@code Minimum}, {@code 001 (us)}, ...), as oslat printed them. */
    static Map<String, String[]> rows(String name) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String l : lines(name)) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                rows.put(m.group(1).trim(), m.group(2).trim().split(" "));
            }
        }
        return rows;
    }

    static long[] longs(Map<String, String[]> rows, String key) {
        return Arrays.stream(rows.get(key)).mapToLong(Long::parseLong).toArray();
    }

    static double[] doubles(Map<String, String[]> rows, String key) {
        return Arrays.stream(rows.get(key)).mapToDouble(Double::parseDouble).toArray();
    }

    /** label -> count of column {@code column}, for every bucket row printed. */
    static Map<Integer, Long> buckets(Map<String, String[]> rows, int column) {
        Map<Integer, Long> b = new LinkedHashMap<>();
        rows.forEach((key, values) -> {
            if (key.endsWith(" (us)")) {
                b.put(Integer.parseInt(key.substring(0, key.length() - 5)), Long.parseLong(values[column]));
            }
        });
        return b;
    }

    /**
     * The percentile as the label of the ceil(q*n)-th smallest sample, counted bucket by bucket, the last bucket's samples
     * counting as larger than every other: returns -1 when that sample is in the last bucket.
     */
    static long percentileByCounting(Map<Integer, Long> buckets, double q) {
        int last = buckets.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        long n = buckets.values().stream().mapToLong(Long::longValue).sum();
        long rank = new java.math.BigDecimal(Double.toString(q)).multiply(java.math.BigDecimal.valueOf(n))
                .setScale(0, java.math.RoundingMode.CEILING).longValue();
        long seen = 0;
        for (Map.Entry<Integer, Long> e : buckets.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey() == last ? -1 : e.getKey();
            }
        }
        throw new AssertionError("rank " + rank + " beyond " + n + " samples");
    }
}
