/**
 * The InfluxDB measurements of KVM4NFV: {@link io.kvm4nfv.publish.measure.KvmfornfvMeasurements}
 * is the catalogue of {@link io.kvm4nfv.publish.measure.MeasurementDefinition}s and turns a
 * result into {@link io.kvm4nfv.publish.measure.Measurement} points, tagged with the run's
 * {@link io.kvm4nfv.publish.measure.RunInfo}. The same definitions build the points the
 * dispatchers write and the Grafana dashboards in {@code config/grafana/}. As part of the
 * {@code publish} layer it may use {@code config}, {@code node}, {@code report}, {@code result},
 * {@code lab}, {@code setup}, {@code load} and {@code probe}.
 */
package io.kvm4nfv.publish.measure;
