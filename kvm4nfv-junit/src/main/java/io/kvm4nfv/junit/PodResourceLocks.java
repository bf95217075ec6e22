package io.kvm4nfv.junit;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.NodeRole;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigException;
import io.kvm4nfv.config.PodConfigLoader;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The exclusive locks a {@link Kvm4nfvTest} class holds while it runs, so that with JUnit's
 * parallel execution two classes never use the same pod or the same machine at once:
 * <ul>
 *   <li>{@code kvm4nfv.pod:NAME} — the pod ({@link Pod}, else {@code -Dkvm4nfv.pod},
 *       {@code KVM4NFV_POD}, else {@code local});</li>
 *   <li>{@code kvm4nfv.node:ADDRESS:PORT} — every host and guest of a real (SSH) pod, so two
 *       pod files that name the same machine are serialised too. An embedded pod's nodes
 *       are private to its own lab (own sshd, own guests), so they add no node lock and
 *       two embedded pods run side by side.</li>
 * </ul>
 * Classes on different pods run concurrently; classes on the same pod, one after another.
 * A method pinned to another pod with {@link Pod} also locks that pod. A pod file that
 * cannot be read locks only the pod name; the extension then reports the error.
 */
public final class PodResourceLocks implements ResourceLocksProvider {

    /** Prefix of the pod lock keys. */
    public static final String POD_KEY = "kvm4nfv.pod:";
    /** Prefix of the node lock keys. */
    public static final String NODE_KEY = "kvm4nfv.node:";

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        return locksFor(pinned(testClass).orElseGet(PodResourceLocks::selected));
    }

    @Override
    public Set<Lock> provideForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> testClass) {
        return pinned(testClass).map(PodResourceLocks::locksFor).orElse(Set.of());
    }

    @Override
    public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
        return Optional.ofNullable(testMethod.getAnnotation(Pod.class)).map(Pod::value)
                .map(PodResourceLocks::locksFor).orElse(Set.of());
    }

    /**
     * The lock keys of a pod (pod name, and for a real pod the address and port of each host and guest).
     *
     * @param podName the pod's name, as in {@code config/pods/NAME.yaml}
     * @return read-write locks on the pod name and, for a real pod whose file can be read, on each
     *         host's and guest's address and port
     */
    public static Set<Lock> locksFor(String podName) {
        Set<Lock> locks = new LinkedHashSet<>();
        locks.add(new Lock(POD_KEY + podName, ResourceAccessMode.READ_WRITE));
        PodConfig pod;
        try {
            pod = PodConfigLoader.fromSystem().load(podName);
        } catch (PodConfigException | IllegalArgumentException e) {
            return locks;
        }
        if (pod.embedded()) {
            return locks;
        }
        for (NodeConfig node : pod.nodes()) {
            // a guest behind a port forward is reached at its host's address
            String address = node.address() == null && node.host() != null
                    ? pod.findNode(node.host()).map(NodeConfig::address).orElse(null) : node.address();
            if (node.role() == NodeRole.JUMP || address == null) {
                continue;
            }
            int port = node.forwardPort() != null ? node.forwardPort() : node.port();
            locks.add(new Lock(NODE_KEY + address + ":" + port, ResourceAccessMode.READ_WRITE));
        }
        return locks;
    }

    private static Optional<String> pinned(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, Pod.class).map(Pod::value);
    }

    private static String selected() {
        try {
            return PodConfigLoader.fromSystem().podName();
        } catch (RuntimeException e) {
            return PodConfigLoader.DEFAULT_POD;
        }
    }
}
