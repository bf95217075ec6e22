package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.probe.OutputParseException;

/**
 * cyclictest printed (or wrote) something that cannot be read as a run: the message names the
 * line of the text output ({@code cyclictest output line 12: ...}), or the line and column of a
 * JSON syntax error, or the thread and key of a JSON file ({@code cyclictest JSON thread 1:
 * "max" ...}). It is the only exception the cyclictest parsers throw on bad input.
 */
public class CyclictestParseException extends OutputParseException {
    private static final long serialVersionUID = 1L;


    /**
     * @param line    1-based line of the input the problem is on, 0 when it concerns the input as a whole
     * @param message what is wrong, with where it is
     */
    public CyclictestParseException(long line, String message) {
        super(line, 0, message, null);
    }

    /**
     * An exception with the underlying cause, e.g. the JSON library's syntax error.
     *
     * @param line 1-based line of the input the problem is on, 0 when it concerns the input as a whole
     * @param message what is wrong, with where it is
     * @param cause the error that revealed the problem
     */
    public CyclictestParseException(long line, String message, Throwable cause) {
        super(line, 0, message, cause);
    }

    /** {@code "thread T: problem"}, without saying the thread twice when the problem already does. */
    static String aboutThread(int thread, String problem) {
        String prefix = "thread " + thread + ": ";
        return problem.startsWith(prefix) ? problem : prefix + problem;
    }

    /** A piece of the input for a message: at most 24 characters, control characters escaped. */
    static String excerpt(String s) {
        return excerpt(s, 0, s.length());
    }

    /** {@code s[from, to)} as {@link #excerpt(String)} shows it, without copying a long input. */
    static String excerpt(String s, int from, int to) {
        StringBuilder sb = new StringBuilder();
        int end = to - from <= 24 ? to : from + 20;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return end == to ? sb.toString() : sb + "... (" + (to - from) + " chars)";
    }

}
