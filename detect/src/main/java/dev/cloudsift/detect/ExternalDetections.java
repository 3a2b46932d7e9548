package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Detection rules for an engine that splits a case (a Spark job): the Java evaluator finds a rule's rows in
 * whatever slice of the case a connection shows (views over some of its parts), row by row as the local hunt's
 * Java path does (reading only the rows the rule's SQL prefilter keeps), and the matches found over every slice become findings in the case's catalogue exactly as a
 * local hunt writes them.
 */
public final class ExternalDetections {
    private ExternalDetections() {}

    /** Whether a loaded rule is a detection the evaluator can run. */
    public static boolean evaluable(LoadedRule rule) {
        return rule.status() == LoadedRule.Status.OK && rule.rule() instanceof Rule.Detection;
    }

    /** Whether the tables the connection shows hold the rule's source (else it matches nothing there). */
    public static boolean hasSource(Connection connection, LoadedRule rule) throws SQLException {
        return new DetectionRunner(connection, CaseTables.read(connection)).hasSource((Rule.Detection) rule.rule());
    }

    /** The rows a detection rule matches in the tables the connection shows (none when its source is absent). */
    public static List<Long> matchingRows(Connection connection, LoadedRule rule) throws SQLException {
        Rule.Detection detection = (Rule.Detection) rule.rule();
        DetectionRunner runner = new DetectionRunner(connection, CaseTables.read(connection));
        if (!runner.hasSource(detection)) {
            return List.of();
        }
        return runner.matchingRowsInJava(detection);
    }

    /**
     * Replaces the findings of the given standalone detection rules with one finding per matched row, as a local
     * hunt writes them; {@code matches} maps a rule's index in {@code rules} to its row ids. Returns the findings
     * written per rule index. Runs in the connection's current transaction.
     */
    public static Map<Integer, Long> writeFindings(Connection connection, List<LoadedRule> rules,
                                                   Map<Integer, List<Long>> matches) throws SQLException {
        Set<String> replaced = new LinkedHashSet<>();
        for (int index : matches.keySet()) {
            replaced.add(rules.get(index).metadata().reference());
        }
        FindingsTable.replace(connection, replaced);
        Long ingestId = FindingsTable.lastDataIngest(connection);
        CaseTables tables = CaseTables.read(connection);
        DetectionRunner runner = new DetectionRunner(connection, tables);
        Map<Integer, Long> written = new java.util.TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + DetectionRunner.MATCHES);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + DetectionRunner.MATCHES + " VALUES (?, ?)")) {
            for (Map.Entry<Integer, List<Long>> entry : matches.entrySet()) {
                for (long row : entry.getValue()) {
                    insert.setInt(1, entry.getKey());
                    insert.setLong(2, row);
                    insert.addBatch();
                }
                OneTransaction.executeBatch(connection, insert);
            }
        }
        // findings read the matched rows' events from one copy, as in the local hunt
        runner.keepMatchedEvents();
        Map<String, String> copies = tables.has("cloudtrail") ? runner.keepMatchedRows(Map.of("cloudtrail",
                FindingWriter.TARGET_COLUMNS.stream().filter(column -> tables.has("cloudtrail", column)).toList()))
                : Map.of();
        try (FindingWriter writer = new FindingWriter(connection, ingestId, copies)) {
            for (int index : matches.keySet()) {
                LoadedRule rule = rules.get(index);
                written.put(index, rule.standalone() ? writer.detection(rule.metadata(), index) : 0L);
            }
        } finally {
            runner.dropMatchedEvents();
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + DetectionRunner.MATCHES);
            }
        }
        return written;
    }
}
