package io.kvm4nfv.probe.tuning;

import java.util.List;
import java.util.Objects;

/**
 * Expected against actual tuning of one node.
 *
 * @param node   the node's name
 * @param policy what a mismatch means
 * @param rows   one row per checked tuning
 */
public record TuningReport(String node, TuningPolicy policy, List<TuningRow> rows) {

    /**
     * Checks the node and policy are present and copies the rows.
     *
     * @param node the node's name; not {@code null}
     * @param policy what a mismatch means; not {@code null}
     * @param rows one row per checked tuning; copied
     * @throws NullPointerException if a component is {@code null}
     */
    public TuningReport {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(policy, "policy");
        rows = List.copyOf(rows);
    }

    /**
     * Builds the report from parsed facts. With policy {@code OFF} the report has no rows.
     *
     * @param node the node's name
     * @param policy what a mismatch means
     * @param facts the tuning read from the node
     * @param expected what the tuning should be
     * @return the report, one row per checked expectation
     */
    public static TuningReport of(String node, TuningPolicy policy, TuningFacts facts, TuningExpectations expected) {
        return new TuningReport(node, policy,
                policy == TuningPolicy.OFF ? List.of() : TuningComparison.rows(facts, expected));
    }

    /**
     * The rows whose status is MISMATCH.
     *
     * @return the mismatching rows, in report order
     */
    public List<TuningRow> mismatches() {
        return rows.stream().filter(r -> r.status() == TuningStatus.MISMATCH).toList();
    }

    /**
     * The rows whose status is UNAVAILABLE.
     *
     * @return the rows whose fact could not be read on the node, in report order
     */
    public List<TuningRow> unavailable() {
        return rows.stream().filter(r -> r.status() == TuningStatus.UNAVAILABLE).toList();
    }

    /**
     * The row of that name, if checked.
     *
     * @param name the tuning's row name, as in the table's first column
     * @return the row, or empty when that tuning was not checked
     */
    public java.util.Optional<TuningRow> row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * The verdict under this report's policy.
     *
     * @return the node's verdict, listing its mismatches
     */
    public TuningVerdict verdict() {
        return new TuningVerdict(node, policy, mismatches());
    }

    /**
     * A fixed-width text table: name, expected, actual, status (long cells are cut with "...").
     *
     * @return the table, with a title line and a closing line counting each status
     */
    public String table() {
        String[] header = {"tuning", "expected", "actual", "status"};
        int[] width = {header[0].length(), header[1].length(), header[2].length(), header[3].length()};
        for (TuningRow r : rows) {
            width[0] = Math.max(width[0], r.name().length());
            width[1] = Math.max(width[1], Math.min(MAX_CELL, r.expected().length()));
            width[2] = Math.max(width[2], Math.min(MAX_CELL, r.actual().length()));
            width[3] = Math.max(width[3], r.status().name().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Tuning of ").append(node).append(" (policy ").append(policy).append(")\n");
        line(sb, width, header);
        sb.append("-".repeat(width[0])).append("-+-").append("-".repeat(width[1])).append("-+-")
                .append("-".repeat(width[2])).append("-+-").append("-".repeat(width[3])).append('\n');
        for (TuningRow r : rows) {
            line(sb, width, new String[]{r.name(), r.expected(), r.actual(), r.status().name()});
        }
        long ok = rows.stream().filter(r -> r.status() == TuningStatus.OK).count();
        sb.append(ok).append(" OK, ").append(mismatches().size()).append(" MISMATCH, ")
                .append(unavailable().size()).append(" UNAVAILABLE\n");
        return sb.toString();
    }

    private static final int MAX_CELL = 60;

    private static void line(StringBuilder sb, int[] width, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i].length() > MAX_CELL ? cells[i].substring(0, MAX_CELL - 3) + "..." : cells[i];
            sb.append(i == 0 ? "" : " | ");
            sb.append(i == cells.length - 1 ? cell : pad(cell, width[i]));
        }
        sb.append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
