/**
 * The measurements, one sub-package each: {@code cyclictest} (latency), {@code migration}
 * (live migration over QMP), {@code forwarding} (packet forwarding), {@code trace} (ftrace),
 * {@code tuning} (kernel and BIOS checks) and {@code membw} (memory bandwidth with Intel PCM).
 * This package itself holds no class. The probes may use {@code config}, {@code node},
 * {@code report}, {@code result}, {@code lab}, {@code setup} and {@code load}, never
 * {@code publish} or {@code junit}: every probe runs from plain Java too.
 */
package io.kvm4nfv.probe;
