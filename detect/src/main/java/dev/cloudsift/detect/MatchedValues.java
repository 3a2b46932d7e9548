package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The source-table values correlations read from matched rows (group-by, value and first-seen fields), copied as
 * columns beside the matched rows' events (see {@link DetectionRunner#keepMatchedEvents(java.util.Collection,
 * MatchedValues)}): a correlation then reads one table instead of joining a copy of the source rows to the events
 * for every rule, and a JSON field's value is extracted once instead of the whole JSON document being copied.
 */
final class MatchedValues {
    private final Map<String, Map<String, String>> byTable = new TreeMap<>();
    private final Map<String, Set<String>> reads = new TreeMap<>();
    private int next;

    /** No values: correlations read the source tables themselves. */
    static MatchedValues none() {
        return new MatchedValues();
    }

    /** Adds a value of {@code table}: its SQL {@code expression} over alias {@code s}, which reads {@code column}. */
    void add(String table, String expression, String column) {
        Map<String, String> values = byTable.computeIfAbsent(table, name -> new TreeMap<>());
        if (!values.containsKey(expression)) {
            values.put(expression, "cloudsift_value_" + next++);
        }
        reads.computeIfAbsent(table, name -> new TreeSet<>()).add(column);
    }

    /** The copied column holding a value of {@code table}, or null when it was not copied. */
    @Nullable String column(String table, String expression) {
        Map<String, String> values = byTable.get(table);
        return values == null ? null : values.get(expression);
    }

    /** The values by table: expression to copied column. */
    Map<String, Map<String, String>> byTable() {
        return byTable;
    }

    /** The source columns the values of {@code table} read. */
    Set<String> reads(String table) {
        return reads.getOrDefault(table, Set.of());
    }
}
