package io.kvm4nfv.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a class a KVM4NFV acceptance test: registers {@link Kvm4nfvExtension} (and the evidence
 * extensions for {@link Scenario}, {@link TuningCheck}, {@link MemoryBandwidth}, {@link Ftrace}, and the probe
 * extensions, e.g. {@link LiveMigrationExtension}) and tags
 * the class {@code kvm4nfv}. The pod comes from {@link Pod}, {@code -Dkvm4nfv.pod},
 * {@code KVM4NFV_POD}, or is the embedded lab {@code local}. With JUnit's parallel execution
 * a class holds its pod and its machines exclusively ({@link PodResourceLocks}): classes on
 * different pods run concurrently, classes on the same pod one after another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
// The evidence extensions come BEFORE Kvm4nfvExtension: before-test-execution callbacks run in this
// order and after-test-execution callbacks in reverse, so the scenario is checked, the tuning read,
// pcm-memory and ftrace started before Kvm4nfvExtension starts the loads and cyclictest, and ftrace
// and pcm-memory are stopped after the test body. Probe extensions that measure on their own go after.
@ExtendWith({ScenarioExtension.class, TuningCheckExtension.class, MemoryBandwidthExtension.class,
        FtraceExtension.class, Kvm4nfvExtension.class, LiveMigrationExtension.class,
        PacketForwardingExtension.class, OslatExtension.class, HardwareLatencyExtension.class})
@Tag(Kvm4nfvTest.TAG)
@ResourceLock(providers = PodResourceLocks.class)
public @interface Kvm4nfvTest {
    /** The JUnit tag of every KVM4NFV test class. */
    String TAG = "kvm4nfv";
}
