package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.ForwardingResult;

/**
 * Sends frames over a forwarding path and measures what comes back, one frame size after
 * the other. Implementations: {@link VsperfTrafficGenerator} (VSPERF on a real pod, e.g. with
 * an IXIA) and {@link NetnsTrafficGenerator} (the embedded lab: namespaces, a software switch,
 * sockperf and iperf3).
 *
 * <p>Contract: a result is returned only when every requested frame size was measured and
 * frames came back for each; anything else (no result file, zero received frames, a
 * generator that died) throws {@link ForwardingFailedException} — never a result that passes
 * by accident. Whatever the generator set up is removed before {@link #run} returns or throws;
 * {@link #open} keeps it up for several runs instead.
 */
public interface TrafficGenerator {

    /**
     * Short name for reports, e.g. {@code vsperf/IxNet}, {@code sockperf+iperf3}.
     *
     * @return the generator's name, also recorded as the result's {@code generator}
     */
    String name();

    /**
     * Whether this generator can drive {@code topology} (e.g. the embedded lab only does p2p without guests).
     *
     * @param topology the forwarding path to check
     * @return {@code true} when {@link #run} and {@link #open} accept it
     */
    boolean supports(Topology topology);

    /**
     * Runs the traffic of {@code request} and returns its figures.
     *
     * @param request the test, path, frame sizes and traffic time per frame size
     * @return the figures of every requested frame size, in the requested order
     * @throws ForwardingFailedException when the run or its result is unusable; the message says why
     * @throws IllegalArgumentException  when the topology is not {@linkplain #supports supported}
     */
    ForwardingResult run(ForwardingRequest request);

    /**
     * Builds {@code topology} and keeps it up until the returned path is closed, so that several
     * requests reuse it. By default (a generator that sets up its own topology for each run, as
     * VSPERF does) the path runs every request with {@link #run} and keeps nothing.
     *
     * @param topology the forwarding path to build
     * @return the open path; the caller closes it
     * @throws ForwardingFailedException when the topology cannot be built
     * @throws IllegalArgumentException  when the topology is not {@linkplain #supports supported}
     */
    default ForwardingPath open(Topology topology) {
        if (!supports(topology)) {
            throw new IllegalArgumentException(name() + " cannot run " + topology.describePaths());
        }
        return ForwardingPath.delegating(topology, this::run, java.util.Optional::empty);
    }
}
