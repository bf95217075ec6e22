package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.probe.migration.MigrationCapability;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveMigrationOptionsTest {

    private static LiveMigration annotation(String method) throws NoSuchMethodException {
        return Examples.class.getDeclaredMethod(method).getAnnotation(LiveMigration.class);
    }

    private static MigrationOptions options(String method) throws NoSuchMethodException {
        return LiveMigrationOptions.of(annotation(method), TestPlanTest.pod("local"));
    }

    static class Examples {
        @LiveMigration
        void defaults() {
        }

        @LiveMigration(maxTotalMs = 1500.5, maxDowntimeMs = 7.25, downtimeLimitMs = 5,
                maxBandwidthBytesPerSecond = 10L << 30, capabilities = {MigrationCapability.XBZRLE},
                workload = Workload.Kind.FORWARDING_LIKE, pingPong = 5, timeoutSeconds = 30,
                preallocateDestination = true)
        void everything() {
        }

        @LiveMigration(workload = Workload.Kind.MEMORY_DIRTY, workloadBytes = 8 << 20, workloadBytesPerSecond = 4 << 20)
        void dirty() {
        }

        @LiveMigration(maxDowntimeMs = 0)
        void zeroDowntime() {
        }

        @LiveMigration(maxBandwidthBytesPerSecond = 0)
        void zeroBandwidth() {
        }

        @LiveMigration(pingPong = -1)
        void negativePingPong() {
        }

        @LiveMigration(workloadBytes = 4096)
        void idleWithBytes() {
        }

        @LiveMigration(capabilities = {MigrationCapability.MULTIFD, MigrationCapability.XBZRLE})
        void multifdAndXbzrle() {
        }

        @LiveMigration(capabilities = {MigrationCapability.XBZRLE, MigrationCapability.XBZRLE})
        void twice() {
        }

        @LiveMigration(timeoutSeconds = 0)
        void noTimeout() {
        }

        @LiveMigration(to = "node2")
        void toNode2() {
        }

        @LiveMigration(to = "host")
        void toItsOwnHost() {
        }
    }

    @Test
    void toNamesAHostThePodDeclaresOrIsAConfigurationErrorListingTheHosts() throws Exception {
        assertThat(options("defaults").toHost()).as("the guest's own host").isNull();
        assertThat(options("toItsOwnHost").toHost()).isEqualTo("host");
        assertThatThrownBy(() -> options("toNode2")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(to): pod local (")
                .hasMessageContaining("has no host node 'node2'; its hosts: [host]")
                .hasMessageContaining("a migration between hosts needs a pod that declares two");
    }

    @Test
    void defaultsComeFromThePodSlaAndQemu() throws Exception {
        PodConfig pod = TestPlanTest.pod("local");
        MigrationOptions o = options("defaults");
        assertThat(o.maxTotalMs()).isEqualTo(pod.sla().migration().maxTotalMs());
        assertThat(o.maxDowntimeMs()).isEqualTo(pod.sla().migration().maxDowntimeMs());
        assertThat(o.downtimeLimitMs()).isNull();
        assertThat(o.maxBandwidthBytesPerSecond()).isNull();
        assertThat(o.capabilities()).isEmpty();
        assertThat(o.workload()).isEqualTo(Workload.idle());
        assertThat(o.pingPongRoundTrips()).isZero();
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.destination().isLocal()).isTrue();
        assertThat(o.preallocateDestination()).as("the twin is the source's command line").isFalse();
    }

    @Test
    void everyAttributeIsMappedExactly() throws Exception {
        MigrationOptions o = options("everything");
        assertThat(o.maxTotalMs()).isEqualTo(1500.5);
        assertThat(o.maxDowntimeMs()).isEqualTo(7.25);
        assertThat(o.downtimeLimitMs()).isEqualTo(5L);
        assertThat(o.maxBandwidthBytesPerSecond()).isEqualTo(10L << 30);
        assertThat(o.capabilities()).isEqualTo(Set.of(MigrationCapability.XBZRLE));
        assertThat(o.workload()).isEqualTo(Workload.forwardingLike());
        assertThat(o.pingPongRoundTrips()).isEqualTo(5);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.preallocateDestination()).isTrue();
        assertThat(options("dirty").workload()).isEqualTo(Workload.memoryDirty(8 << 20, 4 << 20));
    }

    @Test
    void misuseNamesAnnotationAndAttribute() {
        assertThatThrownBy(() -> options("zeroDowntime")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(maxDowntimeMs)");
        assertThatThrownBy(() -> options("zeroBandwidth")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(maxBandwidthBytesPerSecond)");
        assertThatThrownBy(() -> options("negativePingPong")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(pingPong)");
        assertThatThrownBy(() -> options("idleWithBytes")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(workloadBytes)");
        assertThatThrownBy(() -> options("multifdAndXbzrle")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(capabilities)");
        assertThatThrownBy(() -> options("twice")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(capabilities)");
        assertThatThrownBy(() -> options("noTimeout")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LiveMigration(timeoutSeconds)");
    }

    @Test
    void theAnnotationNeedsAGuest() throws Exception {
        TestPlan plan = TestPlan.of(Examples.class.getDeclaredMethod("defaults"), Examples.class,
                TestPlanTest.pod("local"), OptionalLong.empty());
        assertThat(plan.guestName()).isEqualTo("guest");
        assertThat(plan.needsEnvironment()).isTrue();
    }
}
