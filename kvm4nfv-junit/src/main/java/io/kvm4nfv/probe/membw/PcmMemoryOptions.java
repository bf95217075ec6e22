package io.kvm4nfv.probe.membw;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run Intel PCM's {@code pcm-memory} during a measurement.
 *
 * @param intervalSeconds sampling interval (KVM4NFV used 60 s over long runs; 1 s suits short tests)
 * @param binary          the pcm-memory executable (Debian's package {@code pcm} installs {@code pcm-memory})
 * @param workDir         directory on the node for the CSV and log files
 * @param stopGrace       how long pcm-memory gets after SIGTERM before SIGKILL
 * @param commandTimeout  bound of every other command on the node
 */
public record PcmMemoryOptions(double intervalSeconds, String binary, String workDir, Duration stopGrace,
                               Duration commandTimeout) {

    public PcmMemoryOptions {
        if (!(intervalSeconds > 0) || Double.isInfinite(intervalSeconds)) {
            throw new IllegalArgumentException("intervalSeconds must be > 0: " + intervalSeconds);
        }
        binary = Objects.requireNonNullElse(binary, "pcm-memory");
        if (binary.isBlank()) {
            throw new IllegalArgumentException("binary must not be blank");
        }
        workDir = Objects.requireNonNullElse(workDir, "/tmp");
        stopGrace = Objects.requireNonNullElse(stopGrace, Duration.ofSeconds(5));
        commandTimeout = Objects.requireNonNullElse(commandTimeout, Duration.ofSeconds(30));
    }

    /** One sample per second, {@code pcm-memory} from the PATH, files in /tmp. */
    public static PcmMemoryOptions defaults() {
        return new PcmMemoryOptions(1.0, "pcm-memory", "/tmp", Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public PcmMemoryOptions withIntervalSeconds(double seconds) {
        return new PcmMemoryOptions(seconds, binary, workDir, stopGrace, commandTimeout);
    }

    public PcmMemoryOptions withBinary(String path) {
        return new PcmMemoryOptions(intervalSeconds, path, workDir, stopGrace, commandTimeout);
    }
}
