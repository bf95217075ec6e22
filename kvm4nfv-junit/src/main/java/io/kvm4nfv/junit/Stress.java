package io.kvm4nfv.junit;

import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.load.StressType;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stress-ng load that runs for the whole measurement of the test, on the pod's stress
 * CPUs (never on the QEMU vCPU CPUs) when on the host, and is always stopped afterwards.
 * Repeatable: {@code @Stress(CPU) @Stress(value = CPU, on = GUEST)} is CPU_stress-CPU_stress.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Stress.List.class)
public @interface Stress {
    /**
     * CPU, MEMORY or IO (IDLE is the absence of load).
     *
     * @return the kind of load to run
     */
    StressType value();

    /**
     * HOST (default) or GUEST.
     *
     * @return whether the load runs on the guest's host or in the guest
     */
    StressTarget on() default StressTarget.HOST;

    /**
     * stress-ng workers; 0 = one per stress CPU of the pod (host) or 1 (guest).
     *
     * @return the number of stress-ng workers, or 0 for the default
     */
    int workers() default 0;

    /**
     * MiB per memory worker (MEMORY only).
     *
     * @return the memory per memory worker in MiB; used only with {@code MEMORY}
     */
    int memoryMiB() default 64;

    /** Container of repeated {@link Stress}. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        /**
         * The repeated {@link Stress} annotations, in declaration order.
         *
         * @return the repeated annotations
         */
        Stress[] value();
    }
}
