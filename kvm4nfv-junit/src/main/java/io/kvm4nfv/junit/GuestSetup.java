package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The guest setup sequence: script names from the pod's guest script directory, run in
 * order in the guest once it is up, and the built-in {@code reboot}. Environments with the same
 * host and guest sequences are provisioned once and shared. A method-level annotation
 * replaces the class-level one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface GuestSetup {
    /**
     * The steps, e.g. {@code {"guest-setup0.sh", "reboot", "guest-setup1.sh"}}.
     *
     * @return the guest script names and {@code reboot} steps, in run order
     */
    String[] value();
}
