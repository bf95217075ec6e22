package io.kvm4nfv.setup;

/** A setup step failed; the sequence stopped there. The message names the step, its outcome and output tail. */
public class SetupFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient StepResult step;

    /**
     * A step that ran and failed.
     *
     * @param step the failed step's result, described in the message
     */
    public SetupFailedException(StepResult step) {
        super(describe(step));
        this.step = step;
    }

    /**
     * A step that failed with an exception.
     *
     * @param step  the failed step's result, described in the message
     * @param cause what was thrown while running it
     */
    public SetupFailedException(StepResult step, Throwable cause) {
        super(describe(step), cause);
        this.step = step;
    }

    /**
     * The step that failed.
     *
     * @return its result, or {@code null} after deserialisation (the field is transient)
     */
    public StepResult step() {
        return step;
    }

    private static String describe(StepResult s) {
        StringBuilder sb = new StringBuilder("setup step '").append(s.step()).append("' failed on ")
                .append(s.node()).append(": ").append(s.outcome()).append(" after ")
                .append(s.duration().toMillis()).append(" ms");
        if (!s.outputTail().isEmpty()) {
            sb.append("\n--- output tail ---");
            s.outputTail().forEach(line -> sb.append('\n').append(line));
        }
        return sb.toString();
    }
}
