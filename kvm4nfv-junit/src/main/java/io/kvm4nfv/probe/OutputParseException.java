package io.kvm4nfv.probe;

/**
 * A measuring tool printed (or wrote) something that cannot be read as a run. Each probe's parser
 * throws its own subclass and nothing else on bad input; the message says where (line, and column
 * where the problem is one value), and so do {@link #line()} and {@link #column()}.
 */
public class OutputParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    /** 1-based line of the input the problem is on, 0 for the input as a whole. */
    private final long line;
    /** 1-based column of the value at fault, 0 for the whole line. */
    private final int column;

    /**
     * @param line    1-based line of the input the problem is on, 0 when it concerns the input as a whole
     * @param column  1-based column of the value at fault, 0 when it concerns the whole line
     * @param message what is wrong, with where it is
     * @param cause   the underlying error, or {@code null}
     */
    protected OutputParseException(long line, int column, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /**
     * Where in the input the problem is.
     *
     * @return the 1-based line, 0 when it concerns the input as a whole
     */
    public long line() {
        return line;
    }

    /**
     * Where in the line the problem is.
     *
     * @return the 1-based column of the value at fault, 0 when the problem is the whole line (or not on a line)
     */
    public int column() {
        return column;
    }
}
