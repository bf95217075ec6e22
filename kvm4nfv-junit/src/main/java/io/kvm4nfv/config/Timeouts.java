package io.kvm4nfv.config;

import java.time.Duration;

/**
 * Default bounds of remote operations, in whole seconds.
 *
 * @param commandSeconds a single command (setup script, cyclictest run gets its own bound)
 * @param connectSeconds TCP connect + SSH handshake + authentication
 * @param rebootSeconds  a reboot until the node answers with a new boot id
 */
public record Timeouts(int commandSeconds, int connectSeconds, int rebootSeconds) {

    /** 300 s per command, 15 s to connect, 600 s per reboot. */
    public static final Timeouts DEFAULTS = new Timeouts(300, 15, 600);

    /**
     * Checks that every bound is positive.
     *
     * @param commandSeconds bound of a single command, s
     * @param connectSeconds bound of connecting and authenticating, s
     * @param rebootSeconds  bound of a reboot until the node answers again, s
     * @throws IllegalArgumentException if a value is not positive
     */
    public Timeouts {
        InvalidFieldException.positive("commandSeconds", commandSeconds);
        InvalidFieldException.positive("connectSeconds", connectSeconds);
        InvalidFieldException.positive("rebootSeconds", rebootSeconds);
    }

    /**
     * {@link #commandSeconds()} as a duration.
     *
     * @return the duration of {@code commandSeconds} seconds
     */
    public Duration command() {
        return Duration.ofSeconds(commandSeconds);
    }

    /**
     * {@link #connectSeconds()} as a duration.
     *
     * @return the duration of {@code connectSeconds} seconds
     */
    public Duration connect() {
        return Duration.ofSeconds(connectSeconds);
    }

    /**
     * {@link #rebootSeconds()} as a duration.
     *
     * @return the duration of {@code rebootSeconds} seconds
     */
    public Duration reboot() {
        return Duration.ofSeconds(rebootSeconds);
    }
}
