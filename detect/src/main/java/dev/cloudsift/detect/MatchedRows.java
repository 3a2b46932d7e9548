package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SQL that lists the rows a correlation reads, with the event columns findings need and the values
 * (group-by, value field, first-seen fields) it reads, as {@code k0, k1, ...} and {@code v}. A referenced
 * detection rule gives the rows it matched; a referenced correlation (a chain) gives one row per time it fired,
 * carrying its group-by values and the events of its window ({@code members}, JSON arrays of row and event ids).
 */
final class MatchedRows {
    private MatchedRows() {}

    /** The {@code events} columns every correlation reads from matched rows. */
    static final List<String> EVENT_COLUMNS = List.of("row_id", "event_time", "source", "event_id", "account_id",
            "region", "principal", "src_ip");

    /** One input of a correlation: what it reads and its position in the correlation's {@code rules}. */
    sealed interface Input {
        int position();
    }

    /** A referenced detection rule and the index its matches were recorded under. */
    record Reference(int index, int position, Rule.Detection rule) implements Input {
        Reference {
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** A referenced correlation whose firings were stored in {@code table} (see {@link CorrelationRunner}). */
    record Output(String table, int position, Rule.Correlation correlation) implements Input {
        Output {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(correlation, "correlation");
        }
    }

    static String query(Rule.Correlation correlation, List<? extends Input> inputs, List<String> keys,
                        boolean withValue, CaseTables tables) {
        return query(correlation, inputs, keys, withValue, tables, Map.of());
    }

    /**
     * As {@link #query(Rule.Correlation, List, List, boolean, CaseTables)}, reading a source table's columns from
     * {@code copies} (its matched rows, see {@link DetectionRunner#keepMatchedRows}) when it names one.
     */
    static String query(Rule.Correlation correlation, List<? extends Input> inputs, List<String> keys,
                        boolean withValue, CaseTables tables, Map<String, String> copies) {
        return query(correlation, inputs, keys, withValue, tables, copies, MatchedValues.none());
    }

    /**
     * As {@link #query(Rule.Correlation, List, List, boolean, CaseTables, Map)}, reading a rule's source values
     * from the columns {@code values} names in {@link DetectionRunner#MATCHED_EVENTS} when it holds them all.
     */
    static String query(Rule.Correlation correlation, List<? extends Input> inputs, List<String> keys,
                        boolean withValue, CaseTables tables, Map<String, String> copies, MatchedValues values) {
        List<String> parts = new ArrayList<>();
        for (Input input : inputs) {
            parts.add(input instanceof Reference reference
                    ? detectionRows(correlation, reference, keys, withValue, tables, copies, values)
                    : outputRows(correlation, (Output) input, keys, withValue));
        }
        return String.join(" UNION ALL ", parts);
    }

    /**
     * As {@link #sourceColumns}, the values a correlation reads from its referenced rules' rows: the {@code events}
     * columns into {@code events}, the source tables' values (as {@link FieldSql#text} reads them) into
     * {@code values}. A value whose column the case lacks is left out: the correlation fails alone when it runs.
     */
    static void sourceValues(Rule.Correlation correlation, List<Reference> references, List<String> keys,
                             boolean withValue, CaseTables tables, java.util.Set<String> events, MatchedValues values) {
        for (Reference reference : references) {
            Rule.Detection rule = reference.rule();
            FieldSql fieldSql = new FieldSql(rule.service(), tables);
            List<String> names = new ArrayList<>(keys);
            if (withValue) {
                names.add(correlation.field());
            }
            for (String name : names) {
                FieldLocation location = location(correlation, rule, name);
                if (location.place() == FieldLocation.Place.EVENTS || rule.service().eventsOnly()) {
                    events.add(location.column());
                } else if (tables.has(rule.service().table(), location.column())) {
                    values.add(rule.service().table(), fieldSql.text(location), location.column());
                }
            }
        }
    }

    /**
     * The columns (by table, {@code events} included) a correlation reads from the rows its referenced detection
     * rules match beside {@link #EVENT_COLUMNS}: what {@link DetectionRunner#keepMatchedRows} and
     * {@link DetectionRunner#keepMatchedEvents(java.util.Collection)} must copy for {@link #query} to read the copies.
     */
    static void sourceColumns(Rule.Correlation correlation, List<Reference> references, List<String> keys,
                              boolean withValue, Map<String, java.util.Set<String>> into) {
        for (Reference reference : references) {
            Rule.Detection rule = reference.rule();
            List<String> names = new ArrayList<>(keys);
            if (withValue) {
                names.add(correlation.field());
            }
            for (String name : names) {
                FieldLocation location = location(correlation, rule, name);
                // read from events ("e") when the location says so or the rule reads events alone
                boolean events = location.place() == FieldLocation.Place.EVENTS || rule.service().eventsOnly();
                into.computeIfAbsent(events ? "events" : rule.service().table(), table -> new java.util.TreeSet<>())
                        .add(location.column());
            }
        }
    }

    private static String detectionRows(Rule.Correlation correlation, Reference reference, List<String> keys,
                                        boolean withValue, CaseTables tables, Map<String, String> copies,
                                        MatchedValues values) {
        Rule.Detection rule = reference.rule();
        FieldSql fieldSql = new FieldSql(rule.service(), tables);
        List<String> names = new ArrayList<>(keys);
        if (withValue) {
            names.add(correlation.field());
        }
        List<String> copied = copiedValues(correlation, rule, names, fieldSql, values);
        if (copied != null) {
            return copiedRows(reference, keys.size(), withValue, copied);
        }
        StringBuilder select = new StringBuilder("SELECT e.row_id, e.event_time AS t, ")
                .append(reference.position()).append(" AS r, e.source, e.event_id, e.account_id, e.region, ")
                .append("e.principal, e.src_ip, CAST(NULL AS VARCHAR) AS member_rows, ")
                .append("CAST(NULL AS VARCHAR) AS member_events");
        List<String> notNull = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String value = fieldSql.text(location(correlation, rule, keys.get(i)));
            select.append(", ").append(value).append(" AS k").append(i);
            notNull.add(value + " IS NOT NULL");
        }
        if (withValue) {
            select.append(", ").append(fieldSql.text(location(correlation, rule, correlation.field())))
                    .append(" AS v");
        } else {
            select.append(", NULL AS v");
        }
        // the rule's rows are picked by the list of rules each matched row carries, on both sides of the join
        String rules = DetectionRunner.RULES;
        select.append(" FROM ").append(DetectionRunner.MATCHED_EVENTS).append(" e");
        String copy = rule.service().eventsOnly() ? null : copies.get(rule.service().table());
        if (!rule.service().eventsOnly()) {
            select.append(" JOIN ").append(copy != null ? copy : SqlText.identifier(rule.service().table()))
                    .append(" s ON s.row_id = e.row_id");
        }
        select.append(" WHERE list_contains(e.").append(rules).append(", ").append(reference.index()).append(')');
        if (copy != null) {
            select.append(" AND list_contains(s.").append(rules).append(", ").append(reference.index()).append(')');
        }
        select.append(" AND e.event_time IS NOT NULL");
        for (String condition : notNull) {
            select.append(" AND ").append(condition);
        }
        return select.toString();
    }

