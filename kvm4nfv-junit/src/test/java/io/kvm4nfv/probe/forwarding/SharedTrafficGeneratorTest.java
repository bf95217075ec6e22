package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedTrafficGeneratorTest {

    private static final Topology PVP = Topology.parse("pvp");
    private static final Topology PVVP = Topology.parse("pvvp");

    /** Paths that count what happens to them. */
    private static final class CountingGenerator implements TrafficGenerator {
        final List<String> events = new ArrayList<>();
        final List<FakePath> opened = new ArrayList<>();
        String failNextRunWith;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean supports(Topology topology) {
            return true;
        }

        @Override
        public ForwardingResult run(ForwardingRequest request) {
            throw new AssertionError("the shared generator must go through open()");
        }

        @Override
        public ForwardingPath open(Topology topology) {
            FakePath path = new FakePath(this, topology, opened.size() + 1);
            opened.add(path);
            events.add("open " + path.id());
            return path;
        }
    }

    private static final class FakePath implements ForwardingPath {
        final CountingGenerator generator;
        final Topology topology;
        final int number;
        String problem;

        FakePath(CountingGenerator generator, Topology topology, int number) {
            this.generator = generator;
            this.topology = topology;
            this.number = number;
        }

        String id() {
            return topology.deployment().canonicalName() + "#" + number;
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public ForwardingResult run(ForwardingRequest request) {
            ForwardingPath.requireTopology(this, request);
            generator.events.add("run " + id());
            if (generator.failNextRunWith != null) {
                String message = generator.failNextRunWith;
                generator.failNextRunWith = null;
                throw new ForwardingFailedException(message);
            }
            List<FrameSizeResult> sizes = request.frameSizes().stream().map(size -> new FrameSizeResult(size, 10.0, 20.0, 30.0,
                    List.of(), 1000.0, FrameSizes.frameMbps(1000, size), 0.0, 1000L, 1000L)).toList();
            return new ForwardingResult(request.testId(), topology.deployment().canonicalName(), "fake", "counting",
                    sizes, Instant.now(), Duration.ZERO, null);
        }

        @Override
        public Optional<String> problem() {
            return Optional.ofNullable(problem);
        }

        @Override
        public void close() {
            generator.events.add("close " + id());
        }
    }

    private static ForwardingRequest request(Topology topology) {
        return ForwardingRequest.throughput(topology, List.of(64), Duration.ofSeconds(1));
    }

    @Test
    void runsOfOneTopologyShareOnePathAndPathsCloseLastBuiltFirst() {
        CountingGenerator generator = new CountingGenerator();
        SharedTrafficGenerator shared = new SharedTrafficGenerator(generator, null);

        shared.run(request(PVP));
        shared.run(request(PVVP));
        shared.run(request(PVP));
        assertThat(shared.running()).containsExactly(PVP, PVVP);
        shared.close();
        shared.close();

        assertThat(generator.events).containsExactly("open pvp#1", "run pvp#1", "open pvvp#2", "run pvvp#2",
                "run pvp#1", "close pvvp#2", "close pvp#1");
        assertThatThrownBy(() -> shared.run(request(PVP))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBrokenPathIsRebuiltAndAFailedRunDropsItsPath() {
        CountingGenerator generator = new CountingGenerator();
        List<String> log = new ArrayList<>();
        try (SharedTrafficGenerator shared = new SharedTrafficGenerator(generator, log::add)) {
            shared.run(request(PVP));
            generator.opened.get(0).problem = "guest gone";
            shared.run(request(PVP));                       // rebuilt, not reused
            generator.failNextRunWith = "sockperf died";
            assertThatThrownBy(() -> shared.run(request(PVP))).hasMessage("sockperf died");
            assertThat(shared.running()).isEmpty();
            shared.run(request(PVP));                       // a fresh path after the failure
        }
        assertThat(generator.events).containsExactly("open pvp#1", "run pvp#1", "close pvp#1", "open pvp#2",
                "run pvp#2", "run pvp#2", "close pvp#2", "open pvp#3", "run pvp#3", "close pvp#3");
        assertThat(log).anyMatch(l -> l.contains("rebuilding") && l.contains("guest gone"))
                .anyMatch(l -> l.contains("after a failed run") && l.contains("sockperf died"));
    }

    @Test
    void aPathRunsOnlyItsOwnTopology() {
        CountingGenerator generator = new CountingGenerator();
        try (SharedTrafficGenerator shared = new SharedTrafficGenerator(generator, null)) {
            ForwardingPath pvp = shared.open(PVP);
            assertThatThrownBy(() -> pvp.run(request(PVVP))).isInstanceOf(IllegalArgumentException.class);
            pvp.close();                                    // shared: the generator closes it
            assertThat(shared.running()).containsExactly(PVP);
        }
    }
}
