package io.kvm4nfv.orchestration;

import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.Sla;

/**
 * One measurement, ready to run: its options are fixed when the probe is made (on a
 * {@link io.kvm4nfv.lab.Lab}: a guest, a host, a traffic generator), {@link #measure} gives an
 * immutable result, {@link #sla()} judges it. {@link ProbeRunner} runs every probe the same
 * way — loads around it, record, publish, judge — for the JUnit extensions and plain Java alike.
 *
 * @param <R> the immutable result
 */
public interface Probe<R> {

    /** The kind of result in the results file: {@code cyclictest}, {@code migration}, {@code forwarding}. */
    String kind();

    /** The step's title in the report, e.g. the command line or the deployment. */
    String title();

    /** Measures, reporting progress and evidence (command lines, raw output) to {@code journal}. */
    R measure(Journal journal) throws Exception;

    /** The SLA the result is judged by. */
    Sla<? super R> sla();

    /** The KVM4NFV measurement name of the result, e.g. {@code kvmfornfv_cyclictest_idle_idle}. */
    String measurement(R result);

    /** What the verdict speaks of, e.g. {@code cyclictest Idle-Idle on pod local}. */
    String subject(R result);

    /** One line for the run's summary (the figures; the SLA is appended). */
    String summary(R result);

    /** The InfluxDB points of the result (default: KVM4NFV's measurement for its type). */
    default MeasurementSource<? super R> points() {
        return KvmfornfvMeasurements::points;
    }

    /** Charts and tables for the report, attached after the result is recorded. */
    default void attachEvidence(R result, Journal journal) {
    }
}
