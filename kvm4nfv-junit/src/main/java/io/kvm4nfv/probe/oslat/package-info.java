/**
 * oslat runs (rt-tests' OS latency detector: a busy-polling thread per CPU that measures the
 * gaps it sees, the way a DPDK poll-mode driver runs): {@link io.kvm4nfv.probe.oslat.OslatOptions}
 * builds an rt-tests 2.x command line, {@link io.kvm4nfv.probe.oslat.OslatRun} runs it on a node
 * and parses the output while it streams ({@link io.kvm4nfv.probe.oslat.OslatOutputParser},
 * {@link io.kvm4nfv.probe.oslat.OslatJsonParser}) into an {@link io.kvm4nfv.result.OslatResult},
 * and {@link io.kvm4nfv.probe.oslat.OslatSla} judges it. Like every probe it may use
 * {@code config}, {@code node}, {@code report}, {@code result}, {@code lab}, {@code setup} and
 * {@code load}.
 */
package io.kvm4nfv.probe.oslat;
