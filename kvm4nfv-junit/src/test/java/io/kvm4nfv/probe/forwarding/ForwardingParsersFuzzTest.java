package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.LatencyPercentileUs;
import io.kvm4nfv.testing.Fuzz;
import io.kvm4nfv.testing.Mutate;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the traffic generators' result parsers: VSPERF result CSVs and sockperf's
 * summary, generated with known figures (which they must parse to) and mutated (which must
 * give a result or a {@link ForwardingFailedException} saying where).
 */
class ForwardingParsersFuzzTest {

    private static final List<String> CSV_TOKENS = List.of(",", "\"", "\"\"", "\r\n", "Unknown", "FAILED",
            "packet_size", "frame_loss_percent", "1e308", "-5", "64.5", "9019", "63", "100.0001");
    private static final List<String> SOCKPERF_TOKENS = List.of("sockperf: ---> percentile ",
            "sockperf: ---> <MAX> observation = ", "avg-latency=", "No messages were received",
            "[Valid Duration] RunTime=", "SentMessages=", "ReceivedMessages=", "1.2.3", "0.000", "100.001", "\u001B[0m");
    private static final List<Integer> SIZES = List.of(64, 128, 512, 1024, 1518);

    // ---- VSPERF ------------------------------------------------------------------------------

    /** A result file and the figures it must parse to. */
    record Csv(String text, List<FrameSizeResult> expected) {
    }

    private static String cell(Random r, String value) {
        if (value == null) {
            return r.nextBoolean() ? "" : "Unknown";
        }
        return r.nextInt(5) == 0 ? "\"" + value + "\"" : value;
    }

    private static String decimal(Random r, double max) {
        return String.format(Locale.ROOT, "%.3f", r.nextDouble() * max);
    }

    private static Double maybe(Random r, String v) {
        return r.nextInt(6) == 0 ? null : Double.valueOf(v);
    }

