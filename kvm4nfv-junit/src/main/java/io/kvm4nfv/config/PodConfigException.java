package io.kvm4nfv.config;

import java.nio.file.Path;

/**
 * A pod configuration that cannot be used. The message reads like a compiler error:
 * {@code /path/config/pods/intel-pod10.yaml:12:5: nodes[1].adress: unknown key 'adress';
 * did you mean 'address'?}. Values are shortened in messages and private key material is
 * never echoed.
 */
public class PodConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_CHARS = 80;

    private final transient Path file;
    /** 1-based line of the problem in {@link #file()}, 0 if unknown. */
    private final int line;
    /** 1-based column of the problem, 0 if unknown. */
    private final int column;
    /** The field path, e.g. {@code nodes[1].address}, or {@code null}. */
    private final String fieldPath;
    /** What is wrong, without the location. */
    private final String problem;
    /** The nearest valid key or value the message suggests, or {@code null}. */
    private final String suggestion;

    /**
     * @param file       the pod file (or config folder) concerned, may be {@code null}
     * @param line       1-based line, 0 if unknown
     * @param column     1-based column, 0 if unknown
     * @param fieldPath  e.g. {@code nodes[1].address}, or {@code null}
     * @param problem    what is wrong
     * @param suggestion the nearest valid key or value, or {@code null}
     */
    public PodConfigException(Path file, int line, int column, String fieldPath, String problem, String suggestion) {
        super(format(file, line, column, fieldPath, problem, suggestion));
        this.file = file;
        this.line = line;
        this.column = column;
        this.fieldPath = fieldPath;
        this.problem = problem;
        this.suggestion = suggestion;
    }

    /** The {@code suggestion} when no valid key or value is near. */
    static final String NO_SUGGESTION = null;
    /** The {@code fieldPath} of an error about a file as a whole. */
    private static final String NO_FIELD = null;

    /**
     * An error about a file (or folder) as a whole.
     *
     * @param file    the pod file (or config folder) concerned, may be {@code null}
     * @param problem what is wrong
     */
    public PodConfigException(Path file, String problem) {
        this(file, problem, NO_SUGGESTION);
    }

    /**
     * An error about a file (or folder) as a whole, with the nearest valid name.
     *
     * @param file       the pod file (or config folder) concerned, may be {@code null}
     * @param problem    what is wrong
     * @param suggestion the nearest valid name, or {@code null}
     */
    public PodConfigException(Path file, String problem, String suggestion) {
        this(file, 0, 0, NO_FIELD, problem, suggestion);
    }

    /**
     * An error at a place of a file that is about no field.
     *
     * @param file    the pod file concerned, may be {@code null}
     * @param line    1-based line, 0 if unknown
     * @param column  1-based column, 0 if unknown
     * @param problem what is wrong
     */
    public PodConfigException(Path file, int line, int column, String problem) {
        this(file, line, column, NO_FIELD, problem, NO_SUGGESTION);
    }

    private static String format(Path file, int line, int column, String fieldPath, String problem,
                                 String suggestion) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line).append(':').append(column);
            }
            sb.append(": ");
        }
        if (fieldPath != null && !fieldPath.isEmpty()) {
            sb.append(fieldPath).append(": ");
        }
        sb.append(problem);
        if (suggestion != null) {
            sb.append("; did you mean '").append(suggestion).append("'?");
        }
        return sb.toString();
    }

    /**
     * The pod file (or config folder) concerned.
     *
     * @return the path, or {@code null} when unknown or after deserialisation (the field is transient)
     */
    public Path file() {
        return file;
    }

    /**
     * Where in {@link #file()} the problem is.
     *
     * @return the 1-based line, 0 if unknown
     */
    public int line() {
        return line;
    }

    /**
     * Where in the line the problem is.
     *
     * @return the 1-based column, 0 if unknown
     */
    public int column() {
        return column;
    }

    /**
     * The field in error.
     *
     * @return the field path such as {@code nodes[1].adress}, or {@code null}
     */
    public String fieldPath() {
        return fieldPath;
    }

    /**
     * The problem alone (no location).
     *
     * @return what is wrong, as passed to the constructor
     */
    public String problem() {
        return problem;
    }

    /**
     * What the user probably meant.
     *
     * @return the nearest valid key or value, or {@code null}
     */
    public String suggestion() {
        return suggestion;
    }

    /**
     * A value made safe for a message: at most 80 characters (code points), control characters escaped,
     * and anything that looks like private key material replaced.
     *
     * @param value the value to show, may be {@code null}
     * @return the safe text; {@code "null"} for {@code null}
     */
    public static String shorten(String value) {
        return shorten(value, MAX_VALUE_CHARS);
    }

    /**
     * Like {@link #shorten(String)} with another length limit.
     *
     * @param value    the value to show, may be {@code null}
     * @param maxChars the most code points kept before {@code ... (N chars)} is appended
     * @return the safe text; {@code "null"} for {@code null}
     */
    public static String shorten(String value, int maxChars) {
        if (value == null) {
            return "null";
        }
        if (value.contains("PRIVATE KEY")) {
            return "<private key material, not shown>";
        }
        StringBuilder sb = new StringBuilder();
        value.codePoints().limit(maxChars).forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > maxChars) {
            sb.append("... (").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }
}
