package io.kvm4nfv.probe.cyclictest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the captured cyclictest outputs and computes expected figures from them with plain,
 * independent code (regular expressions and sorting), to check the streaming parser against.
 */
final class Fixture {
    private static final Pattern ROW = Pattern.compile("^(\\d{6})((?:\\s+\\d+)+)\\s*$");

    private Fixture() {
    }

    static String text(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/cyclictest/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String name) {
        return text(name).lines().toList();
    }

    static CyclictestOutputParser parsed(String name) {
        CyclictestOutputParser parser = new CyclictestOutputParser();
        lines(name).forEach(parser);
        return parser;
    }

    /** The numbers of the "# KEY:" line, one per thread. */
    static long[] hashLine(String name, String key) {
        for (String l : lines(name)) {
            if (l.startsWith("# " + key + ":")) {
                return Arrays.stream(l.substring(key.length() + 3).trim().split("\\s+"))
                        .mapToLong(Long::parseLong).toArray();
            }
        }
        throw new AssertionError("no '# " + key + ":' line in " + name);
    }

    /** counts[thread][bucket] from the histogram rows. */
    static long[][] histogram(String name) {
        List<long[]> rows = new ArrayList<>();
        for (String l : lines(name)) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                long[] cols = Arrays.stream(m.group(2).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
                if (Integer.parseInt(m.group(1)) != rows.size()) {
                    throw new AssertionError("rows not in order at " + l);
                }
                rows.add(cols);
            }
        }
        int threads = rows.get(0).length;
        long[][] counts = new long[threads][rows.size()];
        for (int b = 0; b < rows.size(); b++) {
            for (int t = 0; t < threads; t++) {
                counts[t][b] = rows.get(b)[t];
            }
        }
        return counts;
    }

    /**
     * The percentile as the ceil(q*n)-th smallest sample, where overflows count as larger
     * than every bucket: returns -1 when that sample is an overflow.
     */
    static long percentileBySorting(long[] counts, long overflows, double q) {
        long n = Arrays.stream(counts).sum() + overflows;
        long[] samples = new long[(int) n];
        int k = 0;
        for (int b = 0; b < counts.length; b++) {
            for (long c = 0; c < counts[b]; c++) {
                samples[k++] = b;
            }
        }
        while (k < n) {
            samples[k++] = Long.MAX_VALUE;
        }
        Arrays.sort(samples);
        long rank = new java.math.BigDecimal(Double.toString(q)).multiply(java.math.BigDecimal.valueOf(n))
                .setScale(0, java.math.RoundingMode.CEILING).longValue();
        long v = samples[(int) rank - 1];
        return v == Long.MAX_VALUE ? -1 : v;
    }

    /** The last T: line of each thread, after removing escape sequences: {C, Min, Avg, Max} by thread. */
    static List<long[]> lastSummaries(String name) {
        Pattern t = Pattern.compile("T: *(\\d+) .*C: *(\\d+) Min: *(\\d+) Act: *\\d+ Avg: *(\\d+) Max: *(\\d+)");
        List<long[]> last = new ArrayList<>();
        for (String l : lines(name)) {
            Matcher m = t.matcher(l.replaceAll("\u001B\\[\\d*A", ""));
            if (m.find()) {
                int idx = Integer.parseInt(m.group(1));
                while (last.size() <= idx) {
                    last.add(null);
                }
                last.set(idx, new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5))});
            }
        }
        return last;
    }
}
