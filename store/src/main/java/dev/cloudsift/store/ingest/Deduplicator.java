package dev.cloudsift.store.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Removes records whose dedupe key was already stored (by an earlier ingest or earlier in this one),
 * in SQL, so the set of keys never has to fit in the Java heap. The first copy stored wins.
 */
final class Deduplicator {
    private final Connection connection;
    private final Collection<String> tables;

    Deduplicator(Connection connection, Collection<String> tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /** Deletes the duplicates among rows from {@code firstNewRowId} on; returns how many per file. */
    Map<Integer, Long> removeNewDuplicates(long firstNewRowId) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("""
                CREATE OR REPLACE TEMP TABLE cloudsift_duplicates AS
                WITH new_keys AS (SELECT DISTINCT dedupe_key FROM record_keys WHERE row_id >= ?),
                     ranked AS (
                       SELECT k.row_id, k.file_id,
                              row_number() OVER (PARTITION BY k.dedupe_key ORDER BY k.row_id) AS copy
                       FROM record_keys k SEMI JOIN new_keys n ON k.dedupe_key = n.dedupe_key)
                SELECT row_id, file_id FROM ranked WHERE copy > 1""")) {
            find.setLong(1, firstNewRowId);
            find.execute();
        }
        Map<Integer, Long> perFile = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery(
                    "SELECT file_id, count(*) FROM cloudsift_duplicates GROUP BY file_id")) {
                while (result.next()) {
                    perFile.put(result.getInt(1), result.getLong(2));
                }
            }
            if (!perFile.isEmpty()) {
                for (String table : tables) {
                    statement.execute("DELETE FROM " + table + " WHERE row_id IN (SELECT row_id FROM cloudsift_duplicates)");
                }
                statement.execute("DELETE FROM record_keys WHERE row_id IN (SELECT row_id FROM cloudsift_duplicates)");
            }
            statement.execute("DROP TABLE cloudsift_duplicates");
        }
        return perFile;
    }
}
