package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Nullable;
import java.util.Locale;

/**
 * Reads scalar values out of CloudTrail JSON leniently (numbers and booleans as text, booleans written as strings)
 * and describes JSON values for problem reasons.
 */
final class JsonValues {
    private JsonValues() {}

    static @Nullable String string(@Nullable JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }

    /** JSON booleans, and the strings "true"/"false" CloudTrail uses for some flags. */
    static @Nullable Boolean bool(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    static @Nullable JsonNode nonNull(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    static @Nullable String emptyToNull(@Nullable String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** {@link #emptyToNull(String)} of a text cell, a {@code String} or a {@code Utf8Slice}. */
    static @Nullable Object emptyCellToNull(@Nullable Object cell) {
        if (cell instanceof dev.cloudsift.core.Utf8Slice slice) {
            return slice.length() == 0 ? null : slice;
        }
        return cell == null || ((String) cell).isEmpty() ? null : cell;
    }

    static @Nullable String join(@Nullable String first, @Nullable String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + " " + second;
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /** "a string", "a number (1762247730)", "an array", ... for problem reasons. */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number (" + shorten(node.asText()) + ")";
            case BOOLEAN -> "a boolean (" + node.asText() + ")";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
