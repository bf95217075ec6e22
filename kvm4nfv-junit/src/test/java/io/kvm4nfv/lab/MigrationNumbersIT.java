package io.kvm4nfv.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.probe.migration.MeasuredMigration;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.Workload;
import io.kvm4nfv.result.MigrationMeasurement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's live migration table (KVM4NFV's "before → after" shape): an embedded-lab guest
 * idle and with a forwarding-like workload, migrated with QEMU's defaults (128 MiB/s,
 * downtime-limit 300 ms) and tuned (max-bandwidth 10 GiB/s, downtime-limit 10 ms), median of
 * {@value #RUNS} runs each, QEMU's and the heartbeat's figures. Takes minutes, so it runs only
 * with {@code -Dmeasure.migration=true}; writes {@code target/migration-numbers.json}
 * and prints the table.
 */
class MigrationNumbersIT {

    private static final int RUNS = 3;

    @Test
    void defaultVersusTunedIdleAndForwardingLike() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("measure.migration"),
                "set -Dmeasure.migration=true to measure (minutes)");
        Map<String, List<MigrationMeasurement>> runs = new LinkedHashMap<>();
        try (EmbeddedLab lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"))) {
            lab.guest("guest");
            MigrationOptions defaults = MigrationOptions.defaults(MigrationDestination.local(LabPaths.freeLoopbackPort()))
                    .withTimeout(Duration.ofSeconds(120));
            MigrationOptions tuned = defaults.withMaxBandwidthBytesPerSecond(10L << 30).withDowntimeLimitMs(10L);
            for (Workload w : List.of(Workload.idle(), Workload.forwardingLike())) {
                for (var o : Map.of("default", defaults, "tuned", tuned).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).toList()) {
                    List<MigrationMeasurement> ms = new ArrayList<>();
                    for (int i = 0; i < RUNS; i++) {
                        ms.add(MeasuredMigration.run(lab, "guest", o.getValue().withWorkload(w), System.out::println));
                    }
                    runs.put(w.kind() + " " + o.getKey(), ms);
                }
            }
        }
        StringBuilder table = new StringBuilder("| guest | settings | total ms | downtime ms (QEMU) | STOP→RESUME ms "
                + "| heartbeat gap ms | integrity |\n|---|---|---|---|---|---|---|\n");
        for (var e : runs.entrySet()) {
            List<MigrationMeasurement> ms = e.getValue();
            table.append(String.format(Locale.ROOT, "| %s | %s | %.0f %s | %.0f %s | %.1f | %.1f | %s |%n",
                    e.getKey().split(" ")[0], e.getKey().split(" ")[1],
                    median(ms, m -> m.last().totalMs()), ms.stream().map(m -> m.last().totalMs()).toList(),
                    median(ms, m -> m.last().downtimeMs()), ms.stream().map(m -> m.last().downtimeMs()).toList(),
                    median(ms, m -> m.last().stopToResumeMs()), median(ms, m -> m.maxHeartbeatGapMs().orElse(-1)),
                    ms.stream().allMatch(m -> m.integrity().intact()) ? "intact" : "FAILED"));
        }
        System.out.println(table);
        Path out = Path.of("target", "migration-numbers.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), runs);
        Files.writeString(Path.of("target", "migration-numbers.md"), table);
        assertThat(runs.values()).allSatisfy(ms -> assertThat(ms).allSatisfy(m -> {
            assertThat(m.isCompleted()).isTrue();
            assertThat(m.integrity().intact()).as(m.integrity().failures().toString()).isTrue();
        }));
    }

    private static double median(List<MigrationMeasurement> ms, ToDoubleFunction<MigrationMeasurement> f) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }
}
