package io.kvm4nfv.publish;

import io.kvm4nfv.report.Journal;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;

import java.io.ByteArrayInputStream;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A {@link Journal} that records steps and attachments in the Allure report of the
 * running test (when Allure has a current test case; otherwise it only runs the bodies)
 * and sends notes to a console consumer.
 */
public final class AllureJournal implements Journal {

    private final Consumer<String> console;

    /**
     * A journal printing its notes to {@code console}.
     *
     * @param console receives notes, warnings and skips as lines; {@code null} drops them
     */
    public AllureJournal(Consumer<String> console) {
        this.console = console == null ? line -> { } : console;
    }

    @Override
    public <T> T step(String name, Callable<T> body) throws Exception {
        if (!active()) {
            return body.call();
        }
        try {
            Allure.ThrowableContextRunnable<T, Allure.StepContext> run = ctx -> body.call();
            return Allure.step(name, run);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void attach(String name, String mimeType, String fileExtension, byte[] content) {
        if (active()) {
            Allure.addAttachment(name, mimeType, new ByteArrayInputStream(content), fileExtension);
        }
    }

    @Override
    public void note(String message) {
        console.accept(message);
    }

    /**
     * Adds a label (e.g. {@code testType}) to the current test case.
     *
     * @param name  the label's name, e.g. {@code testType}
     * @param value the label's value
     */
    public void label(String name, String value) {
        if (active()) {
            Allure.label(name, value);
        }
    }

    /**
     * Adds a parameter shown in the test's header.
     *
     * @param name  the parameter's name
     * @param value its value, shown as text
     */
    public void parameter(String name, Object value) {
        if (active()) {
            Allure.parameter(name, value);
        }
    }

    /**
     * A warning that does not fail the test: a step marked <em>broken</em> (shown as a warning in
     * the report) with the details as its message, and a console line.
     *
     * @param title   what the warning is about; the step's name after {@code WARNING: }
     * @param details the explanation, or {@code null} or empty for none
     */
    public void warning(String title, String details) {
        console.accept("WARNING: " + title + (details == null || details.isEmpty() ? "" : ": " + details));
        if (active()) {
            closedStep("WARNING: " + title, io.qameta.allure.model.Status.BROKEN, details);
        }
    }

    /**
     * Marks the running test, whatever its outcome, with the message {@code SLA violated (monitor): …}
     * — which puts a passed test into the report's "SLA violated (monitor)" category — unless it
     * already has a message; and prints it.
     *
     * @param details the violations, appended to the message
     */
    public void slaViolatedButMonitored(String details) {
        String message = AllureRunFiles.SLA_VIOLATED_MONITOR + ": " + details;
        console.accept(message);
        if (active()) {
            Allure.getLifecycle().updateTestCase(test -> {
                if (test.getStatusDetails() == null || test.getStatusDetails().getMessage() == null) {
                    test.setStatusDetails(new io.qameta.allure.model.StatusDetails().setMessage(message));
                }
            });
        }
    }

    /** A step marked <em>skipped</em> in the report, with the reason as its message, and a console line. */
    @Override
    public void skipped(String name, String reason) {
        console.accept("SKIPPED: " + name + ": " + reason);
        if (active()) {
            closedStep(name, io.qameta.allure.model.Status.SKIPPED, reason);
        }
    }

    private static void closedStep(String name, io.qameta.allure.model.Status status, String message) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String uuid = java.util.UUID.randomUUID().toString();
        lifecycle.startStep(uuid, new io.qameta.allure.model.StepResult().setName(name).setStatus(status)
                .setStatusDetails(new io.qameta.allure.model.StatusDetails().setMessage(message)));
        lifecycle.stopStep(uuid);
    }

    private static boolean active() {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        return lifecycle.getCurrentTestCase().isPresent();
    }
}
