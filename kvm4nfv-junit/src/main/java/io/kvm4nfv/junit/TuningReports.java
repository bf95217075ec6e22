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

    public TuningReports {
        Objects.requireNonNull(policy, "policy");
        reports = List.copyOf(reports);
    }

    /** The report of that node, if it was checked. */
    public Optional<TuningReport> of(String node) {
        return reports.stream().filter(r -> r.node().equals(node)).findFirst();
    }

    /** The verdicts that fail the test (policy FAIL with mismatches). */
    public List<TuningVerdict> failed() {
        return reports.stream().map(TuningReport::verdict).filter(TuningVerdict::failed).toList();
    }

    /** The verdicts to warn about (policy WARN with mismatches). */
    public List<TuningVerdict> warnings() {
        return reports.stream().map(TuningReport::verdict).filter(TuningVerdict::warning).toList();
    }

    /** Every node's table, one after the other. */
    public String tables() {
        return reports.stream().map(TuningReport::table).collect(Collectors.joining("\n"));
    }
}
