package io.kvm4nfv.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A throwaway config folder with pod files, and loaders with injected properties and environment. */
final class TestPods {
    /** A valid ssh pod; tests break one thing at a time. Line numbers matter to the tests. */
    static final String SSH_POD = """
            kind: ssh
            hostKeys:
              policy: strict
              knownHosts: pod.known_hosts
            scripts:
              host: scripts/host
              guest: scripts/guest
            nodes:
              - name: jump
                role: jump
                address: 192.0.2.1
                user: jenkins
                keyFile: keys/id_jump
              - name: node1
                role: host
                address: 192.0.2.11
                user: root
                keyFile: ~/.ssh/id_node
                via: jump
                cpus:
                  isolated: 2-5,8
                  vcpu: 2-3
                  stress: 4-5
              - name: guest1
                role: guest
                host: node1
                forwardPort: 5555
                user: root
                keyFile: keys/id_guest
            sla:
              cyclictest:
                maxUs: 15
                avgUs: 10.5
            """;

    final Path configDir;
    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> environment = new HashMap<>();

    TestPods(Path tempDir) {
        this.configDir = tempDir.resolve("config");
        try {
            Files.createDirectories(configDir.resolve("pods"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("user.home", tempDir.resolve("home").toString());
    }

    /** Writes {@code pods/NAME.yaml} and returns it. */
    Path write(String name, String yaml) {
        Path file = configDir.resolve("pods").resolve(name + ".yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    PodConfigLoader loader() {
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent(PodConfigLoader.CONFIG_DIR_PROPERTY, configDir.toString());
        return new PodConfigLoader(props, environment, configDir.getParent());
    }

    PodConfig load(String name) {
        return loader().load(name);
    }

    /** The repository's own config folder (the shipped pods). */
    static Path shippedConfigDir() {
        String given = System.getProperty(PodConfigLoader.CONFIG_DIR_PROPERTY);
        if (given != null && !given.isBlank() && Files.isDirectory(Path.of(given, "pods"))) {
            return Path.of(given);
        }
        return new PodConfigLoader(Map.of(), Map.of(), Path.of("")).configDir();
    }
}
