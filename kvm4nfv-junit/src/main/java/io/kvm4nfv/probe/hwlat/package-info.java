/**
 * Hardware (firmware, SMI) latency with rt-tests' {@code hwlatdetect}: {@link io.kvm4nfv.probe.hwlat.HwlatOptions}
 * builds its command line, {@link io.kvm4nfv.probe.hwlat.HwlatRun} runs it on a node (saving and restoring the
 * tracefs files it changes) and {@link io.kvm4nfv.probe.hwlat.HwlatReportParser} reads its output into a
 * {@link io.kvm4nfv.result.HardwareLatencyResult} — <em>unavailable</em> with a reason on a kernel without the
 * {@code hwlat} tracer — which {@link io.kvm4nfv.probe.hwlat.HwlatSla} judges. Like every probe it may use
 * {@code config}, {@code node}, {@code report}, {@code result}, {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.hwlat;
