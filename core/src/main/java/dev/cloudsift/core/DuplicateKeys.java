package dev.cloudsift.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keys a JSON object names twice, noticed while {@link Json#MAPPER} builds a tree. Jackson keeps the last value
 * (as Python's json, Go's encoding/json, JavaScript's JSON.parse and the AWS SDKs do) and can only fail on a
 * duplicate otherwise; a reader that took the first value would see another record ({@code ListUsers} where we
 * read {@code DeleteTrail}), so the record is stored with the last value and flagged instead.
 *
 * <p>Noticing costs nothing until a duplicate occurs: Jackson's tree builder already learns of it when it puts
 * the second value. Each thread keeps the duplicates of the trees it built since it last asked ({@link #takeFrom});
 * at most {@link #MAX_PENDING} are kept, so trees nobody asks about cannot grow it.
 */
public final class DuplicateKeys {
    static final int MAX_PENDING = 64;

    private static final ThreadLocal<List<Found>> PENDING = ThreadLocal.withInitial(ArrayList::new);
    private static volatile boolean enabled = !Boolean.getBoolean("cloudsift.duplicateKeys.off");

    private record Found(ObjectNode object, String key) {}

    private DuplicateKeys() {}

    /**
     * The {@code duplicate_key:<path>} anomalies of the objects inside {@code root} (paths dotted from it, array
     * items as {@code [i]}), and forgets every duplicate this thread noticed so far.
     */
    public static List<String> takeFrom(JsonNode root) {
        List<Found> pending = PENDING.get();
        if (pending.isEmpty()) {
            return List.of();
        }
        List<String> anomalies = new ArrayList<>();
        for (Found found : pending) {
            String path = pathOf(root, found.object());
            if (path != null) {
                String anomaly = Anomalies.duplicateKey(path.isEmpty() ? found.key() : path + "." + found.key());
                if (!anomalies.contains(anomaly)) {
                    anomalies.add(anomaly);
                }
            }
        }
        pending.clear();
        return anomalies;
    }

    /**
     * Tells of a key named twice in {@code object}, for a reader that builds a tree field by field itself rather
     * than through {@link Json#MAPPER}.
     */
    public static void notice(ObjectNode object, String key) {
        if (!enabled) {
            return;
        }
        List<Found> pending = PENDING.get();
        if (pending.size() >= MAX_PENDING) {
            pending.remove(0);
        }
        pending.add(new Found(object, key));
    }

    /** For measuring what noticing costs: off, duplicates go unnoticed as before. */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** Dotted path from {@code root} to {@code target} (same instance), "" for the root, null when not inside. */
    private static String pathOf(JsonNode root, ObjectNode target) {
        if (root == target) {
            return "";
        }
        // Breadth first over a bounded tree (Json bounds depth); runs only when a duplicate was seen.
        Deque<Object[]> queue = new ArrayDeque<>();
        queue.add(new Object[] {root, ""});
        while (!queue.isEmpty()) {
            Object[] entry = queue.poll();
            JsonNode node = (JsonNode) entry[0];
            String path = (String) entry[1];
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                    if (field.getValue() == target) {
                        return childPath;
                    }
                    if (field.getValue().isContainerNode()) {
                        queue.add(new Object[] {field.getValue(), childPath});
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    JsonNode item = node.get(i);
                    String childPath = path + "[" + i + "]";
                    if (item == target) {
                        return childPath;
                    }
                    if (item.isContainerNode()) {
                        queue.add(new Object[] {item, childPath});
                    }
                }
            }
        }
        return null;
    }

    /** Jackson's tree deserializer, told of each duplicate key it meets. */
    static final class NoticingDeserializer extends JsonNodeDeserializer {
        private static final long serialVersionUID = 1L;

        NoticingDeserializer() {
            super();
        }

        @Override
        protected void _handleDuplicateField(JsonParser p, DeserializationContext ctxt, JsonNodeFactory nodeFactory,
                String fieldName, ObjectNode objectNode, JsonNode oldValue, JsonNode newValue) {
            notice(objectNode, fieldName);
        }
    }
}
