package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.FrameSizeResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a VSPERF result file ({@code result_<test>_<deployment>.csv}): a header row of
 * {@code ResultsConstants} names and one row per packet size. Columns are found by name, so
 * extra or reordered columns do not matter. Used: {@code packet_size}, {@code deployment},
 * {@code throughput_rx_fps}, {@code throughput_rx_mbps}, {@code min_latency_ns},
 * {@code avg_latency_ns}, {@code max_latency_ns}, {@code frame_loss_percent},
 * {@code tx_frames}, {@code rx_frames}. Empty cells and VSPERF's {@code Unknown} are "not
 * reported" ({@code null}); latencies are converted from ns to µs. When
 * {@code frame_loss_percent} is missing but both frame counts exist, the loss is computed
 * from them.
 *
 * <p>Every error is a {@link ForwardingFailedException} naming the file and the line
 * ({@code VSPERF result f.csv line 3: column min_latency_ns is not a number: 'fast'}), except
 * for an empty file and a file with a header only, which concern the file as a whole.
 */
public final class VsperfResultCsv {

    /**
     * One parsed row: the deployment column (may be null) and the figures.
     *
     * @param deployment the row's {@code deployment} cell, or {@code null} when the column is missing or empty
     * @param figures    the row's frame size and its measured figures
     */
    public record Row(String deployment, FrameSizeResult figures) {
    }

    private VsperfResultCsv() {
    }

    /**
     * Parses the file's text.
     *
     * @param text   the CSV file's content
     * @param source file name for messages
     * @return one row per data line, in file order
     * @throws ForwardingFailedException for an empty file, a {@code FAILED} marker, a missing
     *                                   {@code packet_size} column or an unreadable number
     */
    public static List<Row> parse(String text, String source) {
        List<Record> records = records(text, source);
        if (records.isEmpty()) {
            throw new ForwardingFailedException("VSPERF result " + source + " is empty");
        }
        for (Record r : records) {
            List<String> cells = r.cells();
            if (!cells.isEmpty() && cells.get(0).trim().toUpperCase(Locale.ROOT).startsWith("FAILED")) {
                throw failure(source, r.line(), "VSPERF marked the test FAILED: "
                        + OutputExcerpt.of(String.join(",", cells)));
            }
        }
        List<String> header = records.get(0).cells().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.putIfAbsent(header.get(i), i);
        }
        if (!col.containsKey("packet_size")) {
            throw failure(source, records.get(0).line(), "no packet_size column; header: "
                    + OutputExcerpt.of(header.toString()));
        }
        if (records.size() == 1) {
            throw new ForwardingFailedException("VSPERF result " + source + " has a header but no result row");
        }
        List<Row> rows = new ArrayList<>();
        for (Record record : records.subList(1, records.size())) {
            List<String> r = record.cells();
            int line = record.line();
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            Cells cells = new Cells(col, r, source, line);
            Double size = cells.number("packet_size");
            if (size == null || size != Math.rint(size)) {
                throw failure(source, line, "packet_size is not a whole number: '"
                        + OutputExcerpt.of(String.valueOf(cells.raw("packet_size"))) + "'");
            }
            Double minNs = cells.number("min_latency_ns");
            Double avgNs = cells.number("avg_latency_ns");
            Double maxNs = cells.number("max_latency_ns");
            Double rxFps = cells.number("throughput_rx_fps");
            Double rxMbps = cells.number("throughput_rx_mbps");
            Double loss = cells.number("frame_loss_percent");
            Double tx = cells.number("tx_frames");
            Double rx = cells.number("rx_frames");
            if (loss == null && tx != null && rx != null && tx > 0) {
                loss = Math.max(0, (tx - rx) * 100.0 / tx);
            }
            try {
                rows.add(new Row(cells.text("deployment"), new FrameSizeResult(size.intValue(), us(minNs), us(avgNs),
                        us(maxNs), List.of(), rxFps, rxMbps, loss, tx == null ? null : tx.longValue(),
                        rx == null ? null : rx.longValue())));
            } catch (IllegalArgumentException e) {
                throw new ForwardingFailedException(where(source, line) + e.getMessage(), e);
            }
        }
        return List.copyOf(rows);
    }

    private static String where(String source, int line) {
        return "VSPERF result " + source + " line " + line + ": ";
    }

    private static ForwardingFailedException failure(String source, int line, String problem) {
        return new ForwardingFailedException(where(source, line) + problem);
    }

    /** One CSV record and the line it starts on (a quoted cell may hold line breaks). */
    record Record(int line, List<String> cells) {
    }

    private static Double us(Double ns) {
        return ns == null ? null : ns / 1000.0;
    }

    private record Cells(Map<String, Integer> col, List<String> row, String source, int line) {
        String raw(String name) {
            Integer i = col.get(name);
            return i == null || i >= row.size() ? null : row.get(i).trim();
        }

        String text(String name) {
            String v = raw(name);
            return v == null || v.isEmpty() || v.equalsIgnoreCase("unknown") ? null : v;
        }

        Double number(String name) {
            String v = text(name);
            if (v == null) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException(v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw failure(source, line, "column " + name + " is not a number: '" + OutputExcerpt.of(v) + "'");
            }
        }
    }

    /** RFC 4180 records: commas, double quotes with "" escapes, CRLF or LF line ends. */
    static List<Record> records(String text, String source) {
        List<Record> records = new ArrayList<>();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        List<String> current = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    quoteLine = line;
                    any = true;
                }
                case ',' -> {
                    current.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                }
                case '\r' -> { }
                case '\n' -> {
                    if (any || cell.length() > 0) {
                        current.add(cell.toString());
                        records.add(new Record(recordLine, current));
                    }
                    current = new ArrayList<>();
                    cell.setLength(0);
                    any = false;
                    recordLine = line;
                }
                default -> {
                    cell.append(c);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw failure(source, quoteLine, "the quoted cell that opens here never ends (truncated file?)");
        }
        if (any || cell.length() > 0) {
            current.add(cell.toString());
            records.add(new Record(recordLine, current));
        }
        return records;
    }
}
