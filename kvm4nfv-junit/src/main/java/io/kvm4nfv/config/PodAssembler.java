package io.kvm4nfv.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kvm4nfv.config.PodDocument.CpusDoc;
import io.kvm4nfv.config.PodDocument.NodeDoc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Turns a parsed pod file into a {@link PodConfig}, failing with located errors. */
final class PodAssembler {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private final YamlTree tree;
    private final Path podDir;
    private final Path configRoot;
    private final Path home;

    private PodAssembler(YamlTree tree, Path configRoot, Path home) {
        this.tree = tree;
        this.podDir = tree.file().toAbsolutePath().getParent();
        this.configRoot = configRoot.toAbsolutePath().normalize();
        this.home = home;
    }

    /** Checks the shape of the tree (keys and types) without building anything. */
    static void checkStructure(YamlTree tree) {
        bind(tree);
    }

    /**
     * Builds the pod from a tree that overrides have already been applied to.
     *
     * @param configRoot the folder script directories must stay in
     * @param home       the user's home directory, for {@code ~/} in paths
     */
    static PodConfig assemble(YamlTree tree, String name, Path configRoot, Path home, Map<String, String> applied) {
        checkStrings(tree, tree.root(), "");
        PodDocument doc = bind(tree);
        return new PodAssembler(tree, configRoot, home).build(name, doc, applied);
    }

    private static PodDocument bind(YamlTree tree) {
        try {
            return MAPPER.treeToValue(tree.root(), PodDocument.class);
        } catch (JsonMappingException e) {
            throw translate(tree, e);
        } catch (JsonProcessingException e) {
            throw tree.error("", "cannot read the pod: " + PodConfigException.shorten(e.getOriginalMessage()));
        }
    }

