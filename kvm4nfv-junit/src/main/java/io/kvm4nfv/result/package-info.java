/**
 * The immutable results of every probe: cyclictest latencies ({@link io.kvm4nfv.result.CyclictestResult}),
 * live migrations ({@link io.kvm4nfv.result.MigrationMeasurement}), packet forwarding
 * ({@link io.kvm4nfv.result.ForwardingResult}), their SLA verdicts ({@link io.kvm4nfv.result.Violation})
 * and JSON with numbers as numbers. Results are plain data that the probes make and the
 * publishers and assertions read. This package may use only {@code config}.
 */
package io.kvm4nfv.result;
