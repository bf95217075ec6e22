package io.kvm4nfv.probe.tuning;

import java.util.Objects;

/**
 * One line of a tuning report.
 *
 * @param name     what is checked, e.g. {@code isolcpus} or {@code kernel.sched_rt_runtime_us}
 * @param expected the expected value as text
 * @param actual   what the node has, as text ({@code (absent)} when a kernel parameter is not set)
 * @param status   OK, MISMATCH or UNAVAILABLE
 */
public record TuningRow(String name, String expected, String actual, TuningStatus status) {

    /**
     * Checks that every component is present.
     *
     * @param name what is checked
     * @param expected the expected value as text
     * @param actual what the node has, as text
     * @param status OK, MISMATCH or UNAVAILABLE
     * @throws NullPointerException if a component is {@code null}
     */
    public TuningRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(status, "status");
    }

    /**
     * {@code name: expected X, actual Y}
     *
     * @return the row as one line, without its status
     */
    public String describe() {
        return name + ": expected " + expected + ", actual " + actual;
    }
}
