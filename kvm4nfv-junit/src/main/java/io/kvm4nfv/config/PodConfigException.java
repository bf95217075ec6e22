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
    private final int line;
    private final int column;
    private final String fieldPath;
    private final String problem;
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

    /** An error about a file (or folder) as a whole. */
    public PodConfigException(Path file, String problem) {
        this(file, problem, NO_SUGGESTION);
    }

    /** An error about a file (or folder) as a whole, with the nearest valid name (or {@code null}). */
    public PodConfigException(Path file, String problem, String suggestion) {
        this(file, 0, 0, NO_FIELD, problem, suggestion);
    }

    /** An error at a place of a file that is about no field. */
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

    /** The pod file, or {@code null}. */
    public Path file() {
        return file;
    }

    /** 1-based line in {@link #file()}, 0 if unknown. */
    public int line() {
        return line;
    }

    /** 1-based column in {@link #file()}, 0 if unknown. */
    public int column() {
        return column;
    }

    /** The field path such as {@code nodes[1].adress}, or {@code null}. */
    public String fieldPath() {
        return fieldPath;
    }

    /** The problem alone (no location). */
    public String problem() {
        return problem;
    }

    /** The nearest valid key or value, or {@code null}. */
    public String suggestion() {
        return suggestion;
    }

    /**
     * A value made safe for a message: at most 80 characters (code points), control characters escaped,
     * and anything that looks like private key material replaced.
     */
    public static String shorten(String value) {
        return shorten(value, MAX_VALUE_CHARS);
    }

    /** Like {@link #shorten(String)} with another length limit. */
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
