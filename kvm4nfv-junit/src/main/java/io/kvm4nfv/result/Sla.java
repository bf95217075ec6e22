package io.kvm4nfv.result;

import java.util.List;

/**
 * The one shape of every probe's service-level agreement: bounds on a result, judged into
 * the list of violated bounds (empty: the result meets the SLA). A bound left unset is not
 * judged, and {@link #describe()} says which were.
 *
 * @param <R> the result a probe measures ({@link CyclictestResult}, {@link MigrationMeasurement},
 *            {@link ForwardingResult}, …)
 */
public interface Sla<R> {

    /**
     * Every violated bound, in the order the bounds are described; empty when {@code result}
     * meets the SLA. A pure function of the result: judging the same result twice gives the same list.
     *
     * @param result the result to judge
     * @return the violated bounds, empty when the result meets the SLA
     */
    List<Violation> violations(R result);

    /**
     * The bounds judged, for reports and failure messages.
     *
     * @return e.g. {@code maxUs <= 50}, or {@code none}
     */
    String describe();
}
