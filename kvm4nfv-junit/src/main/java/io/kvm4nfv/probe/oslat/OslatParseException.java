package io.kvm4nfv.probe.oslat;

/**
 * oslat printed (or wrote) something that cannot be read as a run: the message names the line
 * and, where it is one value, the column of the text output ({@code oslat output line 20 column
 * 14: ...}), or the line and column of a JSON syntax error, or the thread and key of a JSON
 * file ({@code oslat JSON thread 1: "max" ...}). It is the only exception the oslat parsers
 * throw on bad input.
 */
public class OslatParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final int column;

    /**
     * @param line    1-based line of the input the problem is on, 0 when it concerns the input as a whole
     * @param column  1-based column of the value at fault, 0 when it concerns the whole line
     * @param message what is wrong, with where it is
     */
    public OslatParseException(long line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public OslatParseException(long line, int column, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the input the problem is on, 0 when it concerns the input as a whole. */
    public long line() {
        return line;
    }

    /** 1-based column of the value at fault, 0 when the problem is the whole line (or not on a line). */
    public int column() {
        return column;
    }

    /** {@code s[from, to)} for a message: at most 24 characters, control characters escaped. */
    static String quote(CharSequence s, int from, int to) {
        int shown = Math.min(to, from + (to - from > 24 ? 20 : 24));
        StringBuilder sb = new StringBuilder("'");
        s.chars().skip(from).limit(shown - from).forEach(c -> sb.append(c < 0x20 || c == 0x7f
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        sb.append('\'');
        return shown == to ? sb.toString() : sb + "... (" + (to - from) + " chars)";
    }
}
