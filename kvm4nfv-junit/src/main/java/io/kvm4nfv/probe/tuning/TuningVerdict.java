package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.result.Violation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the tuning check means for a test.
 *
 * @param node       the node's name
 * @param policy     FAIL, WARN or OFF
 * @param mismatches the rows that did not match
 */
public record TuningVerdict(String node, TuningPolicy policy, List<TuningRow> mismatches) {

    /**
     * Copies the mismatches.
     *
     * @param node the node's name
     * @param policy FAIL, WARN or OFF
     * @param mismatches the rows that did not match; copied
     */
    public TuningVerdict {
        mismatches = List.copyOf(mismatches);
    }

    /**
     * Whether the test must fail: policy FAIL and at least one mismatch.
     *
     * @return {@code true} when the policy is FAIL and a row mismatched
     */
    public boolean failed() {
        return policy == TuningPolicy.FAIL && !mismatches.isEmpty();
    }

    /**
     * Whether there is something to warn about: policy WARN and at least one mismatch.
     *
     * @return {@code true} when the policy is WARN and a row mismatched
     */
    public boolean warning() {
        return policy == TuningPolicy.WARN && !mismatches.isEmpty();
    }

    /**
     * "node X: 3 tuning mismatches: a: expected .., actual ..; ..." or "node X: tuned as expected".
     *
     * @return one line naming the node and every mismatch, or saying it is tuned as expected
     */
    public String message() {
        if (mismatches.isEmpty()) {
            return "node " + node + ": tuned as expected";
        }
        return "node " + node + ": " + mismatches.size() + " tuning mismatch" + (mismatches.size() == 1 ? "" : "es")
                + ": " + mismatches.stream().map(TuningRow::describe).collect(Collectors.joining("; "));
    }

    /**
     * Every mismatch as a violation of the one shape all verdicts share ({@code X: name:
     * expected .., actual ..}), whatever the policy; {@link #failed()} says whether they fail the test.
     *
     * @return one violation per mismatching row, in report order
     */
    public List<Violation> violations() {
        return mismatches.stream().map(r -> Violation.check(node, r.name(), r.describe())).toList();
    }
}
