package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.ForwardingResult;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A forwarding topology that stays up between runs: the switch, its flows, the deployment's
 * guests and the generator's servers are built once ({@link TrafficGenerator#open}) and every
 * {@link #run} measures over them, until {@link #close()} removes them. This is what lets tests
 * of the same deployment share one set of booted guests.
 */
public interface ForwardingPath extends AutoCloseable {

    /**
     * The topology this path was built for; {@link #run} takes requests for it only.
     *
     * @return the topology given to {@link TrafficGenerator#open}
     */
    Topology topology();

    /**
     * Measures {@code request} over this path, as {@link TrafficGenerator#run} does.
     *
     * @param request the test to run; its topology must equal {@link #topology()}
     * @return the figures of every requested frame size, in the requested order
     * @throws IllegalArgumentException  when the request is for another topology
     * @throws ForwardingFailedException when the run or its result is unusable; the path may then
     *                                   be broken: close it rather than reuse it
     */
    ForwardingResult run(ForwardingRequest request);

    /**
     * Why the path can no longer carry traffic (a guest or server gone), or empty while it can.
     *
     * @return the problem, or empty (always, by default)
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Removes everything the path set up. Idempotent. */
    @Override
    void close();

    /**
     * A path that owns nothing: it runs requests for {@code topology} with {@code run}, reports
     * {@code problem}, and closing it does nothing (whoever made {@code run} cleans up).
     *
     * @param topology the topology requests must be for
     * @param run      measures one request
     * @param problem  tells why the path can no longer carry traffic, or empty
     * @return the delegating path
     */
    static ForwardingPath delegating(Topology topology, Function<ForwardingRequest, ForwardingResult> run,
                                     Supplier<Optional<String>> problem) {
        return new ForwardingPath() {
            @Override
            public Topology topology() {
                return topology;
            }

            @Override
            public ForwardingResult run(ForwardingRequest request) {
                requireTopology(this, request);
                return run.apply(request);
            }

            @Override
            public Optional<String> problem() {
                return problem.get();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Checks that {@code request} is for {@code path}'s topology.
     *
     * @param path    the path about to run the request
     * @param request the request to check
     * @throws IllegalArgumentException when the topologies differ
     */
    static void requireTopology(ForwardingPath path, ForwardingRequest request) {
        if (!path.topology().equals(request.topology())) {
            throw new IllegalArgumentException("a path built for " + path.topology().describePaths()
                    + " cannot run " + request.topology().describePaths());
        }
    }
}
