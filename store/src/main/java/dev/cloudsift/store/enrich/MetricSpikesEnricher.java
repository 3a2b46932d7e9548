package dev.cloudsift.store.enrich;


import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * After every ingest, rebuilds {@code metric_spikes} from {@link MetricSpikes#sql()}; the store's {@code events}
 * view shows one row (source {@code metrics}) per spike on the timeline, with the spike's own {@code row_id}.
 * Idempotent: the previous spike rows are replaced, never added to.
 */
public final class MetricSpikesEnricher implements CaseEnricher {
    /** The evidence table: the columns of {@link MetricSpikes#sql()} after a leading {@code row_id}. */
    public static final String TABLE = "metric_spikes";

    @Override
    public String name() {
        return "metric spikes";
    }

    @Override
    public void enrich(Connection connection) throws SQLException {
        Set<String> present = existing(connection);
        if (!present.contains("metrics") || !present.contains("events")) {
            return;
        }
        boolean meta = present.contains("meta");
        try (Statement statement = connection.createStatement()) {
            // Without metrics there are no spikes, and no ids to hand out: skip the scan of every event's row id.
            long base = hasRows(statement, "metrics") ? firstFreeRowId(statement, meta) : 1;
            statement.execute("CREATE OR REPLACE TABLE " + TABLE + " AS SELECT " + base
                    + " + row_number() OVER (ORDER BY event_time, dedupe_key) - 1 AS row_id, * FROM ("
                    + MetricSpikes.sql() + ")");
            long spikes;
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
                count.next();
                spikes = count.getLong(1);
            }
            if (meta && spikes > 0) {
                // Row ids are handed out from meta.next_row_id; take ours so the next ingest does not reuse them.
                statement.execute("INSERT OR REPLACE INTO meta VALUES ('next_row_id', '" + (base + spikes) + "')");
            }
        }
    }

    /** Spikes are computed from the metrics table alone. */
    @Override
    public boolean affectedBy(Set<String> changedTables) {
        return changedTables.contains("metrics");
    }

    private static boolean hasRows(Statement statement, String table) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + table + " LIMIT 1)")) {
            return rows.next() && rows.getLong(1) > 0;
        }
    }

    private static long firstFreeRowId(Statement statement, boolean meta) throws SQLException {
        String fromMeta = meta ? "(SELECT max(TRY_CAST(value AS BIGINT)) FROM meta WHERE key = 'next_row_id')" : "1";
        try (ResultSet next = statement.executeQuery("SELECT greatest(coalesce(" + fromMeta + ", 1),"
                + " coalesce((SELECT max(row_id) + 1 FROM events WHERE source <> 'metrics'), 1))")) {
            next.next();
            return next.getLong(1);
        }
    }

    /** Which of the tables this enricher reads exist, asked in one query (each such question costs milliseconds). */
    private static Set<String> existing(Connection connection) throws SQLException {
        Set<String> present = new HashSet<>();
        try (var statement = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_name IN ('metrics', 'events', 'meta')");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                present.add(result.getString(1));
            }
        }
        return present;
    }
}
