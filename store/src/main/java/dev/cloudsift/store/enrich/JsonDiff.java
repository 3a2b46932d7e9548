package dev.cloudsift.store.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Nullable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The differences between two JSON documents as a list of (added, removed, changed) leaves with their paths.
 * Arrays are compared as bags first (an element that only moved is no change), then leftover objects are paired in
 * order and compared inside, so a rule gaining one address range shows as that range, not as a rewritten rule.
 * Strings holding JSON (policy documents, URL-encoded IAM policies) are opened and compared inside.
 */
final class JsonDiff {
    /** More changes than this between two items are cut short with one closing row. */
    static final int MAX_CHANGES = 500;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    enum Kind {
        ADDED("added"), REMOVED("removed"), CHANGED("changed");

        private final String columnValue;

        Kind(String columnValue) {
            this.columnValue = columnValue;
        }

        String columnValue() {
            return columnValue;
        }
    }

    /** One difference; values are null where the side has nothing. */
    record Change(Kind kind, String path, @Nullable JsonNode oldValue, @Nullable JsonNode newValue) {
        Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
        }
    }

    /** The result, and whether it was cut at {@link #MAX_CHANGES}. */
    record Result(List<Change> changes, boolean truncated) {}

    private final List<Change> changes = new ArrayList<>();
    private boolean truncated;

    private JsonDiff() {}

    static Result diff(@Nullable JsonNode before, @Nullable JsonNode after, String path) {
        JsonDiff diff = new JsonDiff();
        diff.compare(present(before), present(after), path);
        return new Result(List.copyOf(diff.changes), diff.truncated);
    }

    private void compare(@Nullable JsonNode before, @Nullable JsonNode after, String path) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before == null) {
            add(new Change(Kind.ADDED, path, null, opened(after)));
            return;
        }
        if (after == null) {
            add(new Change(Kind.REMOVED, path, opened(before), null));
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(present(before.get(name)), present(after.get(name)), child(path, name));
            }
            return;
        }
        if (before.isArray() && after.isArray()) {
            compareArrays(before, after, path);
            return;
        }
        JsonNode openedBefore = opened(before);
        JsonNode openedAfter = opened(after);
        if (openedBefore != before && openedAfter != after && openedBefore.isContainerNode()
                && openedAfter.isContainerNode()) {
            compare(openedBefore, openedAfter, path);
            return;
        }
        add(new Change(Kind.CHANGED, path, openedBefore, openedAfter));
    }

    private void compareArrays(JsonNode before, JsonNode after, String path) {
        boolean[] matchedBefore = new boolean[before.size()];
        boolean[] matchedAfter = new boolean[after.size()];
        // Equal elements are found through a hash of the old ones: hostile arrays can hold millions of elements.
        Map<JsonNode, ArrayDeque<Integer>> positions = new HashMap<>();
        for (int j = 0; j < before.size(); j++) {
            positions.computeIfAbsent(before.get(j), element -> new ArrayDeque<>()).add(j);
        }
        for (int i = 0; i < after.size(); i++) {
            ArrayDeque<Integer> same = positions.get(after.get(i));
            if (same != null && !same.isEmpty()) {
                matchedBefore[same.poll()] = true;
                matchedAfter[i] = true;
            }
        }
        List<Integer> leftBefore = unmatched(matchedBefore);
        List<Integer> leftAfter = unmatched(matchedAfter);
        int paired = 0;
        while (paired < leftBefore.size() && paired < leftAfter.size()) {
            JsonNode oldElement = before.get(leftBefore.get(paired));
            JsonNode newElement = after.get(leftAfter.get(paired));
            if (!(oldElement.isObject() && newElement.isObject()) && !(oldElement.isArray() && newElement.isArray())) {
                break;
            }
            compare(oldElement, newElement, path + "[" + leftAfter.get(paired) + "]");
            paired++;
        }
        for (int i = paired; i < leftBefore.size(); i++) {
            int index = leftBefore.get(i);
            add(new Change(Kind.REMOVED, path + "[" + index + "]", opened(before.get(index)), null));
        }
        for (int i = paired; i < leftAfter.size(); i++) {
            int index = leftAfter.get(i);
            add(new Change(Kind.ADDED, path + "[" + index + "]", null, opened(after.get(index))));
        }
    }

    private static List<Integer> unmatched(boolean[] matched) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < matched.length; i++) {
            if (!matched[i]) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private void add(Change change) {
        if (changes.size() < MAX_CHANGES) {
            changes.add(change);
        } else {
            truncated = true;
        }
    }

    private static String child(String path, String name) {
        if (PLAIN_KEY.matcher(name).matches()) {
            return path.isEmpty() ? name : path + "." + name;
        }
        return path + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    private static @Nullable JsonNode present(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** A string holding a JSON object or array (plain or URL-encoded, as IAM stores policies) as that JSON. */
    static JsonNode opened(JsonNode node) {
        if (!node.isTextual()) {
            return node;
        }
        String text = node.textValue().strip();
        if (text.startsWith("%7B") || text.startsWith("%7b")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return node;
        }
        try {
            JsonNode parsed = EmbeddedJson.parse(text);
            return parsed == null ? node : parsed;
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            return node;
        }
    }
}
