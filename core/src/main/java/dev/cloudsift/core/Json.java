package dev.cloudsift.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The one Jackson setup every reader uses, bounded against hostile input. */
public final class Json {
    /** Deeper JSON than this is refused: no AWS log nests anywhere near it. */
    public static final int MAX_NESTING_DEPTH = 200;
    /** A single string value longer than this is refused (CloudWatch caps whole events at 256 KB). */
    public static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(1000)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH + 10).build())
            .build()
            // JSON lines output writes one root value per line: no space before the next value
            .setRootValueSeparator(null);

    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Trees note keys named twice (see DuplicateKeys); the last value is read, as before.
            .registerModule(new SimpleModule("cloudsift-duplicate-keys")
                    .addDeserializer(JsonNode.class, new DuplicateKeys.NoticingDeserializer()));

    private Json() {}

    /** Compact JSON text of a node, or null for a missing or JSON-null node. */
    public static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.toString();
    }

    /** The node's value as a string (numbers and booleans as written), or null if missing, null or a container. */
    public static @Nullable String string(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** Looks up a dotted path of object fields; missing steps give null. */
    public static @Nullable JsonNode path(@Nullable JsonNode node, String... names) {
        JsonNode current = node;
        for (String name : names) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(name);
        }
        return current == null || current.isNull() ? null : current;
    }

    /** {@link #string} of {@link #path}. */
    public static @Nullable String pathString(@Nullable JsonNode node, String... names) {
        return string(path(node, names));
    }
}
