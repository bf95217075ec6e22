package io.kvm4nfv.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a class a KVM4NFV acceptance test: registers {@link Kvm4nfvExtension} and tags
 * the class {@code kvm4nfv}. The pod comes from {@link Pod}, {@code -Dkvm4nfv.pod},
 * {@code KVM4NFV_POD}, or is the embedded lab {@code local}. With JUnit's parallel execution
 * a class holds its pod and its machines exclusively ({@link PodResourceLocks}): classes on
 * different pods run concurrently, classes on the same pod one after another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(Kvm4nfvExtension.class)
@Tag(Kvm4nfvTest.TAG)
@ResourceLock(providers = PodResourceLocks.class)
public @interface Kvm4nfvTest {
    /** The JUnit tag of every KVM4NFV test class. */
    String TAG = "kvm4nfv";
}
