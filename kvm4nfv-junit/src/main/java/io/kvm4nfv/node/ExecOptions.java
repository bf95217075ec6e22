package io.kvm4nfv.node;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run one command.
 *
 * @param timeout    mandatory upper bound of the command's wall time
 * @param stdout     receives every stdout line as it arrives (without the line break)
 * @param stderr     receives every stderr line as it arrives
 * @param tailLines  how many last lines of each stream the {@link ExecResult} keeps
 * @param idempotent the command may be run again after a dropped connection (reconnect once)
 */
public record ExecOptions(Duration timeout, Consumer<String> stdout, Consumer<String> stderr,
                          int tailLines, boolean idempotent) {

    /** How many last lines of each stream a result keeps unless {@link #withTailLines} says otherwise. */
    public static final int DEFAULT_TAIL_LINES = 200;
    private static final Consumer<String> IGNORE = line -> { };

    /**
     * Checks the options; a {@code null} consumer becomes one that ignores the lines.
     *
     * @param timeout    upper bound of the command's wall time; must be positive
     * @param stdout     receives every stdout line, or {@code null} to ignore them
     * @param stderr     receives every stderr line, or {@code null} to ignore them
     * @param tailLines  how many last lines of each stream the result keeps, {@code >= 0}
     * @param idempotent whether the command may be run again after a dropped connection
     * @throws NullPointerException     when {@code timeout} is {@code null}
     * @throws IllegalArgumentException when {@code timeout} is not positive or {@code tailLines} is negative
     */
    public ExecOptions {
        Objects.requireNonNull(timeout, "timeout is mandatory");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        stdout = stdout == null ? IGNORE : stdout;
        stderr = stderr == null ? IGNORE : stderr;
        if (tailLines < 0) {
            throw new IllegalArgumentException("tailLines must be >= 0: " + tailLines);
        }
    }

    /**
     * Options with only a timeout: output is not streamed, {@value #DEFAULT_TAIL_LINES} lines
     * of each stream are kept, and the command is not idempotent.
     *
     * @param timeout upper bound of the command's wall time; must be positive
     * @return the new options
     */
    public static ExecOptions timeout(Duration timeout) {
        return new ExecOptions(timeout, IGNORE, IGNORE, DEFAULT_TAIL_LINES, false);
    }

    /**
     * These options with another stdout consumer.
     *
     * @param consumer receives every stdout line as it arrives; {@code null} ignores them
     * @return a copy with {@code consumer} as {@link #stdout()}
     */
    public ExecOptions withStdout(Consumer<String> consumer) {
        return new ExecOptions(timeout, consumer, stderr, tailLines, idempotent);
    }

    /**
     * These options with another stderr consumer.
     *
     * @param consumer receives every stderr line as it arrives; {@code null} ignores them
     * @return a copy with {@code consumer} as {@link #stderr()}
     */
    public ExecOptions withStderr(Consumer<String> consumer) {
        return new ExecOptions(timeout, stdout, consumer, tailLines, idempotent);
    }

    /**
     * These options with another tail length.
     *
     * @param lines how many last lines of each stream the result keeps; must be {@code >= 0}
     * @return a copy with {@code lines} as {@link #tailLines()}
     * @throws IllegalArgumentException when {@code lines} is negative
     */
    public ExecOptions withTailLines(int lines) {
        return new ExecOptions(timeout, stdout, stderr, lines, idempotent);
    }

    /**
     * These options for a command that is safe to run twice: after a dropped connection it is
     * run again once on a new one.
     *
     * @return a copy with {@link #idempotent()} set
     */
    public ExecOptions asIdempotent() {
        return new ExecOptions(timeout, stdout, stderr, tailLines, true);
    }
}
