package io.kvm4nfv.node;

/** A command ended with a non-zero status, a signal or a timeout. Carries the output tail. */
public class CommandFailedException extends NodeException {
    private static final long serialVersionUID = 1L;
    private final transient ExecResult result;

    public CommandFailedException(ExecResult result) {
        super(describe(result));
        this.result = result;
    }

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