    static Csv validCsv(Random r) {
        List<String> columns = new ArrayList<>(List.of("packet_size", "throughput_rx_fps", "throughput_rx_mbps",
                "min_latency_ns", "avg_latency_ns", "max_latency_ns", "frame_loss_percent", "tx_frames", "rx_frames",
                "type", "id", "deployment", "vswitch"));
        Collections.shuffle(columns, r);
        String eol = r.nextBoolean() ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(String.join(",", columns)).append(eol);
        List<FrameSizeResult> expected = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>(SIZES.subList(0, 1 + r.nextInt(SIZES.size())));
        Collections.shuffle(sizes, r);
        for (int size : sizes) {
            double min = r.nextDouble() * 50_000;
            double max = min + r.nextDouble() * 1_000_000;
            double avg = min + r.nextDouble() * (max - min);
            Double minNs = maybe(r, String.format(Locale.ROOT, "%.3f", min));
            Double avgNs = maybe(r, String.format(Locale.ROOT, "%.3f", avg));
            Double maxNs = maybe(r, String.format(Locale.ROOT, "%.3f", max));
            Double fps = maybe(r, decimal(r, 15_000_000));
            Double mbps = maybe(r, decimal(r, 10_000));
            Double loss = maybe(r, decimal(r, 100));
            Long tx = r.nextBoolean() ? null : (long) r.nextInt(1_000_000);
            Long rx = tx == null ? null : (long) r.nextInt((int) (tx + 1));
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                row.add(switch (c) {
                    case "packet_size" -> cell(r, Integer.toString(size));
                    case "throughput_rx_fps" -> cell(r, text(fps));
                    case "throughput_rx_mbps" -> cell(r, text(mbps));
                    case "min_latency_ns" -> cell(r, text(minNs));
                    case "avg_latency_ns" -> cell(r, text(avgNs));
                    case "max_latency_ns" -> cell(r, text(maxNs));
                    case "frame_loss_percent" -> cell(r, text(loss));
                    case "tx_frames" -> cell(r, tx == null ? null : tx.toString());
                    case "rx_frames" -> cell(r, rx == null ? null : rx.toString());
                    case "type" -> "rfc2544_throughput";
                    case "id" -> "\"pvp, \"\"tput\"\"\"";
                    case "deployment" -> "pvp";
                    default -> "OvsDpdkVhost";
                });
            }
            text.append(String.join(",", row)).append(eol);
            Double lossOrComputed = loss;
            if (loss == null && tx != null && tx > 0) {
                lossOrComputed = Math.max(0, (tx - rx) * 100.0 / tx);
            }
            expected.add(new FrameSizeResult(size, us(minNs), us(avgNs), us(maxNs), List.of(), fps, mbps,
                    lossOrComputed, tx, rx));
        }
        return new Csv(text.toString(), expected);
    }

    private static String text(Double v) {
        return v == null ? null : String.format(Locale.ROOT, "%.3f", v);
    }

    private static Double us(Double ns) {
        return ns == null ? null : ns / 1000.0;
    }

    @Test
    void validVsperfResultsParseToTheirFigures() {
        Fuzz.property("vsperf csv valid", 500).showing(c -> ((Csv) c).text()).forAll(ForwardingParsersFuzzTest::validCsv,
                c -> assertThat(VsperfResultCsv.parse(c.text(), "f.csv").stream().map(VsperfResultCsv.Row::figures)
                        .toList()).isEqualTo(c.expected()));
    }

    @Test
    void mutatedVsperfResultsGiveFiguresOrAnErrorNamingFileAndLine() {
        Fuzz.property("vsperf csv mutated", 3000).forAll(r -> Mutate.text(r, validCsv(r).text(), CSV_TOKENS), csv -> {
            try {
                VsperfResultCsv.parse(csv, "f.csv");
            } catch (ForwardingFailedException e) {
                assertThat(e.getMessage()).as("message").matches(
                        "(?s)VSPERF result f\\.csv (line \\d+: .*|is empty|has a header but no result row)");
            }
        });
    }

    // ---- sockperf ----------------------------------------------------------------------------

    /** sockperf's client output and the summary it must parse to. */
    record Sockperf(List<String> lines, SockperfOutput expected) {
    }

    static Sockperf validSockperf(Random r) {
        long sent = 1 + r.nextInt(1_000_000);
        long received = 1 + (long) (r.nextDouble() * sent);
        String runTime = String.format(Locale.ROOT, "%.3f", 0.1 + r.nextDouble() * 100);
        long minNs = r.nextInt(100_000);
        long maxNs = minNs + r.nextInt(10_000_000);
        double min = minNs / 1000.0;
        double max = maxNs / 1000.0;
        double avg = (minNs + (long) (r.nextDouble() * (maxNs - minNs))) / 1000.0;
        String esc = r.nextBoolean() ? "\u001B[2;35m" : "";
        String end = esc.isEmpty() ? "" : "\u001B[0m";
        List<String> lines = new ArrayList<>(List.of("sockperf: " + esc + "== version #3.7-no.git == " + end,
                "sockperf: Starting test...", "sockperf: Test ended",
                "sockperf: [Total Run] RunTime=1.001 sec; Warm up time=400 msec; SentMessages=" + (sent + 10)
                        + "; ReceivedMessages=" + received,
                "sockperf: ========= Printing statistics for Server No: 0",
                "sockperf: [Valid Duration] RunTime=" + runTime + " sec; SentMessages=" + sent + "; ReceivedMessages="
                        + received,
                String.format(Locale.ROOT, "sockperf: %s====> avg-latency=%.3f (std-dev=112.863)%s", esc, avg, end),
                String.format(Locale.ROOT, "sockperf: ---> <MAX> observation = %8.3f", max)));
        List<LatencyPercentileUs> percentiles = new ArrayList<>();
        for (String q : List.of("99.999", "99.990", "99.900", "99.000", "90.000", "75.000", "50.000", "25.000")) {
            if (r.nextInt(4) > 0) {
                double v = (minNs + (long) (r.nextDouble() * (maxNs - minNs))) / 1000.0;
                lines.add(String.format(Locale.ROOT, "sockperf: ---> percentile %s = %8.3f", q, v));
                percentiles.add(new LatencyPercentileUs(new BigDecimal(q).movePointLeft(2).doubleValue(),
                        Double.parseDouble(String.format(Locale.ROOT, "%.3f", v))));
            }
        }
        lines.add(String.format(Locale.ROOT, "sockperf: ---> <MIN> observation = %8.3f", min));
        percentiles.sort(Comparator.comparingDouble(LatencyPercentileUs::quantile));
        return new Sockperf(lines, new SockperfOutput(sent, received, Double.parseDouble(runTime),
                Double.parseDouble(String.format(Locale.ROOT, "%.3f", avg)), min, max, percentiles));
    }

    @Test
    void validSockperfOutputParsesToItsSummary() {
        Fuzz.property("sockperf valid", 500).showing(s -> String.join("\n", ((Sockperf) s).lines()))
                .forAll(ForwardingParsersFuzzTest::validSockperf,
                        s -> assertThat(SockperfOutput.parse(s.lines())).isEqualTo(s.expected()));
    }

    @Test
    void mutatedSockperfOutputGivesASummaryOrAnErrorNamingTheLine() {
        Fuzz.property("sockperf mutated", 3000)
                .forAll(r -> Mutate.text(r, String.join("\n", validSockperf(r).lines()), SOCKPERF_TOKENS), text -> {
                    try {
                        SockperfOutput.parse(List.of(text.split("\n", -1)));
                    } catch (ForwardingFailedException e) {
                        assertThat(e.getMessage()).as("message").matches(
                                "(?s)sockperf (output line \\d+: .*|printed no latency summary .*)");
                    }
                });
    }
}
