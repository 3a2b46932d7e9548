package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloudsift's {@code first_seen} rules: a combination of field values (an access key and a source IP, a principal
 * and an API) whose first appearance in the case comes after a learning window measured from the start of the
 * case's own history for those sources. One finding per new combination, at its first event.
 *
 * <p>The window is the rule's {@code learning_window}, but never more than the first fifth of the time those sources
 * span in the case: a two-day case learns for about ten hours instead of seeing nothing after a seven-day window.
 * Findings learnt over such a shortened window say so ({@code short baseline} in the summary, {@code
 * baseline_seconds} and {@code short_baseline} in the counts), since a short baseline knows less of what is normal.
 */
final class FirstSeenRunner {
    private static final String HISTORY = "cloudsift_source_history";

    private final Connection connection;
    private final CaseTables tables;
    private final Map<String, String> copies;
    private final MatchedValues values;
    private boolean historyRead;

    FirstSeenRunner(Connection connection, CaseTables tables) {
        this(connection, tables, Map.of());
    }

    /** Reads source tables' columns from {@code copies} of their matched rows (see {@link MatchedRows#query}). */
    FirstSeenRunner(Connection connection, CaseTables tables, Map<String, String> copies) {
        this(connection, tables, copies, MatchedValues.none());
    }

    /** Reads source tables' values from the matched events where {@code values} names them (see {@link MatchedValues}). */
    FirstSeenRunner(Connection connection, CaseTables tables, Map<String, String> copies, MatchedValues values) {
        this.connection = connection;
        this.tables = tables;
        this.copies = Map.copyOf(copies);
        this.values = values;
    }

    /**
     * Each source's first event time, read in one scan of {@code events} on first use (the minimum over some
     * sources is the minimum of theirs) instead of twice per rule.
     */
    private String historyTable() throws SQLException {
        if (!historyRead) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE TEMP TABLE " + HISTORY + " AS SELECT source, "
                        + "min(event_time) AS first_time, max(event_time) AS last_time FROM events GROUP BY source");
            }
            historyRead = true;
        }
        return HISTORY;
    }

    /** Drops what {@link #historyTable} kept. */
    void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + HISTORY);
        }
    }

    long run(Rule.Correlation rule, List<MatchedRows.Reference> references, FindingWriter writer)
            throws SQLException {
        List<String> names = new ArrayList<>(rule.groupBy());
        names.addAll(rule.fields());
        String base = MatchedRows.query(rule, references, names, false, tables, copies, values);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            keys.add("k" + i);
        }
        List<String> sources = new ArrayList<>();
        boolean everySource = false;
        for (MatchedRows.Reference reference : references) {
            if (reference.rule().service().eventsOnly()) {
                everySource = true;
            } else {
                sources.add(SqlText.literal(reference.rule().service().table()));
            }
        }
        String history = "SELECT min(first_time) AS history_start, least(" + rule.learningWindow().toSeconds()
                + ", CAST(floor(epoch(max(last_time) - min(first_time)) / 5) AS BIGINT)) AS baseline_seconds FROM "
                + historyTable() + (everySource ? "" : " WHERE source IN (" + String.join(", ", sources) + ")");
        String keyList = String.join(", ", keys);
        String sql = "WITH base AS (" + base + "), history AS (" + history + "), firsts AS (SELECT " + keyList
                + ", min(t) AS first_time, arg_min(row_id, (t, row_id)) AS first_row, count(*) AS occurrences FROM base GROUP BY "
                + keyList + ") SELECT f.*, e.source, e.event_id, e.account_id, e.region, e.principal, e.src_ip, "
                + "h.history_start, h.baseline_seconds FROM firsts f JOIN " + DetectionRunner.MATCHED_EVENTS
                + " e ON e.row_id = f.first_row, history h "
                + "WHERE f.first_time >= h.history_start + to_seconds(h.baseline_seconds) ORDER BY f.first_time, f.first_row";
        long findings = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), rows.getString("k" + i));
                }
                write(writer, rule, values, rows.getObject("first_time", LocalDateTime.class), rows.getLong("first_row"),
                        rows.getLong("occurrences"), rows.getLong("baseline_seconds"),
                        rows.getObject("history_start", LocalDateTime.class), rows.getString("source"),
                        rows.getString("event_id"), rows.getString("account_id"), rows.getString("region"),
                        rows.getString("principal"), rows.getString("src_ip"));
                findings++;
            }
        }
        return findings;
    }

    /**
     * The finding of a combination first seen at {@code first} (its first event: row, columns), after a baseline of
     * {@code baseline} seconds from {@code historyStart}; the local hunt and an engine that splits the case
     * ({@link ExternalCorrelations}) write it alike.
     */
    static void write(FindingWriter writer, Rule.Correlation rule, Map<String, String> values, LocalDateTime first,
                      long firstRow, long occurrences, long baseline, LocalDateTime historyStart, String source,
                      String eventId, String accountId, String region, String principal, String srcIp) throws SQLException {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("occurrences", occurrences);
        boolean shortBaseline = baseline < rule.learningWindow().toSeconds();
        counts.put("baseline_seconds", baseline);
        counts.put("short_baseline", shortBaseline);
        String summary = "first seen " + values + " (after " + (shortBaseline ? "a short baseline of " : "a learning window of ")
                + span(Duration.ofSeconds(baseline)) + " from " + historyStart
                + (shortBaseline ? ": the first fifth of the case, shorter than the rule's "
                        + span(rule.learningWindow()) : "") + ")";
        writer.aggregate(rule.metadata(), "first_seen", first, first, source, List.of(firstRow),
                eventId == null ? List.of() : List.of(eventId), accountId, region, principal, srcIp, summary, values, counts);
    }

    /** 7d, 1d4h, 2h30m, 45m, 30s. */
    static String span(Duration duration) {
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length && text.length() < 6; i++) {
            if (seconds >= units[i]) {
                text.append(seconds / units[i]).append(names[i]);
                seconds %= units[i];
            }
        }
        return text.length() == 0 ? "0s" : text.toString();
    }
}
