package io.kvm4nfv.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The override key scheme. Every scalar of the pod file has a key: its path with list
 * elements named by their {@code name} ({@code nodes.node1.address}), as a JVM system property
 * {@code kvm4nfv.nodes.node1.address} or an environment variable
 * {@code KVM4NFV_NODES_NODE1_ADDRESS} (upper case, every other character than a letter or
 * digit becomes {@code _}). System property beats environment variable beats file; an empty
 * value removes the file's value.
 */
final class Overrides {
    static final String PROPERTY_PREFIX = "kvm4nfv.";
    static final String ENV_PREFIX = "KVM4NFV_";

    private Overrides() {
    }

    /** Scalar paths of the pod file, {@code *} standing for a node name; node names are not overridable. */
    static List<String> templates() {
        List<String> out = new ArrayList<>();
        collect(PodDocument.class, "", out);
        out.remove("nodes.*.name");
        return out;
    }

    private static void collect(Class<?> type, String prefix, List<String> out) {
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> t = component.getType();
            String name = prefix + component.getName();
            if (t.isRecord()) {
                collect(t, name + ".", out);
            } else if (List.class.isAssignableFrom(t)) {
                Class<?> element = (Class<?>) ((ParameterizedType) component.getGenericType())
                        .getActualTypeArguments()[0];
                collect(element, name + ".*.", out);
            } else {
                out.add(name);
            }
        }
    }

    /** {@code kvm4nfv.sla.cyclictest.maxUs} gives {@code KVM4NFV_SLA_CYCLICTEST_MAXUS}. */
    static String envName(String propertyKey) {
        StringBuilder sb = new StringBuilder();
        for (char c : propertyKey.toUpperCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }

    /** Override key (with {@code kvm4nfv.}) to tree path, for this pod's nodes. */
    static Map<String, String> targets(ObjectNode root) {
        Map<String, String> targets = new TreeMap<>();
        JsonNode nodes = root.get("nodes");
        for (String template : templates()) {
            int star = template.indexOf(".*.");
            if (star < 0) {
                targets.put(PROPERTY_PREFIX + template, template);
            } else if (nodes != null && nodes.isArray()) {
                String list = template.substring(0, star);
                String rest = template.substring(star + 3);
                for (int i = 0; i < nodes.size(); i++) {
                    JsonNode name = nodes.get(i).get("name");
                    if (name != null && name.isValueNode() && NodeConfig.NAME.matcher(name.asText()).matches()) {
                        targets.put(PROPERTY_PREFIX + list + "." + name.asText() + "." + rest,
                                list + "[" + i + "]." + rest);
                    }
                }
            }
        }
        return targets;
    }

    /**
     * Applies the overrides to the tree and returns override key to origin, in key order.
     *
     * @param selectors       keys that are not pod settings ({@code kvm4nfv.pod}, ...), property form
     * @param foreignPrefixes property prefixes owned by other layers ({@code kvm4nfv.lab.}), ignored here
     * @throws PodConfigException for a {@code kvm4nfv.} key that matches no setting
     */
    static Map<String, String> apply(YamlTree tree, String podName, Map<String, String> properties,
                                     Map<String, String> environment, Collection<String> selectors,
                                     Collection<String> foreignPrefixes) {
        Map<String, String> targets = targets(tree.root());
        Map<String, String> envToKey = new TreeMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (String key : targets.keySet()) {
            if (envToKey.put(envName(key), key) != null) {
                ambiguous.add(envName(key));
            }
        }
        Set<String> envSelectors = new HashSet<>();
        selectors.forEach(s -> envSelectors.add(envName(s)));
        List<String> envForeign = foreignPrefixes.stream().map(Overrides::envName).toList();

        Map<String, String[]> chosen = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || envSelectors.contains(name)
                    || envForeign.stream().anyMatch(name::startsWith)) {
                continue;
            }
            String key = envToKey.get(name);
            if (key == null || ambiguous.contains(name)) {
                List<String> candidates = new ArrayList<>(envToKey.keySet());
                candidates.addAll(envSelectors);
                throw new PodConfigException(tree.file(), 0, 0, null, "environment variable '"
                        + PodConfigException.shorten(name) + "' "
                        + (key == null ? "matches no setting of pod '" + podName + "'"
                                : "is ambiguous (node names differ only in '-'/'_'); use the system property")
                        + " (keys: config/README.md)", key == null ? Suggestions.nearest(name, candidates) : null);
            }
            chosen.put(key, new String[]{e.getValue(), "environment variable " + name});
        }
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PROPERTY_PREFIX) || selectors.contains(name)
                    || foreignPrefixes.stream().anyMatch(name::startsWith)) {
                continue;
            }
            if (!targets.containsKey(name)) {
                List<String> candidates = new ArrayList<>(targets.keySet());
                candidates.addAll(selectors);
                throw new PodConfigException(tree.file(), 0, 0, null, "system property '"
                        + PodConfigException.shorten(name) + "' matches no setting of pod '" + podName
                        + "' (keys: config/README.md)", Suggestions.nearest(name, candidates));
            }
            chosen.put(name, new String[]{e.getValue(), "system property " + name});
        }
        Map<String, String> applied = new LinkedHashMap<>();
        chosen.forEach((key, valueAndOrigin) -> {
            String path = targets.get(key);
            set(tree.root(), path, valueAndOrigin[0]);
            tree.setOrigin(path, valueAndOrigin[1]);
            applied.put(key, valueAndOrigin[1].startsWith("system") ? "system property"
                    : valueAndOrigin[1]);
        });
        return applied;
    }

    private static void set(ObjectNode root, String path, String value) {
        String[] segments = path.split("\\.");
        ObjectNode object = root;
        for (int i = 0; i < segments.length - 1; i++) {
            String segment = segments[i];
            int bracket = segment.indexOf('[');
            if (bracket >= 0) {
                int index = Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
                object = (ObjectNode) object.get(segment.substring(0, bracket)).get(index);
            } else {
                JsonNode child = object.get(segment);
                if (!(child instanceof ObjectNode)) {
                    child = JsonNodeFactory.instance.objectNode();
                    object.set(segment, child);
                }
                object = (ObjectNode) child;
            }
        }
        String last = segments[segments.length - 1];
        if (value.isEmpty()) {
            object.remove(last);
        } else {
            object.put(last, value);
        }
    }
}
