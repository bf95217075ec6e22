package io.kvm4nfv.node;

/** A command ended with a non-zero status, a signal or a timeout. Carries the output tail. */
public class CommandFailedException extends NodeException {
    private static final long serialVersionUID = 1L;
    private final transient ExecResult result;

    /**
     * An exception whose message names the node, the command and its outcome, followed by
     * up to the last 20 lines of its stdout and stderr tails.
     *
     * @param result the failed command's result, kept for {@link #result()}
     */
    public CommandFailedException(ExecResult result) {
        super(describe(result));
        this.result = result;
    }

    /**
     * The failed command's full result (not serialized: {@code null} after deserialization).
     *
     * @return the result this exception was made from
     */
    public ExecResult result() {
        return result;
    }

    private static String describe(ExecResult r) {
        StringBuilder sb = new StringBuilder()
                .append('[').append(r.node()).append("] `").append(r.command()).append("` ").append(r.outcome());
        appendTail(sb, "stdout", r.stdoutTail());
        appendTail(sb, "stderr", r.stderrTail());
        return sb.toString();
    }

    private static void appendTail(StringBuilder sb, String name, java.util.List<String> tail) {
        if (tail.isEmpty()) {
            return;
        }
        int from = Math.max(0, tail.size() - 20);
        sb.append("\n--- ").append(name).append(" (last ").append(tail.size() - from).append(" lines) ---");
        for (String line : tail.subList(from, tail.size())) {
            sb.append('\n').append(line);
        }
    }
}