    private static PodConfigException translate(YamlTree tree, JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        JsonNode value = tree.root();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                value = value == null ? null : value.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                value = value == null ? null : value.get(ref.getIndex());
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String key = u.getPropertyName();
            String p = path.toString();
            if (!p.equals(key) && !p.endsWith("." + key)) {
                p = p.isEmpty() ? key : p + "." + key;
            }
            List<String> known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return tree.error(p, "unknown key '" + PodConfigException.shorten(key) + "' (valid keys here: "
                    + String.join(", ", known) + ")", Suggestions.nearest(key, known));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return tree.error(path.toString(), "expected " + describeType(m.getTargetType()) + ", got "
                    + describeValue(value));
        }
        return tree.error(path.toString(), PodConfigException.shorten(e.getOriginalMessage()));
    }

    private static String describeType(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping (key: value lines) of " + Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.joining(", "));
    }

    private static String describeValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return "nothing";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return "'" + PodConfigException.shorten(value.asText()) + "'";
    }

    /** Every text value: no control characters (except line breaks in a description), no key material. */
    private static void checkStrings(YamlTree tree, JsonNode node, String path) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkStrings(tree, field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(tree, node.get(i), path + "[" + i + "]");
            }
        } else if (node.isTextual()) {
            String text = node.asText();
            if (text.contains("PRIVATE KEY") || text.contains("-----BEGIN")) {
                throw tree.error(path, "looks like private key material; a pod names key files (keyFile: path), "
                        + "it never holds keys", null);
            }
            boolean multiline = path.equals("description");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
                    throw tree.error(path, "control character U+" + String.format("%04X", (int) c)
                            + " in '" + PodConfigException.shorten(text) + "'");
                }
            }
        }
    }

    /** Only a real pod launches its guests by a script of its own. */
    private void checkLaunchScripts(PodKind kind, List<PodDocument.NodeDoc> docs) {
        for (int i = 0; docs != null && i < docs.size(); i++) {
            PodDocument.NodeDoc d = docs.get(i);
            if (d == null || d.launch() == null) {
                continue;
            }
            String path = "nodes[" + i + "].launch";
            if (kind == PodKind.EMBEDDED) {
                throw tree.error(path, "the embedded lab launches its guests itself; 'launch' is for a kind: ssh pod",
                        null);
            }
        }
    }

    private PodConfig build(String name, PodDocument doc, Map<String, String> applied) {
        PodKind kind = enumValue("kind", doc.kind(), PodKind.class, true);
        HostKeys hostKeys = hostKeys(kind, doc.hostKeys());
        Scripts scripts = doc.scripts() == null ? Scripts.NONE
                : new Scripts(scriptDir("scripts.host", doc.scripts().host()),
                scriptDir("scripts.guest", doc.scripts().guest()));
        List<NodeConfig> nodes = nodes(kind, doc.nodes());
        checkLaunchScripts(kind, doc.nodes());
        SlaDefaults sla = sla(doc.sla());
        Timeouts timeouts = timeouts(doc.timeouts());
        ForwardingConfig forwarding = forwarding(kind, doc.forwarding());
        return new PodConfig(name, tree.file().toAbsolutePath().normalize(), kind, doc.description(), hostKeys,
                scripts, nodes, sla, timeouts, applied, forwarding);
    }

    private <E extends Enum<E>> E enumValue(String path, String text, Class<E> type, boolean required) {
        List<String> names = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        if (text == null) {
            if (required) {
                throw tree.error(path, "missing required key '" + leaf(path) + "' (one of: "
                        + String.join(", ", names) + ")");
            }
            return null;
        }
        int index = names.indexOf(text.trim().toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw tree.error(path, "'" + PodConfigException.shorten(text) + "' is not one of: "
                    + String.join(", ", names), Suggestions.nearest(text, names));
        }
        return type.getEnumConstants()[index];
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private HostKeys hostKeys(PodKind kind, PodDocument.HostKeysDoc doc) {
        HostKeyChecking policy = doc == null ? HostKeyChecking.STRICT
                : enumValue("hostKeys.policy", doc.policy(), HostKeyChecking.class, false);
        policy = policy == null ? HostKeyChecking.STRICT : policy;
        String knownHosts = doc == null ? null : doc.knownHosts();
        if (kind == PodKind.EMBEDDED) {
            if (policy == HostKeyChecking.TRUST_ON_FIRST_USE) {
                throw tree.error("hostKeys.policy", "an embedded pod needs no trust-on-first-use: the lab "
                        + "generates the host keys and writes its own known_hosts, checked strictly", "strict");
            }
            if (knownHosts != null) {
                throw tree.error("hostKeys.knownHosts", "an embedded pod's known_hosts is written by the lab at "
                        + "runtime; remove knownHosts", null);
            }
            return HostKeys.writtenByLab(policy);
        }
        if (knownHosts == null) {
            if (policy == HostKeyChecking.TRUST_ON_FIRST_USE) {
                throw tree.error("hostKeys.knownHosts", "missing required key 'knownHosts': trust-on-first-use "
                        + "records keys in the pod's own known_hosts file, name it");
            }
            return new HostKeys(policy, home.resolve(".ssh").resolve("known_hosts"));
        }
        return new HostKeys(policy, path("hostKeys.knownHosts", knownHosts));
    }

    private Path path(String fieldPath, String value) {
        if (value.isBlank()) {
            throw tree.error(fieldPath, "is empty");
        }
        try {
            Path p = value.equals("~") ? home : value.startsWith("~/") ? home.resolve(value.substring(2))
                    : podDir.resolve(value);
            return p.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw tree.error(fieldPath, "not a valid path: '" + PodConfigException.shorten(value) + "'");
        }
    }

    private Path scriptDir(String fieldPath, String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("~")) {
            throw tree.error(fieldPath, "script directories are relative to the pod file, inside "
                    + configRoot + "; got '" + PodConfigException.shorten(value) + "'", null);
        }
        Path dir = path(fieldPath, value);
        boolean inside = dir.startsWith(configRoot);
        if (inside && Files.exists(dir)) {
            try {
                inside = dir.toRealPath().startsWith(configRoot.toRealPath());
            } catch (IOException e) {
                throw tree.error(fieldPath, "cannot resolve '" + dir + "': " + e.getMessage());
            }
        }
        if (!inside) {
            throw tree.error(fieldPath, "script directory '" + PodConfigException.shorten(value)
                    + "' resolves to " + PodConfigException.shorten(dir.toString())
                    + ", outside the config folder " + configRoot);
        }
        return dir;
    }

    private List<NodeConfig> nodes(PodKind kind, List<NodeDoc> docs) {
        if (docs == null || docs.isEmpty()) {
            throw tree.error("nodes", "missing required key 'nodes' (a list with at least one host)");
        }
        Map<String, Integer> indexByName = new HashMap<>();
        Map<String, NodeRole> roles = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            NodeDoc doc = docs.get(i);
            String base = "nodes[" + i + "]";
            if (doc == null) {
                throw tree.error(base, "empty node: give at least name and role");
            }
            if (doc.name() == null) {
                throw tree.error(base + ".name", "missing required key 'name'");
            }
            Integer first = indexByName.putIfAbsent(doc.name(), i);
            if (first != null) {
                throw tree.error(base + ".name", "duplicate node name '" + PodConfigException.shorten(doc.name())
                        + "' (also nodes[" + first + "], line " + tree.locate("nodes[" + first + "].name").line()
                        + ")");
            }
            roles.put(doc.name(), enumValue(base + ".role", doc.role(), NodeRole.class, true));
        }
        List<String> names = docs.stream().map(NodeDoc::name).toList();
        List<String> hostNames = names.stream().filter(n -> roles.get(n) == NodeRole.HOST).toList();
        if (hostNames.isEmpty()) {
            throw tree.error("nodes", "a pod needs at least one node with role: host");
        }
        List<String> jumps = names.stream().filter(n -> roles.get(n) == NodeRole.JUMP).toList();
        if (kind == PodKind.EMBEDDED && !jumps.isEmpty()) {
            throw tree.error("nodes[" + indexByName.get(jumps.get(0)) + "].role",
                    "an embedded pod has no jump host: its host is this machine");
        }
        if (jumps.size() > 1) {
            throw tree.error("nodes[" + indexByName.get(jumps.get(1)) + "].role", "a pod has at most one jump host ("
                    + jumps.get(0) + " already is one)");
        }
        List<NodeConfig> nodes = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            nodes.add(node(kind, docs.get(i), "nodes[" + i + "]", roles.get(docs.get(i).name()), names, hostNames,
                    roles));
        }
        List<NodeConfig> resolved = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            resolved.add(reachGuestThroughHost(kind, nodes.get(i), nodes, "nodes[" + i + "]"));
        }
        checkViaCycles(resolved, indexByName);
        return resolved;
    }

    private NodeConfig node(PodKind kind, NodeDoc doc, String base, NodeRole role, List<String> names,
                            List<String> hostNames, Map<String, NodeRole> roles) {
        if (doc.via() != null) {
            if (!names.contains(doc.via())) {
                throw tree.error(base + ".via", "no node named '" + PodConfigException.shorten(doc.via())
                        + "' (nodes: " + String.join(", ", names) + ")", Suggestions.nearest(doc.via(), names));
            }
            if (roles.get(doc.via()) == NodeRole.GUEST) {
                throw tree.error(base + ".via", "'" + doc.via() + "' is a guest; tunnel through a jump host or a host",
                        null);
            }
        }
        if (role == NodeRole.GUEST) {
            if (doc.host() == null) {
                throw tree.error(base + ".host", "missing required key 'host': the host node this guest runs on"
                        + " (hosts: " + String.join(", ", hostNames) + ")");
            }
            if (!hostNames.contains(doc.host())) {
                throw tree.error(base + ".host", "no host node named '" + PodConfigException.shorten(doc.host())
                        + "' (hosts: " + String.join(", ", hostNames) + ")", Suggestions.nearest(doc.host(), hostNames));
            }
            if (doc.forwardPort() != null && doc.port() != null) {
                throw tree.error(base + ".port", "give either port or forwardPort: a forwarded guest is reached "
                        + "at its host's address on forwardPort");
            }
        }
        if (kind == PodKind.SSH) {
            boolean forwarded = role == NodeRole.GUEST && doc.forwardPort() != null;
            if (doc.address() == null && !forwarded) {
                throw tree.error(base + ".address", "missing required key 'address' (nodes of a kind: ssh pod need "
                        + "address, user and keyFile" + (role == NodeRole.GUEST ? "; or forwardPort on the host" : "")
                        + ")", null);
            }
            if (doc.user() == null) {
                throw tree.error(base + ".user", "missing required key 'user' (nodes of a kind: ssh pod need "
                        + "address, user and keyFile)");
            }
            if (doc.keyFile() == null) {
                throw tree.error(base + ".keyFile", "missing required key 'keyFile' (nodes of a kind: ssh pod need "
                        + "address, user and keyFile)");
            }
        }
        check(base + ".address", doc.address());
        check(base + ".user", doc.user());
        CpuSets cpus = cpus(base + ".cpus", doc.cpus());
        Path keyFile = doc.keyFile() == null ? null : path(base + ".keyFile", doc.keyFile());
        int port = doc.port() != null ? doc.port()
                : doc.forwardPort() != null ? doc.forwardPort() : NodeConfig.DEFAULT_PORT;
        GuestLaunch launch = doc.launch() == null ? null : located(base + ".launch", () -> new GuestLaunch(
                doc.launch().script(), doc.launch().qmpSocket(), doc.launch().heartbeatSocket(),
                Boolean.TRUE.equals(doc.launch().keepRunning()), Boolean.TRUE.equals(doc.launch().sharedStorage())));
        return located(base, () -> new NodeConfig(doc.name(), role, doc.address(), port, doc.user(), keyFile,
                doc.via(), doc.host(), doc.forwardPort(), cpus, launch));
    }

    private void check(String path, String value) {
        if (value != null && value.isBlank()) {
            throw tree.error(path, "is empty");
        }
    }

    /** A forwarded guest is reached at its host's address (through the host's jump) on forwardPort. */
    private NodeConfig reachGuestThroughHost(PodKind kind, NodeConfig node, List<NodeConfig> nodes, String base) {
        if (node.role() != NodeRole.GUEST || node.forwardPort() == null || kind != PodKind.SSH) {
            return node;
        }
        NodeConfig host = nodes.stream().filter(n -> n.name().equals(node.host())).findFirst().orElseThrow();
        String address = node.address() != null ? node.address() : host.address();
        String via = node.via() != null ? node.via() : host.via();
        return located(base, () -> new NodeConfig(node.name(), node.role(), address, node.forwardPort(), node.user(),
                node.keyFile(), via, node.host(), node.forwardPort(), node.cpus(), node.launch()));
    }

    private void checkViaCycles(List<NodeConfig> nodes, Map<String, Integer> indexByName) {
        Map<String, String> via = new HashMap<>();
        nodes.forEach(n -> {
            if (n.via() != null) {
                via.put(n.name(), n.via());
            }
        });
        for (NodeConfig node : nodes) {
            Set<String> seen = new HashSet<>();
            String current = node.name();
            while (current != null) {
                if (!seen.add(current)) {
                    throw tree.error("nodes[" + indexByName.get(node.name()) + "].via", "'via' goes round in a circle: "
                            + String.join(" -> ", seen) + " -> " + current);
                }
                current = via.get(current);
            }
        }
    }

    private CpuSets cpus(String base, CpusDoc doc) {
        if (doc == null) {
            return CpuSets.NONE;
        }
        CpuSet isolated = cpuSet(base + ".isolated", doc.isolated());
        CpuSet vcpu = cpuSet(base + ".vcpu", doc.vcpu());
        CpuSet stress = cpuSet(base + ".stress", doc.stress());
        return located(base, () -> new CpuSets(isolated, vcpu, stress));
    }

    private CpuSet cpuSet(String path, String text) {
        try {
            return CpuSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw tree.error(path, e.getMessage());
        }
    }

    private SlaDefaults sla(PodDocument.SlaDoc doc) {
        if (doc == null) {
            return SlaDefaults.NONE;
        }
        SlaDefaults.Cyclictest cyclictest = doc.cyclictest() == null ? null : located("sla.cyclictest", () -> {
            PodDocument.CyclictestDoc c = doc.cyclictest();
            return new SlaDefaults.Cyclictest(c.maxUs(), c.avgUs(), c.minUs(), c.p99Us(), c.p999Us(), c.p9999Us());
        });
        SlaDefaults.Migration migration = doc.migration() == null ? null : located("sla.migration",
                () -> new SlaDefaults.Migration(doc.migration().maxTotalMs(), doc.migration().maxDowntimeMs(),
                        doc.migration().maxStopToResumeMs(), doc.migration().maxGuestGapMs()));
        SlaDefaults.Forwarding forwarding = doc.forwarding() == null ? null : located("sla.forwarding", () -> {
            PodDocument.ForwardingDoc f = doc.forwarding();
            return new SlaDefaults.Forwarding(f.maxAvgLatencyUs(), f.maxLatencyUs(), f.minThroughputMbps(),
                    f.maxLossPercent());
        });
        SlaDefaults.Oslat oslat = doc.oslat() == null ? null : located("sla.oslat", () -> {
            PodDocument.OslatDoc o = doc.oslat();
            return new SlaDefaults.Oslat(o.maxUs(), o.avgUs(), o.p99Us(), o.p999Us(), o.p9999Us());
        });
        SlaAction action = enumValue("sla.action", doc.action(), SlaAction.class, false);
        return new SlaDefaults(action, cyclictest, migration, forwarding, oslat);
    }

    private Timeouts timeouts(PodDocument.TimeoutsDoc doc) {
        if (doc == null) {
            return Timeouts.DEFAULTS;
        }
        Timeouts d = Timeouts.DEFAULTS;
        return located("timeouts", () -> new Timeouts(
                doc.commandSeconds() == null ? d.commandSeconds() : doc.commandSeconds(),
                doc.connectSeconds() == null ? d.connectSeconds() : doc.connectSeconds(),
                doc.rebootSeconds() == null ? d.rebootSeconds() : doc.rebootSeconds()));
    }

    /**
     * The {@code forwarding} section: every key optional, KVM4NFV's daily job ({@link VsperfConfig#KVM4NFV_DAILY})
     * for what is left out; {@code none} for {@code venv} or {@code confFile} means "do not use one".
     */
    private ForwardingConfig forwarding(PodKind kind, PodDocument.ForwardingSectionDoc doc) {
        ForwardingConfig defaults = ForwardingConfig.defaults(kind);
        if (doc == null) {
            return defaults;
        }
        ForwardingDriver driver = enumValue("forwarding.driver", doc.driver(), ForwardingDriver.class, false);
        PodDocument.VsperfDoc v = doc.vsperf();
        VsperfConfig d = VsperfConfig.KVM4NFV_DAILY;
        VsperfConfig vsperf = v == null ? d : located("forwarding.vsperf", () -> new VsperfConfig(
                v.dir() == null ? d.dir() : v.dir(),
                v.venv() == null ? d.venv() : noneAsNull(v.venv()),
                v.confFile() == null ? d.confFile() : noneAsNull(v.confFile()),
                v.trafficgen() == null ? d.trafficgen() : v.trafficgen(),
                v.vswitch() == null ? d.vswitch() : v.vswitch(),
                v.vnf() == null ? d.vnf() : v.vnf(),
                v.resultsRoot() == null ? d.resultsRoot() : v.resultsRoot(),
                v.timeoutSeconds() == null ? d.timeoutSeconds() : v.timeoutSeconds()));
        return new ForwardingConfig(driver == null ? defaults.driver() : driver, vsperf);
    }

    private static String noneAsNull(String value) {
        return value.trim().equalsIgnoreCase("none") ? null : value;
    }

    /** Runs a record constructor and points its field complaint at {@code base.field}. */
    private <T> T located(String base, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidFieldException e) {
            throw tree.error(base + "." + e.field(), e.problem());
        } catch (IllegalArgumentException e) {
            throw tree.error(base, PodConfigException.shorten(e.getMessage()));
        }
    }
}
