package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Samples memory bandwidth with Intel PCM's {@code pcm-memory} on the guest's host while the
 * measurement runs (started before the stress loads and cyclictest, stopped after the test body,
 * always). The time series is recorded as the {@code kvmfornfv_<test>_MBW} measurement and
 * attached as a chart; where PCM cannot measure (not an Intel CPU, no MSR access, a VM, not
 * installed) PCM's own reason is recorded and attached instead, and the test fails only when
 * {@link #required()} is true. The result can be injected as a {@code MemoryBandwidthResult}
 * parameter of an {@code @AfterEach} method.
 *
 * <p>Maps to {@link io.kvm4nfv.probe.membw.PcmMemoryOptions}; the same run is possible from plain
 * Java with {@link io.kvm4nfv.probe.membw.PcmMemoryRun}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface MemoryBandwidth {

    /**
     * Sampling interval in seconds (KVM4NFV used 60 over long runs; 1 suits short tests).
     *
     * @return the sampling interval in seconds
     */
    double interval() default 1.0;

    /**
     * Whether the test fails when PCM cannot measure on this pod.
     *
     * @return {@code true} to fail the test when PCM cannot measure, {@code false} to only record why
     */
    boolean required() default false;

    /**
     * The pcm-memory executable on the host.
     *
     * @return the name or path of the pcm-memory executable on the host
     */
    String binary() default "pcm-memory";
}
