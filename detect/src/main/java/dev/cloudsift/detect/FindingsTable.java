package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.store.CaseSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/** The {@code findings} table a hunt writes; its DDL belongs to the case schema ({@link CaseSchema#FINDINGS}). */
public final class FindingsTable {
    public static final String NAME = CaseSchema.FINDINGS_TABLE;

    /**
     * The last ingest that stored records: findings carry it, and findings older than the case's last such ingest
     * are stale (computed before some of the data was there).
     */
    public static final String LAST_DATA_INGEST =
            "(SELECT max(ingest_id) FROM ingests WHERE stored IS NULL OR stored > 0)";

    private FindingsTable() {}

    /**
     * Creates the table if needed (adding the ingest column to an older case) and removes the findings of the
     * given rules: a hunt recomputes the findings of the rules it runs and keeps every other rule's.
     */
    static void replace(Connection connection, Collection<String> ruleIds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CaseSchema.FINDINGS);
            statement.execute("ALTER TABLE findings ADD COLUMN IF NOT EXISTS ingest_id BIGINT");
        }
        if (ruleIds.isEmpty()) {
            return;
        }
        // one statement, not one commit per rule
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM findings WHERE rule_id IN (?"
                + ", ?".repeat(ruleIds.size() - 1) + ")")) {
            int position = 1;
            for (String ruleId : ruleIds) {
                delete.setString(position++, ruleId);
            }
            delete.executeUpdate();
        }
    }

    /** The ingest findings written now are computed after, or null when the case has no ingest ledger. */
    static @Nullable Long lastDataIngest(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ingests'")) {
            tables.next();
            if (tables.getLong(1) == 0) {
                return null;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + LAST_DATA_INGEST)) {
            result.next();
            long id = result.getLong(1);
            return result.wasNull() ? null : id;
        }
    }
}
