package io.kvm4nfv.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures how fast a lab guest becomes SSH-ready (not a test: run it by hand).
 * <ul>
 *   <li>cold: empty cache, build the image, boot, wait for the SSH banner;</li>
 *   <li>warm: image cached (the builder only checks it), boot, wait for the SSH banner;
 *       the median of {@value #WARM_RUNS} runs.</li>
 * </ul>
 * Run: {@code ./mvnw -pl kvm4nfv-junit test-compile exec:java} is not configured, so use
 * {@code java -cp "$(cat cp.txt):target/classes:target/test-classes" io.kvm4nfv.lab.GuestStartBenchmark [--skip-cold]}
 * after {@code ./mvnw -pl kvm4nfv-junit test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class GuestStartBenchmark {

    private static final int WARM_RUNS = 5;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private GuestStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean skipCold = List.of(args).contains("--skip-cold");
        Path work = LabPaths.newRunDir("bench");
        try {
            Path key = work.resolve("id_ed25519");
            SshKeys.ensureEd25519(key, "kvm4nfv-lab");
            String publicKey = SshKeys.publicKeyLineOf(key);
            QemuLauncher launcher = new QemuLauncher();
            GuestImageBuilder shared = GuestImageBuilder.fromConfigDir(work.resolve("build.log"));

            if (!skipCold) {
                GuestImageBuilder cold = shared.withCacheDir(work.resolve("cold-cache"));
                long start = System.nanoTime();
                GuestImage image = cold.build();
                long built = System.nanoTime();
                Duration boot = bootOnce(launcher, image, work, publicKey, "cold");
                System.out.printf("cold start: %d ms (build %d ms + boot to SSH-ready %d ms)%n",
                        (System.nanoTime() - start) / 1_000_000, (built - start) / 1_000_000, boot.toMillis());
                LabPaths.deleteRecursively(work.resolve("cold-cache"));
            }

            shared.build();
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < WARM_RUNS; i++) {
                long start = System.nanoTime();
                GuestImage image = shared.build();
                bootOnce(launcher, image, work, publicKey, "warm" + i);
                long ms = (System.nanoTime() - start) / 1_000_000;
                warm.add(ms);
                System.out.printf("warm start %d: %d ms%n", i + 1, ms);
            }
            Collections.sort(warm);
            System.out.printf("warm start median of %d: %d ms (min %d, max %d); accelerator %s, %d host CPUs%n",
                    WARM_RUNS, warm.get(WARM_RUNS / 2), warm.get(0), warm.get(WARM_RUNS - 1),
                    Accelerator.detect(shared.build(), launcher), Runtime.getRuntime().availableProcessors());
        } finally {
            LabPaths.deleteRecursively(work);
        }
    }

    private static Duration bootOnce(QemuLauncher launcher, GuestImage image, Path work, String publicKey,
                                     String name) throws Exception {
        Path runDir = Files.createDirectories(work.resolve(name));
        GuestOptions options = GuestOptions.defaults(name, runDir, LabPaths.freeLoopbackPort(), publicKey,
                Accelerator.detect(image, launcher));
        long start = System.nanoTime();
        try (GuestVm vm = launcher.launch(image, options)) {
            vm.awaitSshReady(TIMEOUT);
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
