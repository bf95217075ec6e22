package io.kvm4nfv.probe.migration;

/**
 * QEMU answered a command with {@code {"error":{"class":...,"desc":...}}}.
 * The message holds the command and QEMU's text.
 */
public final class QmpErrorException extends QmpException {

    /** The command QEMU refused. */
    private final String command;
    /** QEMU's error {@code class}. */
    private final String errorClass;
    /** QEMU's error {@code desc}. */
    private final String description;

    /**
     * An exception whose message is {@code QMP command failed: errorClass: description}.
     *
     * @param command     the command QEMU refused, e.g. {@code migrate}
     * @param errorClass  QEMU's error {@code class}
     * @param description QEMU's error text ({@code desc})
     */
    public QmpErrorException(String command, String errorClass, String description) {
        super("QMP " + command + " failed: " + errorClass + ": " + description);
        this.command = command;
        this.errorClass = errorClass;
        this.description = description;
    }

    /**
     * The command QEMU refused.
     *
     * @return the QMP command name, e.g. {@code migrate}
     */
    public String command() {
        return command;
    }

    /**
     * QEMU's error class.
     *
     * @return the error's {@code class}, e.g. {@code GenericError}, {@code CommandNotFound}
     */
    public String errorClass() {
        return errorClass;
    }

    /**
     * QEMU's error text.
     *
     * @return the error's {@code desc}
     */
    public String description() {
        return description;
    }
}
