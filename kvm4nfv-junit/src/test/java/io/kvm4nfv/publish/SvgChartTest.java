package io.kvm4nfv.publish;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {

    private static final Pattern TEXT = Pattern.compile("<text [^>]*>([^<]*)</text>");

    @Test
    void countAxisLabelsStayShortEnoughForTheMargin() {
        assertThat(SvgChart.decade(1)).isEqualTo("1");
        assertThat(SvgChart.decade(1000)).isEqualTo("1000");
        assertThat(SvgChart.decade(10_000)).isEqualTo("10k");
        assertThat(SvgChart.decade(100_000_000)).isEqualTo("100M");
        assertThat(SvgChart.decade(1_000_000_000)).isEqualTo("1G");
        // oslat counts ~1e8 loops in one bucket: the top tick reads 100M, not a 9-digit number
        long[] counts = {0, 130_000_000, 5, 700};
        String svg = SvgChart.histogram("t", "latency (us)", java.util.List.of(counts), java.util.List.of("CPU 0"),
                java.util.List.of());
        assertThat(svg).contains(">100M<").doesNotContain(">100000000<");
    }

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.niceStep(0.3)).isEqualTo(0.5);
        assertThat(SvgChart.niceStep(1)).isEqualTo(1);
        assertThat(SvgChart.niceStep(260.2)).isEqualTo(500);
        assertThat(SvgChart.niceStep(1800)).isEqualTo(2000);
        assertThat(SvgChart.niceStep(10001)).isEqualTo(20000);
        assertThat(SvgChart.niceStep(0)).isEqualTo(1);
    }

    @Test
    void histogramAxisEndsNearTheDataAndNamesAFarBoundOffScale() {
        long[] counts = new long[20000];
        counts[40] = 9000;
        counts[120] = 900;
        counts[1300] = 1;
        String svg = SvgChart.histogram("cyclictest Idle-Idle latency", "latency (us)", List.<long[]>of(counts),
                List.of("thread 0"), List.of(new SvgChart.Marker("SLA max 50000 us", 50000)));

        List<String> texts = texts(svg);
        assertThat(texts).containsSubsequence("0", "500", "1000", "1500")
                .doesNotContain("2000", "30001", "50001")
                .contains("SLA max 50000 us (off scale) \u2192", "thread 0");
        assertThat(svg).doesNotContain("stroke-dasharray");
        // log count axis: decades only
        assertThat(texts).contains("1", "10", "100", "1000").doesNotContain("10000", "0.8", "1.4", "7.4");
    }

    @Test
    void histogramDrawsABoundNearTheDataAsALineBelowTheLegend() {
        long[] counts = new long[20000];
        counts[100] = 50;
        counts[5000] = 1;
        String svg = SvgChart.histogram("t", "latency (us)", List.<long[]>of(counts), List.of("thread 0"),
                List.of(new SvgChart.Marker("SLA max 15000 us", 15000)));

        assertThat(texts(svg)).containsSubsequence("0", "5000", "10000", "15000").contains("SLA max 15000 us");
        assertThat(svg).contains("stroke-dasharray");
        Matcher legend = Pattern.compile("<text x=\"[0-9.]+\" y=\"(\\d+)\" text-anchor=\"end\">thread 0<").matcher(svg);
        Matcher label = Pattern.compile("<text x=\"[0-9.]+\" y=\"(\\d+)\" fill=\"red\"[^>]*>SLA max").matcher(svg);
        assertThat(legend.find()).isTrue();
        assertThat(label.find()).isTrue();
        assertThat(Integer.parseInt(label.group(1))).isGreaterThan(Integer.parseInt(legend.group(1)));
    }

    @Test
    void lineChartTicksAreRoundNumbers() {
        String svg = SvgChart.lines("pvp latency", "frame size (bytes)", "latency (us)",
                List.of(new SvgChart.Series("avg", new double[]{64, 128, 512, 1024, 1518},
                        new double[]{245, 253, 296, 249, 249})), List.of(), true);

        assertThat(texts(svg)).containsSubsequence("0", "500", "1000", "1500")
                .containsSubsequence("0", "100", "200", "300").doesNotContain("62.2", "303.6");
    }

    private static List<String> texts(String svg) {
        List<String> texts = new ArrayList<>();
        Matcher m = TEXT.matcher(svg);
        while (m.find()) {
            texts.add(m.group(1).replace("&#8594;", "\u2192"));
        }
        return texts;
    }
}
