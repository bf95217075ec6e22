package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The host setup sequence: script names from the pod's host script directory, run in
 * order on every host node, and the built-in {@code reboot}. Environments with the same
 * host and guest sequences are provisioned once and shared. A method-level annotation
 * replaces the class-level one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface HostSetup {
    /**
     * The steps, e.g. {@code {"host-setup0.sh", "reboot", "host-setup1.sh"}}.
     *
     * @return the host script names and {@code reboot} steps, in run order
     */
    String[] value();
}
