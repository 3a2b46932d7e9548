package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloudsift's {@code first_seen} rules: a combination of field values (an access key and a source IP, a principal
 * and an API) whose first appearance in the case comes after a learning window measured from the start of the
 * case's own history for those sources. One finding per new combination, at its first event.
 */
final class FirstSeenRunner {
    private static final String HISTORY = "cloudsift_source_history";

    private final Connection connection;
    private final CaseTables tables;
    private boolean historyRead;

    FirstSeenRunner(Connection connection, CaseTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /**
     * Each source's first event time, read in one scan of {@code events} on first use (the minimum over some
     * sources is the minimum of theirs) instead of twice per rule.
     */
    private String historyTable() throws SQLException {
        if (!historyRead) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE TEMP TABLE " + HISTORY + " AS SELECT source, "
                        + "min(event_time) AS first_time FROM events GROUP BY source");
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
        String base = MatchedRows.query(rule, references, names, false, tables);
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
        String historyStart = "(SELECT min(first_time) FROM " + historyTable()
                + (everySource ? "" : " WHERE source IN (" + String.join(", ", sources) + ")") + ")";
        String keyList = String.join(", ", keys);
        String sql = "WITH base AS (" + base + "), firsts AS (SELECT " + keyList + ", min(t) AS first_time, "
                + "arg_min(row_id, t) AS first_row, count(*) AS occurrences FROM base GROUP BY " + keyList + ") "
                + "SELECT f.*, e.source, e.event_id, e.account_id, e.region, e.principal, e.src_ip, "
                + historyStart + " AS history_start FROM firsts f JOIN " + DetectionRunner.MATCHED_EVENTS
                + " e ON e.row_id = f.first_row "
                + "WHERE f.first_time >= " + historyStart + " + INTERVAL " + rule.learningWindow().toSeconds()
                + " SECONDS ORDER BY f.first_time, f.first_row";
        long findings = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), rows.getString("k" + i));
                }
                LocalDateTime first = rows.getObject("first_time", LocalDateTime.class);
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("occurrences", rows.getLong("occurrences"));
                String eventId = rows.getString("event_id");
                String summary = "first seen " + values + " (after a learning window of "
                        + rule.learningWindow().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + " from " + rows.getObject("history_start", LocalDateTime.class) + ")";
                writer.aggregate(rule.metadata(), "first_seen", first, first, rows.getString("source"),
                        List.of(rows.getLong("first_row")), eventId == null ? List.of() : List.of(eventId),
                        rows.getString("account_id"), rows.getString("region"), rows.getString("principal"),
                        rows.getString("src_ip"), summary, values, counts);
                findings++;
            }
        }
        return findings;
    }
}
