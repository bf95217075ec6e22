/**
 * Memory bandwidth during a measurement from Intel PCM's {@code pcm-memory}:
 * {@link io.kvm4nfv.probe.membw.PcmMemoryRun} runs it detached with {@code -csv=FILE},
 * {@link io.kvm4nfv.probe.membw.PcmMemoryCsvParser} turns the CSV into a per-socket/per-channel
 * time series, and {@link io.kvm4nfv.probe.membw.MemoryBandwidthResult} is either that series or
 * "unavailable" with PCM's own reason (no Intel CPU, no MSR access, a VM, not installed).
 * Like every probe it may use {@code config}, {@code node}, {@code report}, {@code result},
 * {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.membw;
