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

    public static final int DEFAULT_TAIL_LINES = 200;
    private static final Consumer<String> IGNORE = line -> { };

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

    public static ExecOptions timeout(Duration timeout) {
        return new ExecOptions(timeout, IGNORE, IGNORE, DEFAULT_TAIL_LINES, false);
    }

    public ExecOptions withStdout(Consumer<String> consumer) {
        return new ExecOptions(timeout, consumer, stderr, tailLines, idempotent);
    }

    public ExecOptions withStderr(Consumer<String> consumer) {
        return new ExecOptions(timeout, stdout, consumer, tailLines, idempotent);
    }

    public ExecOptions withTailLines(int lines) {
        return new ExecOptions(timeout, stdout, stderr, lines, idempotent);
    }

    public ExecOptions asIdempotent() {
        return new ExecOptions(timeout, stdout, stderr, tailLines, true);
    }
}
