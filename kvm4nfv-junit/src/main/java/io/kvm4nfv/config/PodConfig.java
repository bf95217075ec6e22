package io.kvm4nfv.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A validated pod: where its nodes are, how to reach them, their CPU plan, its scripts and
 * what its SLAs are. Load one with {@link PodConfigLoader}. Immutable; the embedded lab
 * derives the runtime pod with {@link #withNode(NodeConfig)} and
 * {@link #withKnownHosts(Path)}.
 *
 * @param name             the pod's name (its file name without {@code .yaml})
 * @param source           the pod file, absolute
 * @param kind             embedded or ssh
 * @param description      free text, may be empty
 * @param hostKeys         host key checking and known_hosts file
 * @param scripts          host and guest script directories
 * @param nodes            the nodes in file order
 * @param sla              the pod's SLA defaults
 * @param timeouts         default timeouts
 * @param appliedOverrides override key ({@code kvm4nfv.nodes.node1.address}) to where it came
 *                         from ({@code system property} or {@code environment variable KVM4NFV_...})
 * @param forwarding       how packet-forwarding tests run (driver, VSPERF); {@code null} gives the
 *                         {@linkplain ForwardingConfig#defaults defaults of the kind}
 */
public record PodConfig(String name, Path source, PodKind kind, String description, HostKeys hostKeys,
                        Scripts scripts, List<NodeConfig> nodes, SlaDefaults sla, Timeouts timeouts,
                        Map<String, String> appliedOverrides, ForwardingConfig forwarding) {

    /**
     * Validates the node references and replaces absent parts by their defaults.
     *
     * @param name             the pod's name; not {@code null}
     * @param source           the pod file, absolute; not {@code null}
     * @param kind             embedded or ssh; not {@code null}
     * @param description      free text, or {@code null} for empty
     * @param hostKeys         host key checking, or {@code null} for strict against the lab's known_hosts
     * @param scripts          script directories, or {@code null} for {@link Scripts#NONE}
     * @param nodes            the nodes in file order, names unique; not {@code null}
     * @param sla              the SLA defaults, or {@code null} for {@link SlaDefaults#NONE}
     * @param timeouts         default timeouts, or {@code null} for {@link Timeouts#DEFAULTS}
     * @param appliedOverrides override key to where it came from, or {@code null} for none
     * @param forwarding       how packet-forwarding tests run, or {@code null} for the defaults of {@code kind}
     * @throws IllegalArgumentException on duplicate node names or a via/host naming no node
     */
    public PodConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        description = Objects.requireNonNullElse(description, "");
        hostKeys = Objects.requireNonNullElse(hostKeys, HostKeys.writtenByLab(HostKeyChecking.STRICT));
        scripts = Objects.requireNonNullElse(scripts, Scripts.NONE);
        nodes = List.copyOf(nodes);
        sla = Objects.requireNonNullElse(sla, SlaDefaults.NONE);
        timeouts = Objects.requireNonNullElse(timeouts, Timeouts.DEFAULTS);
        appliedOverrides = appliedOverrides == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(appliedOverrides));
        forwarding = Objects.requireNonNullElse(forwarding, ForwardingConfig.defaults(kind));
        Set<String> names = new HashSet<>();
        for (NodeConfig node : nodes) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("duplicate node name '" + node.name() + "'");
            }
        }
        for (NodeConfig node : nodes) {
            if (node.via() != null && !names.contains(node.via())) {
                throw new IllegalArgumentException("node '" + node.name() + "' is reached via unknown node '"
                        + node.via() + "'");
            }
            if (node.host() != null && !names.contains(node.host())) {
                throw new IllegalArgumentException("guest '" + node.name() + "' runs on unknown node '"
                        + node.host() + "'");
            }
        }
    }

    /**
     * A pod with the forwarding defaults of its kind (the form before the {@code forwarding} section existed).
     *
     * @param name             the pod's name; not {@code null}
     * @param source           the pod file, absolute; not {@code null}
     * @param kind             embedded or ssh; not {@code null}
     * @param description      free text, or {@code null} for empty
     * @param hostKeys         host key checking, or {@code null} for strict against the lab's known_hosts
     * @param scripts          script directories, or {@code null} for {@link Scripts#NONE}
     * @param nodes            the nodes in file order, names unique; not {@code null}
     * @param sla              the SLA defaults, or {@code null} for {@link SlaDefaults#NONE}
     * @param timeouts         default timeouts, or {@code null} for {@link Timeouts#DEFAULTS}
     * @param appliedOverrides override key to where it came from, or {@code null} for none
     * @throws IllegalArgumentException on duplicate node names or a via/host naming no node
     */
    public PodConfig(String name, Path source, PodKind kind, String description, HostKeys hostKeys, Scripts scripts,
                     List<NodeConfig> nodes, SlaDefaults sla, Timeouts timeouts, Map<String, String> appliedOverrides) {
        this(name, source, kind, description, hostKeys, scripts, nodes, sla, timeouts, appliedOverrides, null);
    }

    /**
     * The folder the pod file is in.
     *
     * @return the parent of {@link #source()}, normally {@code <config>/pods}
     */
    public Path directory() {
        return source.getParent();
    }

    /**
     * Whether this is the embedded lab.
     *
     * @return {@code true} when {@link #kind()} is {@link PodKind#EMBEDDED}
     */
    public boolean embedded() {
        return kind == PodKind.EMBEDDED;
    }

    /**
     * The node called {@code name}.
     *
     * @param name the node's name
     * @return the node
     * @throws PodConfigException naming the pod's nodes and the nearest name
     */
    public NodeConfig node(String name) {
        return findNode(name).orElseThrow(() -> new PodConfigException(source,
                "pod '" + this.name + "' has no node '" + PodConfigException.shorten(name) + "' (nodes: "
                        + nodes.stream().map(NodeConfig::name).collect(Collectors.joining(", ")) + ")",
                Suggestions.nearest(name, nodes.stream().map(NodeConfig::name).toList())));
    }

    /**
     * The node called {@code name}, if there is one.
     *
     * @param name the node's name
     * @return the node, or empty when the pod has none of that name
     */
    public Optional<NodeConfig> findNode(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * The nodes of a role, in file order.
     *
     * @param role the role to select
     * @return the nodes, possibly none
     */
    public List<NodeConfig> nodes(NodeRole role) {
        return nodes.stream().filter(n -> n.role() == role).toList();
    }

    /**
     * The host nodes, in file order.
     *
     * @return the hosts, possibly none
     */
    public List<NodeConfig> hosts() {
        return nodes(NodeRole.HOST);
    }

    /**
     * The guest nodes, in file order.
     *
     * @return the guests, possibly none
     */
    public List<NodeConfig> guests() {
        return nodes(NodeRole.GUEST);
    }

    /**
     * The guests that run on {@code hostName}, in file order.
     *
     * @param hostName the host node's name
     * @return the guests whose {@code host} is {@code hostName}, possibly none
     */
    public List<NodeConfig> guestsOf(String hostName) {
        return guests().stream().filter(g -> hostName.equals(g.host())).toList();
    }

    /**
     * The jump host, if the pod has one (a pod has at most one).
     *
     * @return the first jump node, or empty
     */
    public Optional<NodeConfig> jump() {
        return nodes(NodeRole.JUMP).stream().findFirst();
    }

    /**
     * A copy with the node of the same name replaced (the lab fills in runtime connections).
     *
     * @param node the new node; the pod must have a node of its name
     * @return the copy, node order unchanged
     * @throws PodConfigException when the pod has no node of that name
     */
    public PodConfig withNode(NodeConfig node) {
        NodeConfig old = node(node.name());
        List<NodeConfig> copy = new ArrayList<>(nodes);
        copy.set(copy.indexOf(old), node);
        return new PodConfig(name, source, kind, description, hostKeys, scripts, copy, sla, timeouts,
                appliedOverrides, forwarding);
    }

    /**
     * A copy whose known_hosts file is {@code knownHosts} (the embedded lab writes its own).
     *
     * @param knownHosts the known_hosts file, absolute
     * @return the copy, its host key policy unchanged
     */
    public PodConfig withKnownHosts(Path knownHosts) {
        return new PodConfig(name, source, kind, description, new HostKeys(hostKeys.policy(), knownHosts), scripts,
                nodes, sla, timeouts, appliedOverrides, forwarding);
    }

    /**
     * A human-readable, multi-line description for reports: nodes, CPU plan, scripts, SLA
     * defaults, timeouts and overrides. Key file paths appear, key contents never; long
     * values are shortened.
     *
     * @return the description, one item per line, ending with a newline
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("Pod ").append(name).append(" (").append(kind.yamlName()).append(")\n");
        if (!description.isBlank()) {
            sb.append("  about:     ")
                    .append(PodConfigException.shorten(description.strip().replaceAll("\\s+", " "), 400)).append('\n');
        }
        sb.append("  file:      ").append(source).append('\n');
        sb.append("  host keys: ").append(hostKeys.policy().yamlName()).append(", known_hosts ")
                .append(hostKeys.knownHosts() == null ? "written by the lab at runtime" : hostKeys.knownHosts())
                .append('\n');
        sb.append("  scripts:   host ").append(orNone(scripts.host())).append(", guest ")
                .append(orNone(scripts.guest())).append('\n');
        sb.append("  nodes:\n");
        for (NodeConfig node : nodes) {
            sb.append(String.format("    %-5s %-12s %s", node.role().yamlName(), node.name(),
                    node.address() == null && embedded() ? "(connection set up by the lab)"
                            : PodConfigException.shorten(node.endpoint())));
            if (node.forwardPort() != null) {
                sb.append(" (port forward ").append(node.host()).append(':').append(node.forwardPort())
                        .append(" -> guest:22)");
            }
            if (node.host() != null) {
                sb.append(" on ").append(node.host());
            }
            if (node.via() != null) {
                sb.append(" via ").append(node.via());
            }
            if (node.keyFile() != null) {
                sb.append(" key ").append(PodConfigException.shorten(node.keyFile().toString()));
            }
            if (!node.cpus().isEmpty()) {
                sb.append(" cpus ").append(node.cpus());
            }
            sb.append('\n');
        }
        sb.append("  sla:\n");
        SlaDefaults.Cyclictest c = sla.cyclictest();
        sb.append("    cyclictest ").append(limits(
                "maxUs", c.maxUs(), "avgUs", c.avgUs(), "minUs", c.minUs(), "p99Us", c.p99Us(), "p999Us", c.p999Us(),
                "p9999Us", c.p9999Us()))
                .append('\n');
        SlaDefaults.Migration m = sla.migration();
        sb.append("    migration  ").append(limits("maxTotalMs", m.maxTotalMs(), "maxDowntimeMs", m.maxDowntimeMs(),
                "maxStopToResumeMs", m.maxStopToResumeMs(), "maxGuestGapMs", m.maxGuestGapMs()))
                .append('\n');
        SlaDefaults.Oslat o = sla.oslat();
        if (!o.equals(SlaDefaults.Oslat.NONE)) {
            sb.append("    oslat      ").append(limits("maxUs", o.maxUs(), "avgUs", o.avgUs(), "p99Us", o.p99Us(),
                    "p999Us", o.p999Us(), "p9999Us", o.p9999Us())).append('\n');
        }
        SlaDefaults.Forwarding f = sla.forwarding();
        sb.append("    forwarding ").append(limits("maxAvgLatencyUs", f.maxAvgLatencyUs(), "maxLatencyUs",
                f.maxLatencyUs(), "minThroughputMbps", f.minThroughputMbps(), "maxLossPercent", f.maxLossPercent()))
                .append('\n');
        sb.append("  forwarding: ").append(forwarding.driver().yamlName());
        if (forwarding.driver() == ForwardingDriver.VSPERF) {
            VsperfConfig v = forwarding.vsperf();
            sb.append(" in ").append(PodConfigException.shorten(v.dir())).append(", --trafficgen ").append(v.trafficgen())
                    .append(" --vswitch ").append(v.vswitch()).append(" --vnf ").append(v.vnf())
                    .append(v.confFile() == null ? "" : " --conf-file " + PodConfigException.shorten(v.confFile()));
        }
        sb.append('\n');
        sb.append("  timeouts:  command ").append(timeouts.commandSeconds()).append(" s, connect ")
                .append(timeouts.connectSeconds()).append(" s, reboot ").append(timeouts.rebootSeconds())
                .append(" s\n");
        if (!appliedOverrides.isEmpty()) {
            sb.append("  overrides:\n");
            appliedOverrides.forEach((key, origin) -> sb.append("    ").append(key).append(" (").append(origin)
                    .append(")\n"));
        }
        return sb.toString();
    }

    private static String orNone(Path path) {
        return path == null ? "none" : path.toString();
    }

    private static String limits(Object... nameValues) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                parts.add(nameValues[i] + "=" + number((Double) nameValues[i + 1]));
            }
        }
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    /** A double without a trailing {@code .0}: 15.0 gives 15, 0.5 gives 0.5. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
