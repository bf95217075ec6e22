package io.kvm4nfv.junit;

import io.kvm4nfv.probe.cyclictest.LatencySla;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ThreadLatency;
import io.kvm4nfv.result.Violation;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * AssertJ assertions on a {@link CyclictestResult}; every check covers every thread and
 * reports all offending threads at once. Entry point: {@link Kvm4nfvAssertions#assertThat(CyclictestResult)}.
 */
public class CyclictestResultAssert extends AbstractAssert<CyclictestResultAssert, CyclictestResult> {

    /**
     * Creates an assertion on one cyclictest result; tests use {@link Kvm4nfvAssertions#assertThat(CyclictestResult)}.
     *
     * @param actual the result under test; {@code null} fails every check
     */
    public CyclictestResultAssert(CyclictestResult actual) {
        super(actual, CyclictestResultAssert.class);
    }

    /**
     * Every thread's maximum latency is at most {@code limitUs}.
     *
     * @param limitUs the largest allowed maximum latency, in microseconds
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasMaxLatencyBelowUs(double limitUs) {
        return meets(sla(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(limitUs),
                OptionalDouble.empty()));
    }

    /**
     * Every thread's average latency is at most {@code limitUs}.
     *
     * @param limitUs the largest allowed average latency, in microseconds
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasAvgLatencyBelowUs(double limitUs) {
        return meets(sla(OptionalDouble.empty(), OptionalDouble.of(limitUs), OptionalDouble.empty(),
                OptionalDouble.empty()));
    }

    /**
     * Every thread's minimum latency is at most {@code limitUs}.
     *
     * @param limitUs the largest allowed minimum latency, in microseconds
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasMinLatencyBelowUs(double limitUs) {
        return meets(sla(OptionalDouble.of(limitUs), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty()));
    }

    /**
     * Every thread's 99th percentile (from the histogram) is at most {@code limitUs}.
     *
     * @param limitUs the largest allowed 99th-percentile latency, in microseconds
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasP99BelowUs(double limitUs) {
        return meets(sla(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(limitUs)));
    }

    /**
     * The result meets every bound of {@code sla}; all violations are listed together.
     *
     * @param sla the latency bounds to check; bounds it leaves empty are not checked
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert meets(LatencySla sla) {
        isNotNull();
        List<Violation> violations = sla.violations(actual);
        if (!violations.isEmpty()) {
            failWithMessage("cyclictest %s violates %d latency bound(s):%n%s", actual.testType(), violations.size(),
                    violations.stream().map(v -> "  - " + v.describe()).collect(Collectors.joining("\n")));
        }
        return this;
    }

    /**
     * Every thread measured at least {@code samples} samples.
     *
     * @param samples the fewest samples each thread must have measured
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasAtLeastSamples(long samples) {
        isNotNull();
        List<String> short_ = actual.threads().stream().filter(t -> t.samples() < samples)
                .map(t -> "thread " + t.thread() + ": " + t.samples()).toList();
        if (!short_.isEmpty()) {
            failWithMessage("expected at least %d samples per thread but %s", samples, short_);
        }
        return this;
    }

    /**
     * No thread's latency went beyond the histogram range.
     *
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasNoHistogramOverflows() {
        isNotNull();
        List<String> over = actual.threads().stream().filter(t -> t.overflows() > 0)
                .map(t -> "thread " + t.thread() + ": " + t.overflows()).toList();
        if (!over.isEmpty()) {
            failWithMessage("expected no histogram overflows but %s", over);
        }
        return this;
    }

    /**
     * The run has exactly {@code threads} measurement threads.
     *
     * @param threads the expected number of measurement threads
     * @return this assertion, for chaining
     */
    public CyclictestResultAssert hasThreads(int threads) {
        isNotNull();
        if (actual.threads().size() != threads) {
            failWithMessage("expected %d threads but the run has %d: %s", threads, actual.threads().size(),
                    actual.threads().stream().map(ThreadLatency::thread).toList());
        }
        return this;
    }

    private static LatencySla sla(OptionalDouble min, OptionalDouble avg, OptionalDouble max, OptionalDouble p99) {
        return new LatencySla(min, avg, max, p99, OptionalDouble.empty(), OptionalDouble.empty());
    }
}