    /**
     * The expressions over {@link DetectionRunner#MATCHED_EVENTS} that read the named fields of a rule's rows, or
     * null when a source value among them was not copied there (or the rule reads {@code events} alone).
     */
    private static @Nullable List<String> copiedValues(Rule.Correlation correlation, Rule.Detection rule,
                                                       List<String> names, FieldSql fieldSql, MatchedValues values) {
        if (rule.service().eventsOnly()) {
            return null;
        }
        List<String> read = new ArrayList<>();
        for (String name : names) {
            FieldLocation location = location(correlation, rule, name);
            String text = fieldSql.text(location);
            if (location.place() == FieldLocation.Place.EVENTS) {
                read.add(text);
                continue;
            }
            String column = values.column(rule.service().table(), text);
            if (column == null) {
                return null;
            }
            read.add("e." + column);
        }
        return read;
    }

    /** A rule's rows read from {@link DetectionRunner#MATCHED_EVENTS} alone, its values in {@code read}. */
    private static String copiedRows(Reference reference, int keys, boolean withValue, List<String> read) {
        StringBuilder select = new StringBuilder("SELECT e.row_id, e.event_time AS t, ")
                .append(reference.position()).append(" AS r, e.source, e.event_id, e.account_id, e.region, ")
                .append("e.principal, e.src_ip, CAST(NULL AS VARCHAR) AS member_rows, ")
                .append("CAST(NULL AS VARCHAR) AS member_events");
        for (int i = 0; i < keys; i++) {
            select.append(", ").append(read.get(i)).append(" AS k").append(i);
        }
        select.append(", ").append(withValue ? read.get(keys) : "NULL").append(" AS v");
        select.append(" FROM ").append(DetectionRunner.MATCHED_EVENTS).append(" e WHERE list_contains(e.")
                .append(DetectionRunner.RULES).append(", ").append(reference.index()).append(")")
                .append(" AND e.event_time IS NOT NULL");
        for (int i = 0; i < keys; i++) {
            select.append(" AND ").append(read.get(i)).append(" IS NOT NULL");
        }
        return select.toString();
    }

    /** A chained correlation reads the fields of an inner correlation's output: its group-by values. */
    private static String outputRows(Rule.Correlation correlation, Output output, List<String> keys,
                                     boolean withValue) {
        StringBuilder select = new StringBuilder("SELECT o.row_id, o.t, ").append(output.position())
                .append(" AS r, o.source, o.event_id, o.account_id, o.region, o.principal, o.src_ip, o.member_rows, ")
                .append("o.member_events");
        List<String> notNull = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String value = outputColumn(correlation, output.correlation(), keys.get(i));
            select.append(", ").append(value).append(" AS k").append(i);
            notNull.add(value + " IS NOT NULL");
        }
        select.append(", ").append(withValue ? outputColumn(correlation, output.correlation(), correlation.field())
                : "NULL").append(" AS v");
        select.append(" FROM ").append(SqlText.identifier(output.table())).append(" o WHERE o.t IS NOT NULL");
        for (String condition : notNull) {
            select.append(" AND ").append(condition);
        }
        return select.toString();
    }

    private static String outputColumn(Rule.Correlation correlation, Rule.Correlation inner, String name) {
        String field = RuleLoader.fieldFor(correlation, inner.metadata(), name);
        int group = inner.groupBy().indexOf(field);
        if (group < 0) {
            throw new IllegalStateException("correlation field " + field + " was not checked at load");
        }
        return "o.g" + group;
    }

    private static FieldLocation location(Rule.Correlation correlation, Rule.Detection rule, String name) {
        String field = RuleLoader.fieldFor(correlation, rule.metadata(), name);
        FieldLocation location = rule.fields().get(field);
        if (location == null) {
            throw new IllegalStateException("correlation field " + field + " was not resolved at load");
        }
        return location;
    }
}
