/**
 * cyclictest latency runs: {@link io.kvm4nfv.probe.cyclictest.CyclictestOptions} builds an
 * rt-tests 2.x command line, {@link io.kvm4nfv.probe.cyclictest.CyclictestRun} runs it on a node
 * and parses the output while it streams ({@link io.kvm4nfv.probe.cyclictest.CyclictestOutputParser},
 * {@link io.kvm4nfv.probe.cyclictest.CyclictestJsonParser}) into a
 * {@link io.kvm4nfv.result.CyclictestResult}, and {@link io.kvm4nfv.probe.cyclictest.LatencySla}
 * judges it. Like every probe it may use {@code config}, {@code node}, {@code report},
 * {@code result}, {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.cyclictest;
