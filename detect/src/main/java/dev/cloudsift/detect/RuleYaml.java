package dev.cloudsift.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads Sigma YAML into plain maps, lists and strings.
 *
 * <p>Scalars keep the text exactly as written: a rule's {@code readOnly: false} or {@code eventVersion: 1.08} must
 * match the string a log carries, and converting through Boolean or Double would lose {@code 1.10}'s trailing zero.
 * Only plain {@code null}/{@code ~}/empty scalars (the core schema's null) become Java null.
 */
final class RuleYaml {
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;
    private static final int MAX_NESTING = 50;

    private RuleYaml() {}

    /** Every document of a YAML stream, after Sigma's collection actions (global, reset, repeat) are applied. */
    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> result = new ArrayList<>();
        Map<String, Object> global = Map.of();
        Map<String, Object> previous = null;
        for (Object document : parseAll(text)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new RuleException("a YAML document must be a mapping, found " + describe(document));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) document;
            Object action = map.get("action");
            if (action != null) {
                Map<String, Object> content = new LinkedHashMap<>(map);
                content.remove("action");
                switch (action.toString()) {
                    case "global" -> global = merge(global, content);
                    case "reset" -> global = Map.of();
                    case "repeat" -> {
                        if (previous == null) {
                            throw new RuleException("action: repeat with no previous document to repeat");
                        }
                        previous = merge(previous, content);
                        result.add(previous);
                    }
                    default -> throw new RuleException("unknown collection action '" + action
                            + "' (expected global, reset or repeat)");
                }
                continue;
            }
            previous = merge(global, map);
            result.add(previous);
        }
        return result;
    }

    /** A single YAML value (used for placeholder and mapping files). */
    static Object single(String text) {
        List<Object> all = parseAll(text);
        if (all.size() != 1) {
            throw new RuleException("expected one YAML document, found " + all.size());
        }
        return all.get(0);
    }

    private static List<Object> parseAll(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setCodePointLimit(MAX_CODE_POINTS)
                .setMaxAliasesForCollections(50)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .build();
        List<Object> documents = new ArrayList<>();
        try {
            for (Node node : new Compose(settings).composeAllFromString(text)) {
                documents.add(convert(node, 0));
            }
        } catch (YamlEngineException e) {
            throw new RuleException("invalid YAML: " + firstLine(e.getMessage()));
        }
        return documents;
    }

    private static Object convert(Node node, int depth) {
        if (depth > MAX_NESTING) {
            throw new RuleException("YAML nested deeper than " + MAX_NESTING + " levels");
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getTag().equals(Tag.NULL) ? null : scalar.getValue();
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(convert(item, depth + 1));
            }
            return list;
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Object key = convert(tuple.getKeyNode(), depth + 1);
            if (!(key instanceof String name)) {
                throw new RuleException("a mapping key must be a scalar, found " + describe(key));
            }
            map.put(name, convert(tuple.getValueNode(), depth + 1));
        }
        return map;
    }

    /** Deep merge: maps merge key by key, anything else in {@code overlay} replaces the base value. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> entry : overlay.entrySet()) {
            Object existing = merged.get(entry.getKey());
            if (existing instanceof Map<?, ?> existingMap && entry.getValue() instanceof Map<?, ?> overlayMap) {
                merged.put(entry.getKey(), merge((Map<String, Object>) existingMap, (Map<String, Object>) overlayMap));
            } else {
                merged.put(entry.getKey(), entry.getValue());
            }
        }
        return merged;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.replace('\n', ' ').strip();
    }
}
