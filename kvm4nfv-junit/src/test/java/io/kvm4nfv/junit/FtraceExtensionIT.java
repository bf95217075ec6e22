package io.kvm4nfv.junit;

import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.probe.trace.FtraceSession;
import io.kvm4nfv.probe.trace.FtraceState;
import io.kvm4nfv.probe.trace.TraceCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link Ftrace} on the embedded lab's guest when the test body fails or is aborted: the trace is
 * still collected and ftrace in the guest is off afterwards (one guest boot, no setup).
 */
class FtraceExtensionIT {

    static final Map<String, TraceCapture> CAPTURES = new ConcurrentHashMap<>();
    static final Map<String, FtraceState> AFTER = new ConcurrentHashMap<>();

    @Kvm4nfvTest
    @Ftrace(tracer = "nop", events = {"sched"}, maxCollectedBytes = 256 * 1024)
    static class BodyFailsOrAborts {

        @Test
        void bodyFails(Guest guest) {
            guest.node().exec("sleep 0.2", Duration.ofSeconds(30));
            throw new AssertionError("the body fails on purpose");
        }

        @Test
        void bodyAborts(Guest guest) {
            guest.node().exec("sleep 0.2", Duration.ofSeconds(30));
            Assumptions.abort("the body aborts on purpose");
        }

        @AfterEach
        void afterwards(Guest guest, TraceCapture capture, org.junit.jupiter.api.TestInfo info) {
            String name = info.getTestMethod().orElseThrow().getName();
            CAPTURES.put(name, capture);
            AFTER.put(name, FtraceSession.verifyOff(guest.node()));
        }
    }

    @Test
    void traceIsCollectedAndTracingIsOffWhenTheBodyFailsOrAborts() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BodyFailsOrAborts.class))
                .configurationParameter("junit.platform.execution.listeners.deactivate", "*")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .execute().testEvents();
        events.assertThatEvents()
                .haveExactly(1, event(test("bodyFails"), finishedWithFailure(message("the body fails on purpose"))))
                .haveExactly(1, event(test("bodyAborts"), abortedWithReason(message("the body aborts on purpose"))));
        for (String name : new String[]{"bodyFails", "bodyAborts"}) {
            TraceCapture capture = CAPTURES.get(name);
            System.out.println(name + ": " + capture.summary() + "; after: " + AFTER.get(name));
            assertThat(capture.available()).as(capture.summary()).isTrue();
            assertThat(capture.text()).contains("sched_switch");
            assertThat(capture.text().length()).isLessThanOrEqualTo(256 * 1024);
            assertThat(AFTER.get(name).isOff()).as(AFTER.get(name).toString()).isTrue();
        }
    }
}
