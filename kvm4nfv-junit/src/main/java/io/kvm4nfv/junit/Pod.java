package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pins a class (or method) to a pod by name ({@code config/pods/NAME.yaml}), overriding
 * {@code -Dkvm4nfv.pod} and {@code KVM4NFV_POD}. Leave it out to let CI choose.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Pod {
    /**
     * The pod's name.
     *
     * @return the pod's name, as in {@code config/pods/NAME.yaml}
     */
    String value();
}
