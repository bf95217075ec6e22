/**
 * Pod configuration: reads {@code config/pods/NAME.yaml}, applies overrides (JVM system
 * property &gt; environment variable &gt; file) and validates everything before any node is
 * contacted. Entry point: {@link io.kvm4nfv.config.PodConfigLoader}; result:
 * {@link io.kvm4nfv.config.PodConfig}. Bad configuration fails with a
 * {@link io.kvm4nfv.config.PodConfigException} that names file, line, column and field path.
 * <p>
 * This is the bottom layer: it imports no other {@code io.kvm4nfv} package. Values are
 * validated, never executed; quoting for the shell happens in the node layer.
 */
package io.kvm4nfv.config;
