package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.LatencyPercentileUs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary of a {@code sockperf ping-pong} run (sockperf 3.x): messages sent and received
 * in the valid (post-warm-up) period, and the latency figures, which sockperf reports as
 * half the round-trip time in µs. Colour escape sequences are ignored.
 *
 * @param sentMessages     messages sent in the valid duration
 * @param receivedMessages replies received in the valid duration
 * @param runTimeSec       the valid duration
 * @param avgUs            mean latency
 * @param minUs            smallest observation
 * @param maxUs            largest observation
 * @param percentiles      the reported percentiles, ascending
 */
public record SockperfOutput(long sentMessages, long receivedMessages, double runTimeSec, double avgUs, double minUs,
                             double maxUs, List<LatencyPercentileUs> percentiles) {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern VALID = Pattern.compile(
            "\\[Valid Duration\\] RunTime=([0-9.]+) sec; SentMessages=(\\d+); ReceivedMessages=(\\d+)");
    private static final Pattern AVG = Pattern.compile("avg-latency=([0-9.]+)");
    private static final Pattern MAX = Pattern.compile("---> <MAX> observation =\\s*([0-9.]+)");
    private static final Pattern MIN = Pattern.compile("---> <MIN> observation =\\s*([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("---> percentile\\s+([0-9.]+)\\s*=\\s*([0-9.]+)");

    /**
     * Copies the percentiles.
     *
     * @param sentMessages     messages sent in the valid duration
     * @param receivedMessages replies received in the valid duration
     * @param runTimeSec       the valid duration, seconds
     * @param avgUs            mean latency, µs
     * @param minUs            smallest observation, µs
     * @param maxUs            largest observation, µs
     * @param percentiles      the reported percentiles, ascending; copied
     */
    public SockperfOutput {
        percentiles = List.copyOf(percentiles);
    }

    /**
     * Parses sockperf's client output.
     *
     * @param lines the client's output lines, colour escapes allowed
     * @return the summary of the valid period
     * @throws ForwardingFailedException when no reply came back, the summary is missing, or a
     *                                   figure of it is not a number (naming its line)
     */
    public static SockperfOutput parse(List<String> lines) {
        Long sent = null;
        Long received = null;
        Double runTime = null;
        Double avg = null;
        Double min = null;
        Double max = null;
        List<LatencyPercentileUs> pcts = new ArrayList<>();
        int number = 0;
        int validLine = 0;
        for (String raw : lines) {
            number++;
            String line = ANSI.matcher(raw).replaceAll("");
            if (line.contains("No messages were received")) {
                throw failure(number, "no reply came back over the path: " + OutputExcerpt.of(line.trim()));
            }
            Matcher m;
            if ((m = VALID.matcher(line)).find()) {
                runTime = decimal(m.group(1), number);
                sent = whole(m.group(2), number);
                received = whole(m.group(3), number);
                validLine = number;
            } else if ((m = AVG.matcher(line)).find()) {
                avg = decimal(m.group(1), number);
            } else if ((m = MAX.matcher(line)).find()) {
                max = decimal(m.group(1), number);
            } else if ((m = MIN.matcher(line)).find()) {
                min = decimal(m.group(1), number);
            } else if ((m = PCT.matcher(line)).find()) {
                double quantile = decimal(m.group(1), number); // checks the text; the exact value follows
                try {
                    quantile = new java.math.BigDecimal(m.group(1)).movePointLeft(2).doubleValue(); // 99.999 -> 0.99999
                    pcts.add(new LatencyPercentileUs(quantile, decimal(m.group(2), number)));
                } catch (IllegalArgumentException e) {
                    throw failure(number, e.getMessage());
                }
            }
        }
        if (sent == null || avg == null || min == null || max == null) {
            throw new ForwardingFailedException("sockperf printed no latency summary (last lines: "
                    + lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream().map(OutputExcerpt::of).toList()
                    + ")");
        }
        if (received == 0) {
            throw failure(validLine, "0 of " + sent + " messages came back");
        }
        pcts.sort(java.util.Comparator.comparingDouble(LatencyPercentileUs::quantile));
        return new SockperfOutput(sent, received, runTime, avg, min, max, pcts);
    }

    private static ForwardingFailedException failure(int line, String problem) {
        return new ForwardingFailedException("sockperf output line " + line + ": " + problem);
    }

    /** A figure sockperf printed with a decimal point: finite, or an error naming the line. */
    private static double decimal(String text, int line) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // "1.2.3", "." and the like: reported below
        }
        throw failure(line, "'" + OutputExcerpt.of(text) + "' is not a number");
    }

    /** A message count: a whole number that fits a long, or an error naming the line. */
    private static long whole(String text, int line) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw failure(line, "'" + OutputExcerpt.of(text) + "' is not a message count");
        }
    }
}
