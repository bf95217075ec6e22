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

    /**
     * Checks the interval and fills in defaults for the components left {@code null}.
     *
     * @param intervalSeconds sampling interval in seconds, finite and &gt; 0
     * @param binary the pcm-memory executable; {@code null} = {@code pcm-memory}
     * @param workDir directory on the node for the CSV and log files; {@code null} = {@code /tmp}
     * @param stopGrace time between SIGTERM and SIGKILL; {@code null} = 5 s
     * @param commandTimeout bound of every other command; {@code null} = 30 s
     * @throws IllegalArgumentException when the interval is not a positive finite number or the binary is blank
     */
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

    /**
     * One sample per second, {@code pcm-memory} from the PATH, files in /tmp.
     *
     * @return the default options
     */
    public static PcmMemoryOptions defaults() {
        return new PcmMemoryOptions(1.0, "pcm-memory", "/tmp", Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * The same options with another sampling interval.
     *
     * @param seconds the sampling interval in seconds, finite and &gt; 0
     * @return a copy with {@code intervalSeconds} replaced
     */
    public PcmMemoryOptions withIntervalSeconds(double seconds) {
        return new PcmMemoryOptions(seconds, binary, workDir, stopGrace, commandTimeout);
    }

    /**
     * The same options with another pcm-memory executable.
     *
     * @param path the executable's name or path; {@code null} = {@code pcm-memory}
     * @return a copy with {@code binary} replaced
     */
    public PcmMemoryOptions withBinary(String path) {
        return new PcmMemoryOptions(intervalSeconds, path, workDir, stopGrace, commandTimeout);
    }
}
