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

    public SockperfOutput {
        percentiles = List.copyOf(percentiles);
    }

    /**
     * Parses sockperf's client output.
     *
     * @throws ForwardingFailedException when no reply came back or the summary is missing
     */
    public static SockperfOutput parse(List<String> lines) {
        Long sent = null;
        Long received = null;
        Double runTime = null;
        Double avg = null;
        Double min = null;
        Double max = null;
        List<LatencyPercentileUs> pcts = new ArrayList<>();
        for (String raw : lines) {
            String line = ANSI.matcher(raw).replaceAll("");
            if (line.contains("No messages were received")) {
                throw new ForwardingFailedException("sockperf: no reply came back over the path: " + line.trim());
            }
            Matcher m;
            if ((m = VALID.matcher(line)).find()) {
                runTime = Double.parseDouble(m.group(1));
                sent = Long.parseLong(m.group(2));
                received = Long.parseLong(m.group(3));
            } else if ((m = AVG.matcher(line)).find()) {
                avg = Double.parseDouble(m.group(1));
            } else if ((m = MAX.matcher(line)).find()) {
                max = Double.parseDouble(m.group(1));
            } else if ((m = MIN.matcher(line)).find()) {
                min = Double.parseDouble(m.group(1));
            } else if ((m = PCT.matcher(line)).find()) {
                pcts.add(new LatencyPercentileUs(new java.math.BigDecimal(m.group(1)).movePointLeft(2).doubleValue(),
                        Double.parseDouble(m.group(2))));
            }
        }
        if (sent == null || avg == null || min == null || max == null) {
            throw new ForwardingFailedException("sockperf printed no latency summary (last lines: "
                    + lines.subList(Math.max(0, lines.size() - 5), lines.size()) + ")");
        }
        if (received == 0) {
            throw new ForwardingFailedException("sockperf: 0 of " + sent + " messages came back");
        }
        pcts.sort(java.util.Comparator.comparingDouble(LatencyPercentileUs::quantile));
        return new SockperfOutput(sent, received, runTime, avg, min, max, pcts);
    }
}
