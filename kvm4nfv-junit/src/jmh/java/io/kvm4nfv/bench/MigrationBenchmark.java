package io.kvm4nfv.bench;

import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.GuestOptions;
import io.kvm4nfv.lab.LabPaths;
import io.kvm4nfv.lab.SshKeys;
import io.kvm4nfv.probe.migration.GuestMigration;
import io.kvm4nfv.probe.migration.MeasuredMigration;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.Workload;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Live migration through the library against a bare QMP migration ({@link BareQmpMigration})
 * of the same image with the same settings, in one run: idle guest, max-bandwidth 10 GiB/s,
 * downtime-limit 10 ms (KVM4NFV's tuned row), and the forwarding-like workload. Per round: a
 * bare QEMU migrated after its guest ran {@link #PAUSE}, right after a leg, and after the pause
 * to a destination that preallocates its RAM; then on the embedded lab's guest
 * {@link GuestMigration#migrate(MigrationOptions)} (nothing running in the guest) without and
 * with preallocation, and {@link MeasuredMigration} (what {@code @LiveMigration} does: heartbeat,
 * integrity writer) idle and forwarding-like, each without and with preallocation. Every row
 * compares like with like: a leg right after another one reuses the memory the previous QEMU
 * just freed, which on a VM whose hypervisor takes freed memory back after about a second is
 * several times faster ({@link #pauses}). Medians, with min..max.
 */
final class MigrationBenchmark {

    static final long MAX_BANDWIDTH = 10L << 30;
    static final long DOWNTIME_LIMIT_MS = 10;

    /** The figures of one leg, whoever drove it. */
    record Figures(double totalMs, double downtimeMs, double setupMs, double migrateMs, double endToEndMs,
                   double sentMb, double guestGapMs) {
        static Figures of(BareQmpMigration.Leg l) {
            return new Figures(l.totalMs(), l.downtimeMs(), l.setupMs(), l.migrateToCompletedMs(), l.endToEndMs(),
                    l.transferredBytes() / 1e6, Double.NaN);
        }

        static Figures of(MigrationResult r, double endToEndMs, double guestGapMs) {
            return new Figures(num(r.totalMs()), num(r.downtimeMs()), num(r.setupMs()), r.wallClockMs(), endToEndMs,
                    num(r.transferredBytes()) / 1e6, guestGapMs);
        }

        private static double num(Long v) {
            return v == null ? Double.NaN : v;
        }
    }

    private MigrationBenchmark() {
    }

    /**
     * Why one migration costs three times another: the same bare QEMU migrated leg after leg, with
     * pauses of 0..20 s before some legs. The bytes sent stay the same; the time does not.
     */
    static void pauses(Path work) throws Exception {
        try (EmbeddedLab lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"))) {
            String publicKey = SshKeys.publicKeyLineOf(lab.directory().clientKey());
            GuestOptions template = GuestOptions.defaults("bare", work, LabPaths.freeLoopbackPort(), publicKey,
                    lab.accelerator());
            Path dir = Files.createDirectories(work.resolve("bare-pauses"));
            System.out.printf(Locale.ROOT, "%n== bare QMP migrations of one guest, leg after leg, a pause before some ==%n");
            try (BareQmpMigration bare = BareQmpMigration.boot(lab.image(), vcpus(lab), template, dir, PAUSE)) {
                for (boolean preallocate : new boolean[] {false, true}) {
                    for (int pause : new int[] {0, 0, 1, 0, 2, 0, 5, 0, 10, 0}) {
                        Thread.sleep(pause * 1000L);
                        BareQmpMigration.Leg l = bare.migrate(DOWNTIME_LIMIT_MS, MAX_BANDWIDTH, preallocate);
                        System.out.printf(Locale.ROOT, "%s pause %2d s: total %4d ms, downtime %2d ms, setup %3d ms, "
                                + "%.0f MB sent, destination start to running %5.0f ms%n",
                                preallocate ? "destination preallocated," : "destination as is,       ", pause,
                                l.totalMs(), l.downtimeMs(), l.setupMs(), l.transferredBytes() / 1e6, l.endToEndMs());
                    }
                }
            }
        }
    }

    static void run(Path work, int rounds) throws Exception {
        Map<String, List<Figures>> rows = new LinkedHashMap<>();
        for (String row : ROWS) {
            rows.put(row, new ArrayList<>());
        }
        MigrationOptions options = MigrationOptions.defaults(MigrationDestination.local(LabPaths.freeLoopbackPort()))
                .withMaxBandwidthBytesPerSecond(MAX_BANDWIDTH).withDowntimeLimitMs(DOWNTIME_LIMIT_MS)
                .withTimeout(Duration.ofSeconds(120));
        MigrationOptions defaults = MigrationOptions.defaults(MigrationDestination.local(LabPaths.freeLoopbackPort()))
                .withTimeout(Duration.ofSeconds(120));
        try (EmbeddedLab lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"))) {
            lab.guest("guest");
            String publicKey = SshKeys.publicKeyLineOf(lab.directory().clientKey());
            GuestOptions template = GuestOptions.defaults("bare", work, LabPaths.freeLoopbackPort(), publicKey,
                    lab.accelerator());
            GuestMigration migration = GuestMigration.of(lab, "guest");
            migration.migrate(options); // the lab guest's first leg, like the bare one's below: not measured
            for (int round = 0; round < rounds; round++) {
                Path dir = Files.createDirectories(work.resolve("bare-" + round));
                try (BareQmpMigration bare = BareQmpMigration.boot(lab.image(), vcpus(lab), template, dir, PAUSE)) {
                    // a fresh QEMU's first leg also pays for reading RAM its guest never touched: not measured
                    bare.migrate(DOWNTIME_LIMIT_MS, MAX_BANDWIDTH, false);
                    Thread.sleep(PAUSE.toMillis());
                    rows.get(BARE).add(Figures.of(bare.migrate(DOWNTIME_LIMIT_MS, MAX_BANDWIDTH, false)));
                    rows.get(BARE_BACK_TO_BACK).add(Figures.of(bare.migrate(DOWNTIME_LIMIT_MS, MAX_BANDWIDTH, false)));
                    Thread.sleep(PAUSE.toMillis());
                    rows.get(BARE_PREALLOC).add(Figures.of(bare.migrate(DOWNTIME_LIMIT_MS, MAX_BANDWIDTH, true)));
                    Thread.sleep(PAUSE.toMillis());
                    rows.get(BARE_DEFAULTS).add(Figures.of(bare.migrate(0, 0, true)));
                }
                Thread.sleep(PAUSE.toMillis());
                rows.get(LIB_LEG).add(leg(migration.migrate(options)));
                Thread.sleep(PAUSE.toMillis());
                rows.get(LIB_LEG_PREALLOC).add(leg(migration.migrate(options.withPreallocatedDestination(true))));
                rows.get(LIB_IDLE).add(measured(lab, options.withWorkload(Workload.idle())));
                rows.get(LIB_IDLE_PREALLOC).add(measured(lab, options.withWorkload(Workload.idle())
                        .withPreallocatedDestination(true)));
                rows.get(LIB_FWD).add(measured(lab, options.withWorkload(Workload.forwardingLike())));
                rows.get(LIB_FWD_PREALLOC).add(measured(lab, options.withWorkload(Workload.forwardingLike())
                        .withPreallocatedDestination(true)));
                rows.get(LIB_IDLE_DEFAULTS).add(measured(lab, defaults.withPreallocatedDestination(true)));
                rows.get(LIB_FWD_DEFAULTS).add(measured(lab, defaults.withWorkload(Workload.forwardingLike())
                        .withPreallocatedDestination(true)));
                System.out.printf(Locale.ROOT, "round %d/%d done%n", round + 1, rounds);
            }
        }
        print(rows, rounds);
        beforeAfter(rows);
    }

    /** The CPUs the pod pins its guests' QEMUs to ({@code cpus.vcpu} of the host), the bare ones too. */
    private static String vcpus(EmbeddedLab lab) {
        return lab.pod().node("host").cpus().vcpu().toString();
    }

    private static Figures leg(GuestMigration.Leg leg) {
        return Figures.of(leg.result(), (leg.endNanos() - leg.startNanos()) / 1e6, Double.NaN);
    }

    private static Figures measured(EmbeddedLab lab, MigrationOptions options) {
        MigrationMeasurement m = MeasuredMigration.run(lab, "guest", options, line -> { });
        if (!m.isCompleted() || !m.integrity().intact()) {
            throw new IllegalStateException("library migration did not complete intact: " + m.last().status() + " "
                    + m.integrity().failures());
        }
        return Figures.of(m.last(), m.last().wallClockMs(), m.maxHeartbeatGapMs().orElse(Double.NaN));
    }

    /** Before a measured leg the guest runs this long (a test's setup takes about as long). */
    static final Duration PAUSE = Duration.ofSeconds(3);

    static final String BARE = "bare QMP, guest ran 3 s";
    static final String BARE_BACK_TO_BACK = "bare QMP, right after a leg";
    static final String BARE_PREALLOC = "bare QMP, guest ran 3 s, dst prealloc";
    static final String LIB_LEG = "library migrate(), guest ran 3 s";
    static final String LIB_LEG_PREALLOC = "library migrate(), 3 s, dst prealloc";
    static final String LIB_IDLE = "library @LiveMigration idle";
    static final String LIB_IDLE_PREALLOC = "library @LiveMigration idle, prealloc";
    static final String LIB_FWD = "library @LiveMigration fwd-like";
    static final String LIB_FWD_PREALLOC = "library @LiveMigration fwd, prealloc";
    static final String BARE_DEFAULTS = "bare QMP, QEMU defaults, prealloc";
    static final String LIB_IDLE_DEFAULTS = "library idle, QEMU defaults, prealloc";
    static final String LIB_FWD_DEFAULTS = "library fwd, QEMU defaults, prealloc";
    static final List<String> ROWS = List.of(BARE, BARE_BACK_TO_BACK, BARE_PREALLOC, LIB_LEG, LIB_LEG_PREALLOC, LIB_IDLE,
            LIB_IDLE_PREALLOC, LIB_FWD, LIB_FWD_PREALLOC, BARE_DEFAULTS, LIB_IDLE_DEFAULTS, LIB_FWD_DEFAULTS);

    private static void print(Map<String, List<Figures>> rows, int rounds) {
        System.out.printf(Locale.ROOT, "%n== live migration, 262152 KiB guest, max-bandwidth 10 GiB/s, downtime-limit %d ms,"
                + " %d rounds: median [min..max]; every QEMU, bare ones too, on the pod's vCPU CPUs ==%n",
                DOWNTIME_LIMIT_MS, rounds);
        System.out.printf(Locale.ROOT, "%-40s %-18s %-14s %-14s %-20s %-20s %-8s %s%n", "", "total ms (QEMU)",
                "downtime ms", "setup ms", "migrate->completed", "dst start->running", "MB sent", "guest gap ms");
        for (var e : rows.entrySet()) {
            List<Figures> f = e.getValue();
            if (f.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%-40s %-18s %-14s %-14s %-20s %-20s %-8s %s%n", e.getKey(),
                    BenchStats.cell(f, Figures::totalMs, 1), BenchStats.cell(f, Figures::downtimeMs, 1), BenchStats.cell(f, Figures::setupMs, 1),
                    BenchStats.cell(f, Figures::migrateMs, 1), BenchStats.cell(f, Figures::endToEndMs, 1), String.format(Locale.ROOT, "%.0f",
                            BenchStats.median(f, Figures::sentMb)), BenchStats.cell(f, Figures::guestGapMs, 1));
        }
        System.out.printf(Locale.ROOT, "library migrate() / bare, both after 3 s: %.3f; with the destination preallocated:"
                + " %.3f (goal <= 1.10)%n", ratio(rows, LIB_LEG, BARE), ratio(rows, LIB_LEG_PREALLOC, BARE_PREALLOC));
        System.out.printf(Locale.ROOT, "library @LiveMigration idle / bare: %.3f; preallocated: %.3f (goal <= 1.10;"
                + " the guest runs the heartbeat and the integrity writer)%n", ratio(rows, LIB_IDLE, BARE),
                ratio(rows, LIB_IDLE_PREALLOC, BARE_PREALLOC));
        for (String row : List.of(LIB_IDLE, LIB_IDLE_PREALLOC, LIB_FWD, LIB_FWD_PREALLOC)) {
            boolean idle = row.startsWith(LIB_IDLE);
            System.out.printf(Locale.ROOT, "%s: total %.0f ms (%s), downtime %.0f ms (goal <= %d)%n", row,
                    BenchStats.median(rows.get(row), Figures::totalMs),
                    idle ? "KVM4NFV optimized 401, goal <= 401" : "KVM4NFV DPDK L2FWD 654, goal <= 654",
                    BenchStats.median(rows.get(row), Figures::downtimeMs), idle ? 9 : 5);
        }
    }

    /** KVM4NFV's table: QEMU defaults (128 MiB/s, downtime-limit 300 ms) -> tuned (10 GiB/s, 10 ms). */
    private static void beforeAfter(Map<String, List<Figures>> rows) {
        System.out.printf(Locale.ROOT, "%n== KVM4NFV's shape: before (QEMU defaults) -> after (10 GiB/s, downtime-limit 10 ms),"
                + " destination preallocated, medians ==%n");
        System.out.printf(Locale.ROOT, "%-34s %-22s %-22s %s%n", "guest", "total ms", "downtime ms (QEMU)",
                "KVM4NFV optimized (before -> after)");
        String[][] lines = {{"bare QMP, nothing in the guest", BARE_DEFAULTS, BARE_PREALLOC, "-"},
            {"library, idle (@LiveMigration)", LIB_IDLE_DEFAULTS, LIB_IDLE_PREALLOC, "2070 -> 401 ms, 29 -> 9 ms"},
            {"library, forwarding-like", LIB_FWD_DEFAULTS, LIB_FWD_PREALLOC, "L2FWD 2271 -> 654 ms, 26 -> 5 ms"}};
        for (String[] l : lines) {
            System.out.printf(Locale.ROOT, "%-34s %-22s %-22s %s%n", l[0],
                    String.format(Locale.ROOT, "%.0f -> %.0f", BenchStats.median(rows.get(l[1]), Figures::totalMs),
                            BenchStats.median(rows.get(l[2]), Figures::totalMs)),
                    String.format(Locale.ROOT, "%.0f -> %.0f", BenchStats.median(rows.get(l[1]), Figures::downtimeMs),
                            BenchStats.median(rows.get(l[2]), Figures::downtimeMs)), l[3]);
        }
    }

    private static double ratio(Map<String, List<Figures>> rows, String a, String b) {
        return BenchStats.median(rows.get(a), Figures::totalMs) / BenchStats.median(rows.get(b), Figures::totalMs);
    }
}
