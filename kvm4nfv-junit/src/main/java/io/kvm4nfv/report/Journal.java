package io.kvm4nfv.report;

import java.util.concurrent.Callable;

/**
 * The seam through which every layer tells what it is doing, without knowing who
 * listens: the {@code publish} layer turns it into Allure steps and attachments, a plain
 * Java user may log it, tests may record it. Implementations must be thread-safe.
 */
public interface Journal {

    /** A journal that only runs the bodies. */
    Journal SILENT = new Journal() {
        @Override
        public <T> T step(String name, Callable<T> body) throws Exception {
            return body.call();
        }

        @Override
        public void attach(String name, String mimeType, String fileExtension, byte[] content) {
        }

        @Override
        public void note(String message) {
        }

        @Override
        public void skipped(String name, String reason) {
        }
    };

    /**
     * A journal for plain Java that writes to {@code out}: each step's name when it starts (and
     * {@code FAILED} when it throws), each attachment's name and size, each note.
     *
     * @param out receives one line per event, e.g. {@code System.out::println}
     * @return the journal; skipped steps are written as notes
     */
    static Journal printing(java.util.function.Consumer<String> out) {
        return new Journal() {
            @Override
            public <T> T step(String name, Callable<T> body) throws Exception {
                out.accept("step: " + name);
                try {
                    return body.call();
                } catch (Exception | Error e) {
                    out.accept("step FAILED: " + name + ": " + e.getMessage());
                    throw e;
                }
            }

            @Override
            public void attach(String name, String mimeType, String fileExtension, byte[] content) {
                out.accept("attached: " + name + " (" + content.length + " bytes, " + mimeType + ")");
            }

            @Override
            public void note(String message) {
                out.accept(message);
            }
        };
    }

    /**
     * Runs {@code body} as a named step; the step is marked failed when the body throws,
     * and the exception propagates unchanged.
     *
     * @param <T>  the body's result type
     * @param name the step's name as shown in the report
     * @param body the work of the step
     * @return what {@code body} returned
     * @throws Exception whatever {@code body} threw
     */
    <T> T step(String name, Callable<T> body) throws Exception;

    /**
     * Runs a body without a result as a named step.
     *
     * @param name the step's name as shown in the report
     * @param body the work of the step
     * @throws Exception whatever {@code body} threw
     */
    default void run(String name, ThrowingRunnable body) throws Exception {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Attaches content to the current step (or test). Never pass secrets.
     *
     * @param name          the attachment's title
     * @param mimeType      its media type, e.g. {@code text/plain}
     * @param fileExtension the file extension to store it with, without the dot, e.g. {@code txt}
     * @param content       the bytes
     */
    void attach(String name, String mimeType, String fileExtension, byte[] content);

    /**
     * Attaches text as UTF-8 {@code text/plain}.
     *
     * @param name the attachment's title
     * @param text the text
     */
    default void attachText(String name, String text) {
        attach(name, "text/plain", "txt", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A line of progress or information (console, report entries).
     *
     * @param message the line, without a trailing newline
     */
    void note(String message);

    /**
     * A step that was skipped on purpose rather than run (e.g. a {@code reboot} of the machine
     * running the tests), with the reason: shown as a skipped step, never as a failure. By default
     * it is written as a note {@code SKIPPED: name: reason}.
     *
     * @param name   the step's name as shown in the report
     * @param reason why it was skipped
     */
    default void skipped(String name, String reason) {
        note("SKIPPED: " + name + ": " + reason);
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        /**
         * Does the work.
         *
         * @throws Exception whatever the work throws
         */
        void run() throws Exception;
    }
}
