package io.kvm4nfv.probe.migration;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationOptionsTest {

    private static final MigrationOptions BASE = MigrationOptions.defaults(MigrationDestination.local(4444));

    @Test
    void defaultsAreTheIssueSla() {
        assertThat(BASE.maxTotalMs()).isEqualTo(2000.0);
        assertThat(BASE.maxDowntimeMs()).isEqualTo(10.0);
        assertThat(BASE.downtimeLimitMs()).isNull();
        assertThat(BASE.maxBandwidthBytesPerSecond()).isNull();
        assertThat(BASE.capabilities()).isEmpty();
        assertThat(BASE.workload()).isEqualTo(Workload.idle());
        assertThat(BASE.destination().isLocal()).isTrue();
    }

    @Test
    void fractionalSlasStayFractional() {
        MigrationOptions o = BASE.withSla(1999.5, 9.75);
        assertThat(o.maxTotalMs()).isEqualTo(1999.5);
        assertThat(o.maxDowntimeMs()).isEqualTo(9.75);
    }

    @Test
    void validationMessagesNameTheField() {
        assertThatThrownBy(() -> BASE.withDowntimeLimitMs(0L)).hasMessageStartingWith("downtimeLimitMs");
        assertThatThrownBy(() -> BASE.withMaxBandwidthBytesPerSecond(-1L))
                .hasMessageStartingWith("maxBandwidthBytesPerSecond");
        assertThatThrownBy(() -> BASE.withCapabilities(Set.of(MigrationCapability.MULTIFD), 0))
                .hasMessageStartingWith("multifdChannels");
        assertThatThrownBy(() -> BASE.withCapabilities(Set.of(MigrationCapability.MULTIFD, MigrationCapability.XBZRLE), 2))
                .hasMessageStartingWith("capabilities");
        assertThatThrownBy(() -> BASE.withPingPongRoundTrips(-1)).hasMessageStartingWith("pingPongRoundTrips");
        assertThatThrownBy(() -> BASE.withTimeout(Duration.ZERO)).hasMessageStartingWith("timeout");
        assertThatThrownBy(() -> BASE.withPollInterval(Duration.ofMillis(5))).hasMessageStartingWith("pollInterval");
        assertThatThrownBy(() -> BASE.withSla(0, 10)).hasMessageStartingWith("maxTotalMs");
        assertThatThrownBy(() -> BASE.withSla(2000, Double.NaN)).hasMessageStartingWith("maxDowntimeMs");
        assertThatThrownBy(() -> BASE.withWorkload(null)).hasMessageStartingWith("workload");
        assertThatThrownBy(() -> BASE.withDestination(null)).hasMessageStartingWith("destination");
        assertThatThrownBy(() -> MigrationDestination.local(-1)).hasMessageStartingWith("destination.port");
        assertThatThrownBy(() -> MigrationDestination.local(65536)).hasMessageStartingWith("destination.port");
        assertThat(MigrationDestination.localAnyPort().incomingUri()).as("0: the destination picks")
                .isEqualTo("tcp:127.0.0.1:0");
        assertThatThrownBy(() -> new Workload(Workload.Kind.MEMORY_DIRTY, 0, 10))
                .hasMessageContaining("workingSetBytes");
        assertThatThrownBy(() -> new Workload(Workload.Kind.IDLE, 5, 0)).hasMessageStartingWith("workload IDLE");
    }

    @Test
    void destinationUris() {
        assertThat(MigrationDestination.local(4444).incomingUri()).isEqualTo("tcp:127.0.0.1:4444");
        MigrationDestination remote = MigrationDestination.host("192.0.2.7", 4444);
        assertThat(remote.migrateUri()).isEqualTo("tcp:192.0.2.7:4444");
        assertThat(remote.isLocal()).isFalse();
        assertThat(new MigrationDestination("::", "::1", 5).migrateUri()).isEqualTo("tcp:[::1]:5");
    }

    @Test
    void capabilitiesAreACopy() {
        java.util.Set<MigrationCapability> mutable = new java.util.HashSet<>(Set.of(MigrationCapability.XBZRLE));
        MigrationOptions o = BASE.withCapabilities(mutable, 0);
        mutable.add(MigrationCapability.AUTO_CONVERGE);
        assertThat(o.capabilities()).containsExactly(MigrationCapability.XBZRLE);
        assertThat(MigrationCapability.POSTCOPY_RAM.qmpName()).isEqualTo("postcopy-ram");
    }
}
