package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.ForwardingResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A traffic generator that keeps one running path per topology ({@link TrafficGenerator#open})
 * and measures every request for that topology over it, so that runs of the same deployment
 * share one set of booted guests instead of booting their own. {@link #close()} removes the
 * paths in the reverse order of their building.
 *
 * <p>A path is never reused broken: before a run it is checked ({@link ForwardingPath#problem()})
 * and rebuilt when a guest or server is gone, and a run that throws closes its path, so the next
 * request starts from a fresh one. Runs over one path are serialised; runs over different paths
 * may overlap (the caller decides: the JUnit extension runs the tests of one pod one after another).
 *
 * <pre>{@code
 * try (SharedTrafficGenerator shared = new SharedTrafficGenerator(TrafficGenerators.forLab(lab, log), log)) {
 *     shared.run(pvpAt64);      // boots the pvp guest
 *     shared.run(pvpAt1518);    // same guest
 * }                             // guest stopped, namespaces removed
 * }</pre>
 */
public final class SharedTrafficGenerator implements TrafficGenerator, AutoCloseable {

    private final TrafficGenerator generator;
    private final Consumer<String> log;
    private final Map<Topology, ForwardingPath> paths = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param generator builds the paths
     * @param log       receives a line when a path is reused, rebuilt or removed; may be {@code null}
     */
    public SharedTrafficGenerator(TrafficGenerator generator, Consumer<String> log) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.log = log == null ? line -> { } : log;
    }

    @Override
    public String name() {
        return generator.name();
    }

    @Override
    public boolean supports(Topology topology) {
        return generator.supports(topology);
    }

    /** Measures {@code request} over the running path of its topology, building it first if there is none. */
    @Override
    public ForwardingResult run(ForwardingRequest request) {
        ForwardingPath path = path(request.topology());
        try {
            return path.run(request);
        } catch (RuntimeException e) {
            discard(path, e);
            throw e;
        }
    }

    /**
     * The running path of {@code topology}, shared: closing it does nothing, this generator
     * closes it. Prefer {@link #run}, which also drops a path whose run failed.
     */
    @Override
    public ForwardingPath open(Topology topology) {
        path(topology);
        return ForwardingPath.delegating(topology, this::run, () -> problem(topology));
    }

    /** The problem of the running path of {@code topology}; none when none runs (the next run builds one). */
    private synchronized Optional<String> problem(Topology topology) {
        ForwardingPath path = paths.get(topology);
        return path == null ? Optional.empty() : path.problem();
    }

    /**
     * The topologies whose paths are up, in the order they were built.
     *
     * @return a snapshot of the running paths' topologies
     */
    public synchronized List<Topology> running() {
        return List.copyOf(paths.keySet());
    }

    private synchronized ForwardingPath path(Topology topology) {
        if (closed) {
            throw new IllegalStateException("this shared generator is closed");
        }
        ForwardingPath path = paths.get(topology);
        if (path != null) {
            Optional<String> problem = path.problem();
            if (problem.isEmpty()) {
                log.accept("reusing the running " + topology.describePaths() + " path");
                return path;
            }
            log.accept("rebuilding the " + topology.describePaths() + " path: " + problem.get());
            paths.remove(topology);
            path.close();
        }
        path = generator.open(topology);
        paths.put(topology, path);
        return path;
    }

    private synchronized void discard(ForwardingPath path, RuntimeException cause) {
        if (paths.get(path.topology()) != path) {
            return;
        }
        paths.remove(path.topology());
        log.accept("removing the " + path.topology().describePaths() + " path after a failed run: " + cause.getMessage());
        try {
            path.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Removes every running path, the last built first; tries all of them.
     *
     * @throws ForwardingFailedException when a path could not be removed (the others are removed anyway)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ForwardingPath> open = new ArrayList<>(paths.values());
        paths.clear();
        ForwardingFailedException failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            ForwardingPath path = open.get(i);
            try {
                path.close();
                log.accept("removed the " + path.topology().describePaths() + " path");
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new ForwardingFailedException("removing the shared forwarding paths failed: "
                            + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "shared " + generator.name() + " " + running();
    }
}
