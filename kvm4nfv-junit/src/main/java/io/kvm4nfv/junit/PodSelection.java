package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigException;
import io.kvm4nfv.config.PodConfigLoader;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Which pod a test runs on: its {@link Pod} (method, then class), else the run's selection
 * ({@code -Dkvm4nfv.pod}, else {@code local}). Each pod is loaded once per run (root store);
 * a pod file that is wrong is an {@link ExtensionConfigurationException} naming file, line and field.
 */
final class PodSelection {

    private PodSelection() {
    }

    static PodConfig pod(ExtensionContext context, Method method) {
        Optional<String> pinned = Optional.ofNullable(method.getAnnotation(Pod.class)).map(Pod::value)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), Pod.class).map(Pod::value));
        ExtensionContext.Store root = context.getRoot().getStore(TestContexts.NAMESPACE);
        String key = "pod:" + pinned.orElse("<selected>");
        Object cached = root.getOrComputeIfAbsent(key, k -> {
            try {
                PodConfigLoader loader = PodConfigLoader.fromSystem();
                return pinned.isPresent() ? loader.load(pinned.get()) : loader.load();
            } catch (PodConfigException | IllegalArgumentException e) {
                return new ExtensionConfigurationException("pod configuration: " + e.getMessage(), e);
            }
        });
        if (cached instanceof ExtensionConfigurationException e) {
            throw e;
        }
        return (PodConfig) cached;
    }
}
