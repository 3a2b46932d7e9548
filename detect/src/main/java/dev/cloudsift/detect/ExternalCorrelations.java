package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Correlations for an engine that splits a case (a Spark job): each slice lists the rows its detection matches
 * give a correlation (the same rows and values the local hunt's {@link CorrelationRunner} reads), the engine
 * aggregates them over the whole case, and the windows that fired become findings written exactly as the local
 * hunt writes them. First-seen rules go the same way: the engine keeps each combination's first row and count,
 * and each slice's first and last event time per source gives the learning window. Correlations that read other
 * correlations (chains) are not covered: the engine leaves them to the local {@link Hunt}.
 */
public final class ExternalCorrelations {
    /** At most this many events per finding, the latest ones, as locally. */
    public static final int MAX_EVENT_IDS = CorrelationRunner.MAX_EVENT_IDS;

    private ExternalCorrelations() {}

    /**
     * What an engine needs to aggregate one correlation: its index among the loaded rules, its type, window
     * ({@code timespanSeconds} null: the whole case), how many group-by values its rows carry, and its condition.
     */
    public record Spec(int index, String reference, CorrelationType type, @Nullable Long timespanSeconds, int keys,
                       Map<String, Double> condition, double percentile) implements Serializable {
        public Spec {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(type, "type");
            condition = new TreeMap<>(condition);
        }

        /** Whether an aggregate value meets the condition (every bound of it), as the local hunt tests it. */
        public boolean holds(double value) {
            return Rule.Correlation.meets(condition, value);
        }
    }

    /** The first and last event time of a source in a slice (or, merged, in the case). */
    public record SourceSpan(String source, LocalDateTime first, LocalDateTime last) implements Serializable {
        public SourceSpan {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
        }
    }

    /** A first-seen rule's history: where the sources it reads begin, and how long it learns from there. */
    public record History(LocalDateTime start, long baselineSeconds) implements Serializable {
        /** The end of learning: a combination first seen at or after it is new. */
        public LocalDateTime learnt() {
            return start.plusSeconds(baselineSeconds);
        }
    }

    /**
     * A combination's first appearance for a first-seen rule: its values (group-by, then fields), the first event
     * (time, row, columns; ties on time go to the lower row id, as locally) and how often it appears in the case.
     */
    public record First(List<String> keys, LocalDateTime time, long rowId, long occurrences, @Nullable String source,
                        @Nullable String eventId, @Nullable String accountId, @Nullable String region,
                        @Nullable String principal, @Nullable String srcIp) implements Serializable {
        public First {
            keys = List.copyOf(keys);
            Objects.requireNonNull(time, "time");
        }
    }


    /**
     * A window that met the condition: the event that completed it (its time, row, columns), the aggregate value,
     * the window's event count, when it began, and the events it holds (oldest first, at most
     * {@link #MAX_EVENT_IDS}).
     */
    public record Firing(List<String> group, LocalDateTime time, double value, long events, @Nullable String source,
                         @Nullable String accountId, @Nullable String region, @Nullable String principal,
                         @Nullable String srcIp, LocalDateTime firstTime, List<Long> rowIds, List<String> eventIds)
            implements Serializable {
        public Firing {
            group = List.copyOf(group);
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(firstTime, "firstTime");
            rowIds = List.copyOf(rowIds);
            eventIds = List.copyOf(eventIds);
        }
    }

    /**
     * The correlations and first-seen rules an engine can aggregate: loaded, standalone (they raise findings) and
     * reading detection rules only. The rest (chains) are left to the local hunt. A first-seen rule's rows carry
     * its group-by values and then its fields as keys.
     */
    public static List<Spec> specs(List<LoadedRule> rules) {
        Map<String, Integer> byReference = Hunt.references(rules);
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            LoadedRule entry = rules.get(i);
            if (entry.status() != LoadedRule.Status.OK || !entry.standalone()
                    || !(entry.rule() instanceof Rule.Correlation correlation)) {
                continue;
            }
            boolean detectionsOnly = true;
            for (String reference : correlation.references()) {
                Integer target = byReference.get(reference);
                if (target != null && !(rules.get(target).rule() instanceof Rule.Detection)) {
                    detectionsOnly = false;
                }
            }
            if (detectionsOnly) {
                Duration span = correlation.timespan();
                specs.add(new Spec(i, entry.metadata().reference(), correlation.type(),
                        span == null ? null : span.toSeconds(), keyNames(correlation).size(), correlation.condition(),
                        correlation.percentile()));
            }
        }
        return specs;
    }

    /** The fields a correlation's rows carry as keys: its group-by, and for a first-seen rule its fields after them. */
    private static List<String> keyNames(Rule.Correlation correlation) {
        if (correlation.type() != CorrelationType.FIRST_SEEN) {
            return correlation.groupBy();
        }
        List<String> names = new ArrayList<>(correlation.groupBy());
        names.addAll(correlation.fields());
        return names;
    }

    private static boolean withValue(Rule.Correlation correlation) {
        return correlation.type() != CorrelationType.FIRST_SEEN && correlation.field() != null;
    }

    /** Each source's first and last event time in the slice the connection shows. */
    public static List<SourceSpan> sourceSpans(Connection connection) throws SQLException {
        List<SourceSpan> spans = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT source, min(event_time), max(event_time) FROM events"
                     + " WHERE source IS NOT NULL AND event_time IS NOT NULL GROUP BY source")) {
            while (rows.next()) {
                spans.add(new SourceSpan(rows.getString(1), rows.getObject(2, LocalDateTime.class),
                        rows.getObject(3, LocalDateTime.class)));
            }
        }
        return spans;
    }

    /**
     * The history of each first-seen rule among the specs, from the case's source spans (every slice's, merged or
     * not): the earliest event of the sources its detection rules read (every source when one reads events alone)
     * and a learning window of the rule's, but never more than a fifth of the time those sources span. A rule whose
     * sources have no events has none.
     */
    public static Map<Integer, History> histories(List<LoadedRule> rules, List<Spec> specs, List<SourceSpan> spans) {
        Map<String, Integer> byReference = Hunt.references(rules);
        Map<Integer, History> histories = new TreeMap<>();
        for (Spec spec : specs) {
            if (spec.type() != CorrelationType.FIRST_SEEN) {
                continue;
            }
            Rule.Correlation rule = (Rule.Correlation) rules.get(spec.index()).rule();
            Set<String> sources = new LinkedHashSet<>();
            boolean everySource = false;
            for (String reference : rule.references()) {
                Integer target = byReference.get(reference);
                if (target != null && rules.get(target).rule() instanceof Rule.Detection detection) {
                    if (detection.service().eventsOnly()) {
                        everySource = true;
                    } else {
                        sources.add(detection.service().table());
                    }
                }
            }
            LocalDateTime start = null;
            LocalDateTime end = null;
            for (SourceSpan span : spans) {
                if (everySource || sources.contains(span.source())) {
                    start = start == null || span.first().isBefore(start) ? span.first() : start;
                    end = end == null || span.last().isAfter(end) ? span.last() : end;
                }
            }
            if (start != null) {
                // floor(epoch(last - first) / 5) in the local SQL: whole seconds of a fifth of the span
                long micros = Duration.between(start, end).toNanos() / 1_000;
                histories.put(spec.index(), new History(start,
                        Math.min(rule.learningWindow().toSeconds(), Math.floorDiv(micros, 5_000_000L))));
            }
        }
        return histories;
    }

    /**
     * Replaces the findings of the given first-seen rules (rule index to the first appearances at or after their
     * history's end of learning; a rule with none maps to an empty list) with one finding per combination, in order
     * of time, as a local hunt writes them. Returns the findings written per rule index.
     */
    public static Map<Integer, Long> writeFirstSeen(Connection connection, List<LoadedRule> rules,
                                                    Map<Integer, List<First>> firsts, Map<Integer, History> histories)
            throws SQLException {
        Set<String> replaced = new LinkedHashSet<>();
        for (int index : firsts.keySet()) {
            replaced.add(rules.get(index).metadata().reference());
        }
        FindingsTable.replace(connection, replaced);
        Map<Integer, Long> written = new TreeMap<>();
        try (FindingWriter writer = new FindingWriter(connection, FindingsTable.lastDataIngest(connection))) {
            for (Map.Entry<Integer, List<First>> entry : firsts.entrySet()) {
                Rule.Correlation rule = (Rule.Correlation) rules.get(entry.getKey()).rule();
                History history = histories.get(entry.getKey());
                List<String> names = keyNames(rule);
                List<First> sorted = new ArrayList<>(entry.getValue());
                sorted.sort(java.util.Comparator.comparing(First::time).thenComparingLong(First::rowId));
                long count = 0;
                for (First first : sorted) {
                    if (history == null || first.time().isBefore(history.learnt())) {
                        continue;
                    }
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        values.put(names.get(i), first.keys().get(i));
                    }
                    FirstSeenRunner.write(writer, rule, values, first.time(), first.rowId(), first.occurrences(),
                            history.baselineSeconds(), history.start(), first.source(), first.eventId(),
                            first.accountId(), first.region(), first.principal(), first.srcIp());
                    count++;
                }
                written.put(entry.getKey(), count);
            }
        }
        return written;
    }

    /** The detection rules (indexes among {@code rules}) the given correlations read. */
    public static Set<Integer> referenced(List<LoadedRule> rules, List<Spec> specs) {
        Map<String, Integer> byReference = Hunt.references(rules);
        Set<Integer> indexes = new LinkedHashSet<>();
        for (Spec spec : specs) {
            for (String reference : ((Rule.Correlation) rules.get(spec.index()).rule()).references()) {
                Integer target = byReference.get(reference);
                if (target != null) {
                    indexes.add(target);
                }
            }
        }
        return indexes;
    }

    /**
     * Writes the rows each correlation reads in the slice the connection shows, given the rows its detection rules
     * matched there ({@code matches}: rule index to row ids, holding only the rules evaluated in this slice), as one
     * Parquet file per correlation named {@code prefix + "c" + index + ".parquet"} in {@code directory}, with columns
     * {@code c} (the correlation's index), {@code row_id}, {@code t} (event time, microseconds since the epoch),
     * {@code r} (position in the correlation's rule list), the event columns a finding carries, {@code k} (the
     * group-by values, never null) and {@code v} (the value field). Returns the correlations that failed, with why.
     */
    public static Map<Integer, String> writeInputRows(Connection connection, List<LoadedRule> rules, List<Spec> specs,
                                                      Map<Integer, List<Long>> matches, java.nio.file.Path directory,
                                                      String prefix) throws SQLException {
        Map<String, Integer> byReference = Hunt.references(rules);
        CaseTables tables = CaseTables.read(connection);
        DetectionRunner runner = new DetectionRunner(connection, tables);
        execute(connection, "DELETE FROM " + DetectionRunner.MATCHES);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + DetectionRunner.MATCHES
                + " VALUES (?, ?)")) {
            for (Map.Entry<Integer, List<Long>> entry : matches.entrySet()) {
                for (long row : entry.getValue()) {
                    insert.setInt(1, entry.getKey());
                    insert.setLong(2, row);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        Map<Integer, String> failures = new LinkedHashMap<>();
        Map<Integer, List<MatchedRows.Reference>> inputsBySpec = new LinkedHashMap<>();
        Map<String, Set<String>> columns = new TreeMap<>();
        for (Spec spec : specs) {
            Rule.Correlation correlation = (Rule.Correlation) rules.get(spec.index()).rule();
            List<MatchedRows.Reference> inputs = new ArrayList<>();
            for (int position = 0; position < correlation.references().size(); position++) {
                Integer target = byReference.get(correlation.references().get(position));
                if (target != null && matches.containsKey(target)) {
                    inputs.add(new MatchedRows.Reference(target, position, (Rule.Detection) rules.get(target).rule()));
                }
            }
            if (inputs.isEmpty()) {
                continue;
            }
            inputsBySpec.put(spec.index(), inputs);
            try {
                MatchedRows.sourceColumns(correlation, inputs, keyNames(correlation), withValue(correlation), columns);
            } catch (IllegalStateException | RuleException e) {
                // the correlation reports its own error when its rows are listed
            }
        }
        // one copy per table of the matched rows' needed columns, as the local hunt keeps: every correlation
        // joins that copy instead of scanning the slice's whole table once per correlation
        columns.computeIfAbsent("events", table -> new java.util.TreeSet<>()).addAll(MatchedRows.EVENT_COLUMNS);
        columns.forEach((table, names) -> names.removeIf(column -> !tables.has(table, column)));
        Set<String> eventColumns = columns.remove("events");
        try {
            runner.keepMatchedEvents(eventColumns);
            Map<String, String> copies = runner.keepMatchedRows(columns);
            for (Spec spec : specs) {
                List<MatchedRows.Reference> inputs = inputsBySpec.get(spec.index());
                if (inputs == null) {
                    continue;
                }
                Rule.Correlation correlation = (Rule.Correlation) rules.get(spec.index()).rule();
                try {
                    copy(connection, spec, MatchedRows.query(correlation, inputs, keyNames(correlation),
                            withValue(correlation), tables, copies),
                            directory.resolve(prefix + "c" + spec.index() + ".parquet"));
                } catch (SQLException | RuntimeException e) {
                    failures.put(spec.index(), String.valueOf(e.getMessage()));
                }
            }
        } finally {
            runner.dropMatchedEvents();
            execute(connection, "DELETE FROM " + DetectionRunner.MATCHES);
        }
        return failures;
    }

    // DuckDB writes the rows as Parquet itself: listing them over JDBC one by one into Java objects for Spark cost
    // a large share of a Spark hunt's CPU
    private static void copy(Connection connection, Spec spec, String sql, java.nio.file.Path file) throws SQLException {
        StringBuilder keys = new StringBuilder();
        for (int k = 0; k < spec.keys(); k++) {
            keys.append(k == 0 ? "" : ", ").append("CAST(k").append(k).append(" AS VARCHAR)");
        }
        String select = "SELECT CAST(" + spec.index() + " AS INTEGER) AS c, CAST(row_id AS BIGINT) AS row_id, "
                + "epoch_us(t) AS t, CAST(r AS INTEGER) AS r, CAST(source AS VARCHAR) AS source, "
                + "CAST(event_id AS VARCHAR) AS event_id, CAST(account_id AS VARCHAR) AS account_id, "
                + "CAST(region AS VARCHAR) AS region, CAST(principal AS VARCHAR) AS principal, "
                + "CAST(src_ip AS VARCHAR) AS src_ip, "
                + (spec.keys() == 0 ? "CAST([] AS VARCHAR[])" : "[" + keys + "]") + " AS k, CAST(v AS VARCHAR) AS v "
                + "FROM (" + sql + ") q WHERE t IS NOT NULL";
        execute(connection, "COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
    }

    /**
     * Replaces the findings of the given correlations (rule index to its firings; a correlation that did not fire
     * maps to an empty list) with one finding per firing, as a local hunt writes them. Returns the findings
     * written per rule index. Runs in the connection's current transaction.
     */
    public static Map<Integer, Long> writeFindings(Connection connection, List<LoadedRule> rules,
                                                   Map<Integer, List<Firing>> firings) throws SQLException {
        Set<String> replaced = new LinkedHashSet<>();
        for (int index : firings.keySet()) {
            replaced.add(rules.get(index).metadata().reference());
        }
        FindingsTable.replace(connection, replaced);
        Map<Integer, Long> written = new TreeMap<>();
        try (FindingWriter writer = new FindingWriter(connection, FindingsTable.lastDataIngest(connection))) {
            for (Map.Entry<Integer, List<Firing>> entry : firings.entrySet()) {
                LoadedRule rule = rules.get(entry.getKey());
                Rule.Correlation correlation = (Rule.Correlation) rule.rule();
                for (Firing firing : entry.getValue()) {
                    Map<String, String> groupBy = new LinkedHashMap<>();
                    for (int i = 0; i < firing.group().size(); i++) {
                        groupBy.put(correlation.groupBy().get(i), firing.group().get(i));
                    }
                    double value = firing.value();
                    Map<String, Object> counts = new LinkedHashMap<>();
                    counts.put(correlation.type().label(), value == Math.rint(value) ? (Object) (long) value : value);
                    counts.put("events", firing.events());
                    String summary = CorrelationSummary.describe(correlation.type(), counts.get(correlation.type().label()),
                            correlation.field(), correlation.timespan(), groupBy, correlation.references());
                    writer.aggregate(correlation.metadata(), "correlation", firing.time(), firing.firstTime(),
                            firing.source(), firing.rowIds(), firing.eventIds(), firing.accountId(), firing.region(),
                            firing.principal(), firing.srcIp(), summary, groupBy, counts);
                }
                written.put(entry.getKey(), (long) entry.getValue().size());
            }
        }
        return written;
    }


    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
