package io.kvm4nfv.load;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.config.NodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stress-ng load.
 *
 * @param type          CPU, MEMORY or IO ({@link StressType#IDLE} means no load and is not started)
 * @param target        host or guest
 * @param cpus          Linux cpu list the load is pinned to ({@code --taskset}); {@code null} = no pinning
 * @param workers       number of stressor workers (≥ 1)
 * @param memoryMiB     bytes per memory worker, in MiB (MEMORY only)
 * @param safetyTimeout stress-ng's own {@code --timeout}: a bound that stops the load even if the
 *                      framework could not (the framework stops it as soon as the measurement ends)
 */
public record StressOptions(StressType type, StressTarget target, String cpus, int workers, int memoryMiB,
                            Duration safetyTimeout) {

    /** MiB per memory worker when nobody says ({@code @Stress(memoryMiB)}'s default). */
    public static final int DEFAULT_MEMORY_MIB = 64;

    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    /**
     * Checks the options.
     *
     * @param type          the kind of load; not {@code null}
     * @param target        host or guest; not {@code null}
     * @param cpus          a Linux cpu list such as {@code 2-3,6}, or {@code null} for no pinning
     * @param workers       number of stressor workers, at least 1
     * @param memoryMiB     MiB per memory worker, at least 1
     * @param safetyTimeout stress-ng's own {@code --timeout}, at least 1 s; not {@code null}
     * @throws IllegalArgumentException when {@code cpus} is not a cpu list or a number is out of range
     * @throws NullPointerException     when {@code type}, {@code target} or {@code safetyTimeout} is {@code null}
     */
    public StressOptions {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(safetyTimeout, "safetyTimeout");
        if (cpus != null && !CPU_LIST.matcher(cpus).matches()) {
            throw new IllegalArgumentException("cpus is not a Linux cpu list (e.g. 2-3,6): '" + cpus + "'");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: " + workers);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("memoryMiB must be >= 1: " + memoryMiB);
        }
        if (safetyTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("safetyTimeout must be at least 1 s: " + safetyTimeout);
        }
    }

    /**
     * The load a pod's CPU plan gives: on a host, pinned to the host's {@code cpus.stress} with
     * one worker per CPU of it (or {@code workers} when above 0); in a guest, or on a host
     * without {@code cpus.stress}, unpinned with {@code workers} (at least 1).
     *
     * @param type          the kind of load
     * @param target        host or guest
     * @param host          the host node the measured guest runs on (its {@code cpus.stress})
     * @param workers       number of workers; 0: the pod's choice
     * @param memoryMiB     MiB per memory worker (used by {@link StressType#MEMORY} only)
     * @param safetyTimeout stress-ng's own {@code --timeout}
     * @return the options
     * @throws IllegalArgumentException when {@code memoryMiB} is below 1 or the timeout below 1 s
     */
    public static StressOptions onPod(StressType type, StressTarget target, NodeConfig host, int workers,
                                      int memoryMiB, Duration safetyTimeout) {
        String cpus = null;
        int count = workers > 0 ? workers : 1;
        if (target == StressTarget.HOST) {
            CpuSet stressCpus = host.cpus().stress();
            if (!stressCpus.isEmpty()) {
                cpus = stressCpus.toString();
                count = workers > 0 ? workers : stressCpus.size();
            }
        }
        return new StressOptions(type, target, cpus, count, memoryMiB, safetyTimeout);
    }

    /**
     * The stress-ng argv for this load (not for {@link StressType#IDLE}).
     *
     * @return the command line, starting with {@code stress-ng}, ending with the timeout, {@code --temp-path /tmp} and {@code --verbose}
     * @throws IllegalStateException for {@link StressType#IDLE}, which runs nothing
     */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("stress-ng"));
        switch (type) {
            case CPU -> argv.addAll(List.of("--cpu", String.valueOf(workers), "--cpu-method", "matrixprod"));
            case MEMORY -> argv.addAll(List.of("--vm", String.valueOf(workers), "--vm-bytes", memoryMiB + "M",
                    "--vm-keep"));
            case IO -> argv.addAll(List.of("--io", String.valueOf(workers), "--hdd", "1", "--hdd-bytes", "16M"));
            case IDLE -> throw new IllegalStateException("IDLE is no load: nothing to run");
        }
        if (cpus != null) {
            argv.addAll(List.of("--taskset", cpus));
        }
        argv.addAll(List.of("--timeout", safetyTimeout.toSeconds() + "s", "--temp-path", "/tmp", "--verbose"));
        return argv;
    }
}
