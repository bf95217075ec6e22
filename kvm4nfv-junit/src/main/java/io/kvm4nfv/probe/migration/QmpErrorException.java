package io.kvm4nfv.probe.migration;

/**
 * QEMU answered a command with {@code {"error":{"class":...,"desc":...}}}.
 * The message holds the command and QEMU's text.
 */
public final class QmpErrorException extends QmpException {

    private final String command;
    private final String errorClass;
    private final String description;

    public QmpErrorException(String command, String errorClass, String description) {
        super("QMP " + command + " failed: " + errorClass + ": " + description);
        this.command = command;
        this.errorClass = errorClass;
        this.description = description;
    }

    /** The command QEMU refused. */
    public String command() {
        return command;
    }

    /** QEMU's error class, e.g. {@code GenericError}, {@code CommandNotFound}. */
    public String errorClass() {
        return errorClass;
    }

    /** QEMU's error text ({@code desc}). */
    public String description() {
        return description;
    }
}
