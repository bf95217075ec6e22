package io.kvm4nfv.probe.hwlat;

/**
 * hwlatdetect printed a line of one of its known forms that cannot be read: the message names the
 * line and column ({@code hwlatdetect output line 12, column 19: ...}). It is the only exception
 * {@link HwlatReportParser} throws on bad input.
 */
public class HwlatParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final int column;

    /**
     * @param line    1-based line of the output
     * @param column  1-based column the problem starts at, 0 when it concerns the whole line
     * @param problem what is wrong
     */
    public HwlatParseException(long line, int column, String problem) {
        super("hwlatdetect output line " + line + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the output the problem is on, 0 when it concerns the output as a whole. */
    public long line() {
        return line;
    }

    /** 1-based column, 0 when it concerns the whole line. */
    public int column() {
        return column;
    }
}
