package io.kvm4nfv.publish;

import io.kvm4nfv.report.Journal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What happened to the results, per dispatcher, for the report and the console.
 *
 * @param outcomes one entry per configured dispatcher, in configuration order
 */
public record DispatchReport(List<Outcome> outcomes) {

    /**
     * Copies the outcomes.
     *
     * @param outcomes one entry per configured dispatcher, in configuration order
     */
    public DispatchReport {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * The counts of one dispatcher.
     *
     * @param dispatcher the dispatcher name
     * @param sent       records delivered on the first try
     * @param spooled    records that could not be delivered and were spooled
     * @param resent     spooled records delivered later (possibly spooled by an earlier run)
     * @param rejected   records the target refused as invalid (kept in the spool's {@code rejected} folder)
     * @param pending    records still waiting in the spool
     * @param errors     the distinct error messages seen (no credentials)
     */
    public record Outcome(String dispatcher, int sent, int spooled, int resent, int rejected, int pending,
                          List<String> errors) {
        /**
         * Copies the error messages.
         *
         * @param dispatcher the dispatcher name
         * @param sent       records delivered on the first try
         * @param spooled    records that could not be delivered and were spooled
         * @param resent     spooled records delivered later
         * @param rejected   records the target refused as invalid
         * @param pending    records still waiting in the spool
         * @param errors     the distinct error messages seen
         */
        public Outcome {
            errors = List.copyOf(errors);
        }

        /**
         * {@code influxdb: sent 3, spooled 1, re-sent 1, rejected 0, pending 0}.
         *
         * @return the counts as one line, without the errors
         */
        public String summary() {
            return dispatcher + ": sent " + sent + ", spooled " + spooled + ", re-sent " + resent + ", rejected "
                    + rejected + ", pending " + pending;
        }
    }

    /**
     * The counts of one dispatcher.
     *
     * @param dispatcher the dispatcher's name, e.g. {@code influxdb}
     * @return its outcome
     * @throws IllegalArgumentException when no dispatcher has that name
     */
    public Outcome outcome(String dispatcher) {
        return outcomes.stream().filter(o -> o.dispatcher().equals(dispatcher)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dispatcher " + dispatcher + " in " + summary()));
    }

    /**
     * True when nothing is pending and nothing was rejected.
     *
     * @return whether every record reached every dispatcher's target
     */
    public boolean allDelivered() {
        return outcomes.stream().allMatch(o -> o.pending() == 0 && o.rejected() == 0);
    }

    /**
     * Shows the report: a note with the {@link #summary()} (console) and a text attachment
     * {@code dispatch report} with one line per dispatcher and its errors (Allure).
     *
     * @param journal where the note and the attachment go
     */
    public void showIn(Journal journal) {
        StringBuilder text = new StringBuilder();
        for (Outcome o : outcomes) {
            text.append(o.summary()).append('\n');
            o.errors().forEach(e -> text.append("  error: ").append(e).append('\n'));
        }
        journal.note("results dispatch: " + summary());
        journal.attach("dispatch report", "text/plain", "txt", text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One line per dispatcher, with the last error of each that had one.
     *
     * @return the dispatchers' summaries joined with {@code "; "}
     */
    public String summary() {
        return outcomes.stream().map(o -> o.summary()
                        + (o.errors().isEmpty() ? "" : " (last error: " + o.errors().get(o.errors().size() - 1) + ")"))
                .collect(Collectors.joining("; "));
    }
}
