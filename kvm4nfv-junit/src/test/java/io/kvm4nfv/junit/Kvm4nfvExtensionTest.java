package io.kvm4nfv.junit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The extension's fail-fast and abort behaviour, without a lab: misuse is a configuration
 * error naming annotation and attribute; a pod that cannot be reached aborts the test.
 */
class Kvm4nfvExtensionTest {

    @TempDir
    Path config;
    private String previousConfigDir;

    @BeforeEach
    void pods() throws IOException {
        Files.createDirectories(config.resolve("pods/dead/host"));
        Files.writeString(config.resolve("pods/dead/host/host-setup0.sh"), "#!/bin/sh\ntrue\n");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(config.resolve("pods/dead.yaml"), """
                kind: ssh
                description: a pod whose only host refuses connections
                hostKeys: {policy: strict, knownHosts: dead.known_hosts}
                scripts: {host: dead/host}
                nodes:
                  - {name: node1, role: host, address: 127.0.0.1, port: %d, user: nobody, keyFile: no-such-key}
                  - {name: vm, role: guest, host: node1, forwardPort: %d, user: root, keyFile: no-such-key}
                timeouts: {connectSeconds: 2}
                """.formatted(closedPort, closedPort));
        previousConfigDir = System.getProperty("kvm4nfv.config.dir");
        System.setProperty("kvm4nfv.config.dir", config.toString());
    }

    @AfterEach
    void restore() {
        if (previousConfigDir == null) {
            System.clearProperty("kvm4nfv.config.dir");
        } else {
            System.setProperty("kvm4nfv.config.dir", previousConfigDir);
        }
    }

    @Kvm4nfvTest
    @Pod("dead")
    static class Misused {
        @org.junit.jupiter.api.Test
        @Cyclictest(threads = 0)
        void noThreads() {
        }

        @org.junit.jupiter.api.Test
        @Cyclictest(maxUs = -3)
        void negativeBound() {
        }

        @org.junit.jupiter.api.Test
        @HostSetup({"host-setup0.sh", "host-setup7.sh"})
        void unknownStep() {
        }
    }

    @Kvm4nfvTest
    @Pod("dead")
    @HostSetup("host-setup0.sh")
    static class Unreachable {
        @org.junit.jupiter.api.Test
        @Cyclictest(loops = 100)
        void measures() {
        }
    }

    @Kvm4nfvTest
    @Pod("no-such-pod")
    static class UnknownPod {
        @org.junit.jupiter.api.Test
        @Cyclictest
        void measures() {
        }
    }

    private static Events run(Class<?> type) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(type))
                .configurationParameter("junit.platform.execution.listeners.deactivate", "*")
                .execute().testEvents();
    }

    @Test
    void misuseFailsFastNamingAnnotationAndAttribute() {
        Events events = run(Misused.class);
        events.assertStatistics(s -> s.started(3).failed(3));
        events.assertThatEvents()
                .haveExactly(1, event(test("noThreads"), finishedWithFailure(
                        instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.contains("@Cyclictest(threads = 0) must be >= 1")))))
                .haveExactly(1, event(test("negativeBound"), finishedWithFailure(
                        message(m -> m.contains("@Cyclictest(maxUs = -3.0) must be >= 0")))))
                .haveExactly(1, event(test("unknownStep"), finishedWithFailure(
                        message(m -> m.contains("@HostSetup(value): step 1 'host-setup7.sh' is unknown")))));
    }

    @Test
    void unreachablePodAbortsWithTheReasonInsteadOfFailing() {
        Events events = run(Unreachable.class);
        events.assertStatistics(s -> s.started(1).aborted(1).failed(0).succeeded(0));
        events.assertThatEvents().haveExactly(1, event(test("measures"), abortedWithReason(
                message(m -> m.contains("pod dead is not available") && m.contains("node1")))));
    }

    @Test
    void unknownPodIsAConfigurationErrorListingThePods() {
        Events events = run(UnknownPod.class);
        events.assertStatistics(s -> s.failed(1));
        String message = events.failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage();
        assertThat(message).contains("no-such-pod").contains("dead");
    }
}
