package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meta-annotation of the probe annotations that measure in or with a guest
 * ({@link Cyclictest}, live migration, forwarding through VMs): a test carrying one gets
 * the pod's guest provisioned, and a pod without a guest is a configuration error.
 */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NeedsGuest {
}
