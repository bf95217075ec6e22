package io.kvm4nfv.junit;

import io.kvm4nfv.probe.migration.MigrationCapability;
import io.kvm4nfv.probe.migration.Workload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Live-migrates the test's guest right before the test body — measured twice (QEMU's
 * {@code query-migrate} figures and a guest heartbeat timed on the host) with the guest's
 * memory, boot id and a guest counter checked afterwards — records the result, injects it
 * ({@code MigrationResult} of the last leg, {@code PingPongResult} of all legs,
 * {@code MigrationMeasurement} of everything), and judges the SLA after the body, listing every
 * violated bound. A failed integrity check fails the test whatever the timings.
 *
 * <p>Maps to {@link io.kvm4nfv.probe.migration.MigrationOptions}; the same run is possible from
 * plain Java with {@link io.kvm4nfv.probe.migration.MeasuredMigration} (or, without the measurements,
 * {@link io.kvm4nfv.probe.migration.GuestMigration}), on every kind of pod: the embedded lab and a
 * {@code kind: ssh} pod alike — the destination QEMU is started from the running one's own
 * command line plus {@code -incoming defer} on the guest's host, or on host {@link #to()}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@NeedsGuest
public @interface LiveMigration {

    /**
     * SLA on QEMU's total time, ms; -1 = the pod's {@code sla.migration.maxTotalMs}, else 2000.
     *
     * @return the bound on QEMU's total migration time in milliseconds, or -1 for the pod's default
     */
    double maxTotalMs() default -1;

    /**
     * SLA on QEMU's reported downtime (KVM4NFV's definition: what "downtime &lt; 10 ms" means), ms;
     * -1 = the pod's {@code sla.migration.maxDowntimeMs}, else 10.
     *
     * @return the bound on QEMU's reported downtime in milliseconds, or -1 for the pod's default
     */
    double maxDowntimeMs() default -1;

    /**
     * SLA on the pause from the source's {@code STOP} event to the destination's {@code RESUME}
     * event, ms; -1 = the pod's {@code sla.migration.maxStopToResumeMs}, else not judged.
     *
     * @return the bound on the STOP-to-RESUME pause in milliseconds, or -1 for the pod's default
     */
    double maxStopToResumeMs() default -1;

    /**
     * SLA on the guest-visible silence, ms: the largest gap between the guest's heartbeats (one
     * every 0.25 ms, timed on arrival by the host; the report gives the measured resolution);
     * -1 = the pod's {@code sla.migration.maxGuestGapMs}, else not judged.
     *
     * @return the bound on the largest heartbeat gap in milliseconds, or -1 for the pod's default
     */
    double maxGuestGapMs() default -1;

    /**
     * QEMU's {@code downtime-limit}, ms; -1 = QEMU's default (300).
     *
     * @return QEMU's {@code downtime-limit} in milliseconds, or -1 for QEMU's default
     */
    long downtimeLimitMs() default -1;

    /**
     * QEMU's {@code max-bandwidth}, bytes/s; -1 = QEMU's default (128 MiB/s).
     *
     * @return QEMU's {@code max-bandwidth} in bytes per second, or -1 for QEMU's default
     */
    long maxBandwidthBytesPerSecond() default -1;

    /**
     * Migration capabilities besides {@code events}.
     *
     * @return the migration capabilities to enable in addition to {@code events}
     */
    MigrationCapability[] capabilities() default {};

    /**
     * {@code multifd-channels} with {@link MigrationCapability#MULTIFD}.
     *
     * @return the number of multifd channels, used only when {@code MULTIFD} is enabled
     */
    int multifdChannels() default 2;

    /**
     * What the guest does while it migrates.
     *
     * @return the kind of workload the guest runs during the migration
     */
    Workload.Kind workload() default Workload.Kind.IDLE;

    /**
     * Working set of the workload, bytes; 0 = the kind's default (FORWARDING_LIKE: 4 MiB,
     * MEMORY_DIRTY: {@value LiveMigrationOptions#DEFAULT_DIRTY_BYTES} bytes).
     *
     * @return the workload's working set in bytes, or 0 for the kind's default
     */
    long workloadBytes() default 0;

    /**
     * How fast the workload rewrites its working set, bytes/s; 0 = the kind's default
     * (FORWARDING_LIKE: 25 times the working set per second, MEMORY_DIRTY: the working set per second).
     *
     * @return the workload's rewrite rate in bytes per second, or 0 for the kind's default
     */
    long workloadBytesPerSecond() default 0;

    /**
     * Round trips of a ping-pong run (A to B to A); 0 = one migration.
     *
     * @return the number of A-to-B-to-A round trips, or 0 for a single migration
     */
    int pingPong() default 0;

    /**
     * How long one migration may take before {@code migrate_cancel}, seconds.
     *
     * @return the timeout of one migration in seconds
     */
    long timeoutSeconds() default 60;

    /**
     * The pod's host node the guest migrates to; empty (the default): a second QEMU on the guest's
     * own host (KVM4NFV's local live migration). Another host needs a pod that declares it and a
     * guest whose disks are on storage both hosts share ({@code launch.sharedStorage: true}) or
     * who has none (a kernel + initramfs guest); otherwise the test fails with a configuration
     * error naming what is missing. With {@link #pingPong()} the legs go there and back.
     *
     * @return the name of the destination host node, or an empty string for the guest's own host
     */
    String to() default "";

    /**
     * Whether the destination QEMU allocates all its RAM when it starts ({@code -mem-prealloc}),
     * before {@code migrate} is sent, as a guest on preallocated huge pages does on an NFV host.
     * {@code false} (the default): the twin is exactly the source's command line plus
     * {@code -incoming defer}, and the destination allocates its memory page by page while the
     * migration writes into it, which QEMU counts in the total. Where fresh memory is expensive
     * (a VM whose freed memory its hypervisor takes back) that can be most of the total.
     *
     * @return {@code true} to preallocate the destination's RAM
     */
    boolean preallocateDestination() default false;
}
