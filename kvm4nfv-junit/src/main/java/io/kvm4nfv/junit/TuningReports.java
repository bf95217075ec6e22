package io.kvm4nfv.junit;

import io.kvm4nfv.probe.tuning.TuningPolicy;
import io.kvm4nfv.probe.tuning.TuningReport;
import io.kvm4nfv.probe.tuning.TuningVerdict;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tuning reports of one test ({@link TuningCheck}): the guest's host first, then the guest.
 *
 * @param policy  the policy the reports were judged with
 * @param reports one report per checked node (empty with policy {@code OFF})
 */
public record TuningReports(TuningPolicy policy, List<TuningReport> reports) {

    /**
     * Checks the policy is present and copies the reports.
     *
     * @param policy the policy the reports were judged with; not {@code null}
     * @param reports one report per checked node; copied
     * @throws NullPointerException if {@code policy} or {@code reports} (or one of its elements) is {@code null}
     */
    public TuningReports {
        Objects.requireNonNull(policy, "policy");
        reports = List.copyOf(reports);
    }

    /**
     * The report of that node, if it was checked.
     *
     * @param node the node's name as in the pod file
     * @return the node's report, or empty if the node was not checked
     */
    public Optional<TuningReport> of(String node) {
        return reports.stream().filter(r -> r.node().equals(node)).findFirst();
    }

    /**
     * The verdicts that fail the test (policy FAIL with mismatches).
     *
     * @return the failing verdicts, in report order; empty if the test passes the check
     */
    public List<TuningVerdict> failed() {
        return reports.stream().map(TuningReport::verdict).filter(TuningVerdict::failed).toList();
    }

    /**
     * The verdicts to warn about (policy WARN with mismatches).
     *
     * @return the verdicts that only warn, in report order
     */
    public List<TuningVerdict> warnings() {
        return reports.stream().map(TuningReport::verdict).filter(TuningVerdict::warning).toList();
    }

    /**
     * Every node's table, one after the other.
     *
     * @return the text tables of all reports, separated by newlines
     */
    public String tables() {
        return reports.stream().map(TuningReport::table).collect(Collectors.joining("\n"));
    }
}
