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
 *
 * <p>Finding and deleting are two steps because DuckDB deletes cheaply only from committed rows: deleting
 * from the rows an ingest is still inserting made its commit rewrite them (3.6 s of a 15 s ingest of
 * 1,000,000 flow records). So an ingest finds its duplicates, records where they start in {@code meta}
 * ({@value #PENDING}) and commits; then deletes them and clears the mark. A run cut off between the two
 * leaves the mark, and the next ingest into the case finishes the job first.
 */
final class Deduplicator {
    /** Meta key: first row id of an ingest whose duplicates are counted but not yet deleted. */
    static final String PENDING = "dedupe_pending_from";

    private final Connection connection;
    private final Collection<String> tables;

    Deduplicator(Connection connection, Collection<String> tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /**
     * Finds the duplicates among rows from {@code firstNewRowId} on and keeps them in a temporary table for
     * {@link #deleteFound}; returns how many per file.
     */
    Map<Integer, Long> find(long firstNewRowId) throws SQLException {
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
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT file_id, count(*) FROM cloudsift_duplicates GROUP BY file_id")) {
            while (result.next()) {
                perFile.put(result.getInt(1), result.getLong(2));
            }
        }
        return perFile;
    }

    /** Deletes what {@link #find} found from every table, drops the list and clears the pending mark. */
    void deleteFound() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DELETE FROM " + table + " WHERE row_id IN (SELECT row_id FROM cloudsift_duplicates)");
            }
            statement.execute("DELETE FROM record_keys WHERE row_id IN (SELECT row_id FROM cloudsift_duplicates)");
            statement.execute("DROP TABLE cloudsift_duplicates");
            statement.execute("DELETE FROM meta WHERE key = '" + PENDING + "'");
        }
    }

    /** Finishes the deletion a cut-off ingest left pending, if any; true when there was one. */
    boolean finishPending() throws SQLException {
        Long from = null;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT value FROM meta WHERE key = '" + PENDING + "'")) {
            if (result.next()) {
                from = Long.parseLong(result.getString(1).strip());
            }
        }
        if (from == null) {
            return false;
        }
        find(from);
        deleteFound();
        return true;
    }
}
