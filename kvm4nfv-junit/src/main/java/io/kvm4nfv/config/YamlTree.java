package io.kvm4nfv.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod file parsed into a Jackson tree, remembering where every key and value was
 * ({@code nodes[1].address} to line and column), and which values came from overrides.
 * Every error about the pod is made here, so all of them carry file, line, column and path.
 */
final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A 1-based position in the file. */
    record Location(int line, int column) {
    }

    private final Path file;
    private final Map<String, Location> locations = new HashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final ObjectNode root;
    private String currentPath = "";

    private YamlTree(Path file, String text) {
        this.file = file;
        this.root = parse(text);
    }

    /**
     * Parses one YAML document whose top level is a mapping.
     *
     * @throws PodConfigException for malformed YAML, duplicate keys, an empty file or several documents
     */
    static YamlTree parse(Path file, String text) {
        return new YamlTree(file, text);
    }

    Path file() {
        return file;
    }

    ObjectNode root() {
        return root;
    }

    /** Records that the value at {@code path} was set by an override. */
    void setOrigin(String path, String origin) {
        origins.put(path, origin);
    }

    /** The location of {@code path}, or of its nearest ancestor that is in the file. */
    Location locate(String path) {
        String p = path;
        while (true) {
            Location location = locations.get(p);
            if (location != null) {
                return location;
            }
            if (p.isEmpty()) {
                return new Location(1, 1);
            }
            p = parent(p);
        }
    }

    /** {@code nodes[1].address} gives {@code nodes[1]}, that gives {@code nodes}, that gives "". */
    static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** An error located at {@code path}, mentioning the override that set it, if any. */
    /** As {@link #error(String, String, String)} when no valid key or value is near. */
    PodConfigException error(String path, String problem) {
        return error(path, problem, PodConfigException.NO_SUGGESTION);
    }

    PodConfigException error(String path, String problem, String suggestion) {
        Location location = locate(path);
        String origin = origins.get(path);
        String full = origin == null ? problem : problem + " (value set by " + origin + ")";
        return new PodConfigException(file, location.line(), location.column(), path, full, suggestion);
    }

    private ObjectNode parse(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PodConfigException(file, 1, 1, "the pod file is empty");
            }
            locations.put("", location(parser.currentTokenLocation()));
            if (first != JsonToken.START_OBJECT) {
                throw error("", "the top level of a pod file must be a mapping (kind:, nodes:, ...)", null);
            }
            ObjectNode top = (ObjectNode) read(parser, "");
            if (parser.nextToken() != null) {
                Location at = location(parser.currentTokenLocation());
                throw new PodConfigException(file, at.line(), at.column(), null,
                        "a pod file holds one YAML document; found a second one", null);
            }
            return top;
        } catch (JsonProcessingException e) {
            Location location = e.getLocation() == null ? locate(currentPath) : location(e.getLocation());
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                // the parser's own position of the problem, not the start of the token it was in
                location = new Location(yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1);
            }
            if (!(e.getCause() instanceof MarkedYAMLException)) {
                // the YAML is well-formed but a scalar cannot be read (e.g. '.nan' as a number)
                throw new PodConfigException(file, location.line(), location.column(), currentPath,
                        "cannot read the value: " + yamlProblem(e), null);
            }
            String after = currentPath.isEmpty() ? "" : " (after " + currentPath + ")";
            throw new PodConfigException(file, location.line(), location.column(), null,
                    "YAML error: " + yamlProblem(e) + after, null);
        } catch (IOException e) {
            throw new PodConfigException(file, "cannot parse: " + e.getMessage());
        }
    }

    private static String yamlProblem(JsonProcessingException e) {
        String message;
        if (e.getCause() instanceof MarkedYAMLException yaml) {
            // context ("while parsing a block mapping") and problem, without SnakeYAML's source excerpts
            message = (yaml.getContext() == null ? "" : yaml.getContext() + ": ")
                    + (yaml.getProblem() == null ? "" : yaml.getProblem());
        } else {
            message = String.valueOf(e.getOriginalMessage());
            int cut = message.indexOf("\n in ");
            if (cut >= 0) {
                message = message.substring(0, cut);
            }
        }
        return PodConfigException.shorten(message.replaceAll("\\s+", " ").trim(), 200);
    }

    private JsonNode read(JsonParser parser, String path) throws IOException {
        currentPath = path;
        locations.putIfAbsent(path, location(parser.currentTokenLocation()));
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String keyPath = path.isEmpty() ? key : path + "." + key;
                    currentPath = keyPath;
                    if (object.has(key)) {
                        Location at = location(parser.currentTokenLocation());
                        throw new PodConfigException(file, at.line(), at.column(), keyPath,
                                "duplicate key '" + PodConfigException.shorten(key) + "' (first at line "
                                        + locations.get(keyPath).line() + ")", null);
                    }
                    locations.put(keyPath, location(parser.currentTokenLocation()));
                    parser.nextToken();
                    object.set(key, read(parser, keyPath));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, path + "[" + index++ + "]"));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw error(path, "unsupported YAML value (" + token + ")", null);
        }
    }

    private static Location location(JsonLocation location) {
        return new Location(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
