/**
 * Packet forwarding: KVM4NFV's latency and throughput tests of frames from a traffic
 * generator through a vSwitch and VMs and back.
 *
 * <ul>
 *   <li>{@link io.kvm4nfv.probe.forwarding.Deployment} and {@link io.kvm4nfv.probe.forwarding.Topology}:
 *       VSPERF's deployments ({@code p2p}/{@code phy2phy}, {@code pvp}, {@code pvvp[N]}, {@code pvpv[N]},
 *       {@code GUEST_NICS_NR}, PCI passthrough) as ports, guests, NIC pairs, switch flows and paths.</li>
 *   <li>{@link io.kvm4nfv.probe.forwarding.TrafficGenerator}: one interface, two generators —
 *       {@link io.kvm4nfv.probe.forwarding.VsperfTrafficGenerator} (VSPERF on a real pod, result CSV read back) and
 *       {@link io.kvm4nfv.probe.forwarding.NetnsTrafficGenerator} (the embedded lab: namespaces, veths, OVS
 *       netdev or a Linux bridge, sockperf and iperf3; everything removed afterwards).</li>
 *   <li>{@link io.kvm4nfv.probe.forwarding.GuestForwarders}: the seam to guests on the embedded path:
 *       {@link io.kvm4nfv.probe.forwarding.QemuGuestForwarders} (real QEMU VMs from {@code io.kvm4nfv.lab}
 *       bridging their virtio-net NIC pairs; pvpv spread over the VMs by an OVS select group) and
 *       {@link io.kvm4nfv.probe.forwarding.NamespaceGuestForwarders} (a stand-in without QEMU).</li>
 *   <li>{@link io.kvm4nfv.probe.forwarding.ForwardingOptions} (what {@code @PacketForwarding} maps to) and
 *       {@link io.kvm4nfv.probe.forwarding.TrafficGenerators} (the generator that fits a lab): the same run
 *       from plain Java.</li>
 *   <li>{@link io.kvm4nfv.probe.forwarding.ForwardingVerdict} with {@link io.kvm4nfv.probe.forwarding.ForwardingSla}:
 *       every SLA violation per frame size; {@link io.kvm4nfv.probe.forwarding.ForwardingResultNames}: KVM4NFV's
 *       dashboard names.</li>
 * </ul>
 * Results are {@link io.kvm4nfv.result.ForwardingResult} with one {@link io.kvm4nfv.result.FrameSizeResult}
 * per frame size.
 * Like every probe it may use {@code config}, {@code node}, {@code report}, {@code result},
 * {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.forwarding;
