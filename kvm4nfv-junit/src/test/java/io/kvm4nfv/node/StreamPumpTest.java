package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class StreamPumpTest {

    private static List<String> pump(byte[] data, int tail) {
        List<String> lines = new ArrayList<>();
        StreamPump p = StreamPump.start(new ByteArrayInputStream(data), lines::add, tail);
        assertThat(p.awaitEnd(Duration.ofSeconds(5))).isTrue();
        return lines;
    }

    @Test
    void splitsLinesOnLfAndCrLfAndKeepsTheUnterminatedLast() {
        assertThat(pump("a\r\nb\n\nc".getBytes(StandardCharsets.UTF_8), 10)).containsExactly("a", "b", "", "c");
    }

    @Test
    void decodesMultiByteCharactersAcrossReads() {
        String text = "µs ".repeat(10_000) + "\n€";
        assertThat(pump(text.getBytes(StandardCharsets.UTF_8), 10)).containsExactly("µs ".repeat(10_000), "€");
        List<String> cut = pump("€".repeat(50_000).getBytes(StandardCharsets.UTF_8), 10);
        assertThat(String.join("", cut)).isEqualTo("€".repeat(50_000));
        assertThat(cut).hasSizeGreaterThan(1).allSatisfy(piece -> assertThat(piece).matches("€+"));
    }

    @Test
    void cutsEndlessLinesIntoBoundedPieces() {
        byte[] data = new byte[StreamPump.MAX_LINE_BYTES * 3 + 5];
        java.util.Arrays.fill(data, (byte) 'z');
        List<String> lines = pump(data, 10);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).hasSize(StreamPump.MAX_LINE_BYTES);
        assertThat(lines.get(3)).hasSize(5);
    }

    @Test
    void tailIsBounded() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            sb.append(i).append('\n');
        }
        StreamPump p = StreamPump.start(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
                l -> { }, 3);
        p.awaitEnd(Duration.ofSeconds(5));
        assertThat(p.tail()).containsExactly("498", "499", "500");
        assertThat(p.bytes()).isEqualTo(sb.length());
    }

    @Test
    void firstLineHookCanSwallowTheFirstLineOnly() {
        List<String> lines = new ArrayList<>();
        StreamPump p = StreamPump.start(new ByteArrayInputStream("pid 42\npid 43\n".getBytes(StandardCharsets.UTF_8)),
                lines::add, 10, l -> l.startsWith("pid"));
        p.awaitEnd(Duration.ofSeconds(5));
        assertThat(lines).containsExactly("pid 43");
        assertThat(p.tail()).containsExactly("pid 43");
    }

    @Test
    void aFailingConsumerDoesNotStopTheDrainButIsReported() {
        AtomicInteger calls = new AtomicInteger();
        StreamPump p = StreamPump.start(new ByteArrayInputStream("1\n2\n3\n".getBytes(StandardCharsets.UTF_8)), l -> {
            calls.incrementAndGet();
            throw new IllegalStateException("consumer broke");
        }, 10);
        assertThat(p.awaitEnd(Duration.ofSeconds(5))).isTrue();
        assertThat(calls).hasValue(1);
        assertThat(p.tail()).containsExactly("1", "2", "3");
        assertThatThrownBy(() -> p.rethrowConsumerFailure("n", "stdout")).isInstanceOf(NodeException.class)
                .hasMessageContaining("[n]").hasMessageContaining("consumer broke");
    }
}
