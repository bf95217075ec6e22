/**
 * The one probe lifecycle, below JUnit: a {@link io.kvm4nfv.orchestration.Probe} (options fixed,
 * run on a {@link io.kvm4nfv.lab.Lab}, an immutable result, an {@link io.kvm4nfv.result.Sla}) is
 * run by the {@link io.kvm4nfv.orchestration.ProbeRunner}: stress loads around the measurement
 * (stopped in {@code finally}), the SLA judged, the result recorded and published with that
 * criteria, its evidence attached, an {@link io.kvm4nfv.orchestration.Outcome} returned. The JUnit
 * extensions and plain Java ({@link io.kvm4nfv.orchestration.ProbeSession}) both use it.
 *
 * <p>May use every layer below it: {@code config}, {@code node}, {@code lab}, {@code setup},
 * {@code load}, {@code probe}, {@code result}, {@code report}, {@code publish}; never JUnit.
 */
package io.kvm4nfv.orchestration;
