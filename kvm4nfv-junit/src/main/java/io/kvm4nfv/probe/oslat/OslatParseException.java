package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.probe.OutputParseException;

/**
 * oslat printed (or wrote) something that cannot be read as a run: the message names the line
 * and, where it is one value, the column of the text output ({@code oslat output line 20 column
 * 14: ...}), or the line and column of a JSON syntax error, or the thread and key of a JSON
 * file ({@code oslat JSON thread 1: "max" ...}). It is the only exception the oslat parsers
 * throw on bad input.
 */
public class OslatParseException extends OutputParseException {
    private static final long serialVersionUID = 1L;


    /**
     * @param line    1-based line of the input the problem is on, 0 when it concerns the input as a whole
     * @param column  1-based column of the value at fault, 0 when it concerns the whole line
     * @param message what is wrong, with where it is
     */
    public OslatParseException(long line, int column, String message) {
        super(line, column, message, null);
    }

    /**
     * An exception with the underlying cause, e.g. the JSON library's syntax error.
     *
     * @param line 1-based line of the input the problem is on, 0 when it concerns the input as a whole
     * @param column 1-based column of the value at fault, 0 when it concerns the whole line
     * @param message what is wrong, with where it is
     * @param cause the error that revealed the problem
     */
    public OslatParseException(long line, int column, String message, Throwable cause) {
        super(line, column, message, cause);
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
