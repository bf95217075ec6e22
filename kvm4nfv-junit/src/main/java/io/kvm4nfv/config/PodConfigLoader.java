package io.kvm4nfv.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds, reads, overrides and validates a pod.
 * <ol>
 *   <li>Config folder: system property {@value #CONFIG_DIR_PROPERTY}, else environment variable
 *       {@value #CONFIG_DIR_ENV}, else the first folder upward from the working directory that
 *       has {@code config/pods} (its {@code config}), else the one the library jar ships
 *       ({@link EmbeddedConfig}: the embedded pod {@code local}, nothing else).</li>
 *   <li>Pod: system property {@value #POD_PROPERTY}, else environment variable {@value #POD_ENV},
 *       else {@value #DEFAULT_POD}; the file is {@code <config>/pods/<pod>.yaml}.</li>
 *   <li>Overrides: every scalar of the file can be set by a system property
 *       {@code kvm4nfv.<path>} or an environment variable {@code KVM4NFV_<PATH>} (list elements
 *       by name: {@code kvm4nfv.nodes.node1.address}, {@code KVM4NFV_NODES_NODE1_ADDRESS});
 *       system property &gt; environment variable &gt; file. A {@code kvm4nfv.} key that
 *       matches nothing is an error, except the selectors above and the prefixes of other
 *       layers ({@link #FOREIGN_PREFIXES}).</li>
 * </ol>
 * System properties and environment are passed in, so tests do not depend on the real ones.
 */
public final class PodConfigLoader {
    /** Selects the pod. */
    public static final String POD_PROPERTY = "kvm4nfv.pod";
    /** Selects the pod when {@link #POD_PROPERTY} is not set. */
    public static final String POD_ENV = "KVM4NFV_POD";
    /** The config folder (the one holding {@code pods/}). */
    public static final String CONFIG_DIR_PROPERTY = "kvm4nfv.config.dir";
    /** The config folder when {@link #CONFIG_DIR_PROPERTY} is not set. */
    public static final String CONFIG_DIR_ENV = "KVM4NFV_CONFIG_DIR";
    /** The pod used when none is selected: the embedded lab. */
    public static final String DEFAULT_POD = "local";
    /**
     * Key prefixes that belong to other layers' settings and are not checked against the
     * pod file (environment form: {@code KVM4NFV_LAB_}, ...).
     */
    public static final List<String> FOREIGN_PREFIXES = List.of("kvm4nfv.lab.", "kvm4nfv.setup.", "kvm4nfv.load.",
            "kvm4nfv.probe.", "kvm4nfv.result.", "kvm4nfv.publish.", "kvm4nfv.junit.");

    private static final Pattern POD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final List<String> foreignPrefixes;

    /**
     * @param properties       JVM system properties (or a test's map)
     * @param environment      environment variables (or a test's map)
     * @param workingDirectory where the upward search for {@code config/pods} starts
     */
    public PodConfigLoader(Map<String, String> properties, Map<String, String> environment, Path workingDirectory) {
        this(properties, environment, workingDirectory, FOREIGN_PREFIXES);
    }

    private PodConfigLoader(Map<String, String> properties, Map<String, String> environment, Path workingDirectory,
                            List<String> foreignPrefixes) {
        this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.foreignPrefixes = List.copyOf(foreignPrefixes);
    }

    /**
     * A loader reading this JVM's system properties, environment and working directory.
     *
     * @return the loader, with a snapshot of the properties taken now
     */
    public static PodConfigLoader fromSystem() {
        Properties props = System.getProperties();
        Map<String, String> map = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return new PodConfigLoader(map, System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    /**
     * Loads the selected pod of this JVM (shorthand for {@code fromSystem().load()}).
     *
     * @return the validated pod
     * @throws PodConfigException when the pod cannot be found, read or validated
     */
    public static PodConfig loadSelected() {
        return fromSystem().load();
    }

    /**
     * A loader that also leaves keys under these prefixes (e.g. {@code kvm4nfv.mytool.}) alone.
     *
     * @param prefixes system-property style key prefixes, ending with a dot
     * @return a new loader with the same inputs and the extra prefixes; this one is unchanged
     */
    public PodConfigLoader ignoringPrefixes(String... prefixes) {
        List<String> all = new ArrayList<>(foreignPrefixes);
        all.addAll(List.of(prefixes));
        return new PodConfigLoader(properties, environment, workingDirectory, all);
    }

    /**
     * The config folder (see the class comment).
     *
     * @return the folder holding {@code pods/}
     * @throws PodConfigException when none is set and none is found
     */
    public Path configDir() {
        String given = setting(CONFIG_DIR_PROPERTY, CONFIG_DIR_ENV);
        if (given != null) {
            Path dir = workingDirectory.resolve(given).normalize();
            if (!Files.isDirectory(dir.resolve("pods"))) {
                throw new PodConfigException(dir, "config folder (from " + (properties.containsKey(CONFIG_DIR_PROPERTY)
                        && !properties.get(CONFIG_DIR_PROPERTY).isBlank() ? CONFIG_DIR_PROPERTY : CONFIG_DIR_ENV)
                        + ") has no pods/ folder");
            }
            return dir;
        }
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config").resolve("pods"))) {
                return dir.resolve("config");
            }
        }
        return EmbeddedConfig.extracted().orElseThrow(() -> new PodConfigException(workingDirectory,
                "no config/pods folder here or above, and the class path has no embedded pod; set -D"
                        + CONFIG_DIR_PROPERTY + "=DIR or " + CONFIG_DIR_ENV));
    }

    /**
     * The selected pod's name: {@value #POD_PROPERTY} &gt; {@value #POD_ENV} &gt; {@value #DEFAULT_POD}.
     *
     * @return the name, trimmed; not checked against the config folder
     */
    public String podName() {
        String given = setting(POD_PROPERTY, POD_ENV);
        return given == null ? DEFAULT_POD : given.trim();
    }

    /**
     * Names of the pods in the config folder, sorted.
     *
     * @return the {@code pods/*.yaml} file names without {@code .yaml}
     * @throws PodConfigException when there is no config folder or its {@code pods/} cannot be listed
     */
    public List<String> availablePods() {
        return availablePods(configDir());
    }

    private static List<String> availablePods(Path configDir) {
        try (Stream<Path> files = Files.list(configDir.resolve("pods"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw new PodConfigException(configDir, "cannot list pods/: " + e.getMessage());
        }
    }

    /**
     * Loads the selected pod ({@link #podName()}).
     *
     * @return the validated pod
     * @throws PodConfigException when the pod cannot be found, read or validated
     */
    public PodConfig load() {
        return load(podName());
    }

    /**
     * Loads {@code <config>/pods/<podName>.yaml} with overrides applied.
     *
     * @param podName the pod's name, e.g. {@code local}
     * @return the validated pod
     * @throws PodConfigException listing the available pods when there is no such pod, or for bad config
     */
    public PodConfig load(String podName) {
        Path configDir = configDir();
        List<String> available = availablePods(configDir);
        if (!POD_NAME.matcher(podName).matches() || !available.contains(podName)) {
            throw new PodConfigException(configDir.resolve("pods"), 0, 0, null, "no pod '"
                    + PodConfigException.shorten(podName) + "'; available pods: " + String.join(", ", available),
                    Suggestions.nearest(podName, available));
        }
        return loadFile(configDir.resolve("pods").resolve(podName + ".yaml"), configDir);
    }

    /**
     * Loads a pod file with overrides applied.
     *
     * @param podFile    the YAML file; the pod's name is the file name without {@code .yaml}
     * @param configRoot the folder its script directories must stay inside
     * @return the validated pod
     * @throws PodConfigException when the file is missing, larger than 4 MiB, not UTF-8, or invalid
     */
    public PodConfig loadFile(Path podFile, Path configRoot) {
        Path file = workingDirectory.resolve(podFile).normalize();
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5) : fileName;
        String text = read(file);
        YamlTree tree = YamlTree.parse(file, text);
        PodAssembler.checkStructure(tree);
        List<String> selectors = List.of(POD_PROPERTY, CONFIG_DIR_PROPERTY);
        Map<String, String> applied = Overrides.apply(tree, name, properties, environment, selectors,
                foreignPrefixes);
        Path home = Path.of(properties.getOrDefault("user.home", System.getProperty("user.home")));
        return PodAssembler.assemble(tree, name, workingDirectory.resolve(configRoot), home, applied);
    }

    private static String read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new PodConfigException(file, "no such pod file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PodConfigException(file, "pod file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PodConfigException(file, "pod file is not UTF-8 text");
        } catch (IOException e) {
            throw new PodConfigException(file, "cannot read: " + e);
        }
    }

    private String setting(String property, String env) {
        String value = properties.get(property);
        if (value == null || value.isBlank()) {
            value = environment.get(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
