package dev.cloudsift.store.enrich;

import dev.cloudsift.store.CaseSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The entity index: {@code entity_index(entity, kind, row_id, source_table, event_time)}, one row per account id,
 * access key id or resource id that a record names inside its request parameters, response elements or Config item
 * (the foreign account a snapshot was shared with, the key CreateAccessKey returned, the {@code sg-…} of a Config
 * item), so {@code entity} finds those records without reading every JSON document of the case. The columns the
 * events view already has (principal, access key, source address, resource) are not indexed: they are searched
 * directly.
 *
 * <p>Incremental and idempotent: each run indexes the rows above the watermark ({@code meta.entity_index_row_id},
 * the highest row id indexed) in one transaction with the new watermark, so a run killed half-way leaves the index as
 * the last run did and the next run does the rest. Row ids only grow (the writer hands them out across ingests).
 * Another engine writing the same case (Spark) produces the same rows with the same regular expressions over the
 * same columns.
 */
public final class EntityIndex {
    public static final String TABLE = "entity_index";
    static final String WATERMARK = "entity_index_row_id";

    /** Account ids, resource ids and access key ids as they appear inside JSON text. */
    static final String ACCOUNT = "\\b([0-9]{12})\\b";
    static final String RESOURCE = "\\b((?:sg|snap|ami|vol|vpc|subnet|eni|i|igw|nat|rtb|acl|lt|eipalloc|pcx|tgw|vpce)-[0-9a-f]{8,17})\\b";
    static final String ACCESS_KEY = "\\b((?:AKIA|ASIA)[A-Z0-9]{16})\\b";
    /**
     * The three at once: each matches whole words (a resource id two words joined by a hyphen), so one scan finds what
     * the three find apart, but for an account that is the hex part of a resource id ({@code vol-123456789012}),
     * which the scan consumes with the resource and {@link #insert} adds back. A scan per pattern had cost three times
     * the regular-expression work, the largest part of the index on CloudTrail.
     */
    static final String ANY = "\\b([0-9]{12}|(?:AKIA|ASIA)[A-Z0-9]{16}|(?:sg|snap|ami|vol|vpc|subnet|eni|i|igw|nat|rtb|acl|lt|eipalloc|pcx"
            + "|tgw|vpce)-[0-9a-f]{8,17})\\b";

    private EntityIndex() {}

    /** Indexes the rows added since the last run. */
    public static void update(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (entity VARCHAR, kind VARCHAR, row_id BIGINT, source_table VARCHAR, event_time TIMESTAMP)");
        }
        long from = watermark(connection);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long highest = from;
            if (CaseSchema.exists(connection, "cloudtrail")) {
                insert(connection, "cloudtrail", "event_time",
                        "coalesce(CAST(request_parameters AS VARCHAR), '') || ' ' || coalesce(CAST(response_elements AS VARCHAR), '')",
                        "coalesce(recipient_account_id, user_account_id)", from);
                highest = Math.max(highest, maxRow(connection, "cloudtrail"));
            }
            if (CaseSchema.exists(connection, "config")) {
                insert(connection, "config", "capture_time",
                        "coalesce(CAST(configuration AS VARCHAR), '') || ' ' || coalesce(CAST(relationships AS VARCHAR), '') || ' '"
                                + " || coalesce(CAST(supplementary_configuration AS VARCHAR), '')",
                        "account_id", from);
                highest = Math.max(highest, maxRow(connection, "config"));
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT OR REPLACE INTO meta VALUES ('" + WATERMARK + "', ?)")) {
                statement.setString(1, Long.toString(highest));
                statement.execute();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void insert(Connection connection, String table, String time, String text, String ownAccount, long from)
            throws SQLException {
        // the record's own account is in events.account_id already; indexing it would repeat the table
        String sql = """
                INSERT INTO %1$s
                WITH t AS (SELECT row_id, %2$s AS event_time, %3$s AS text, %4$s AS own FROM %5$s WHERE row_id > ?),
                words AS (SELECT row_id, event_time, own, unnest(regexp_extract_all(text, '%6$s', 1)) AS word FROM t),
                found AS (
                  SELECT row_id, event_time, own, word AS entity,
                         CASE WHEN word[1] BETWEEN '0' AND '9' THEN 'account'
                              WHEN starts_with(word, 'AKIA') OR starts_with(word, 'ASIA') THEN 'access key'
                              ELSE 'resource' END AS kind
                  FROM words
                  UNION ALL SELECT row_id, event_time, own, word[-12:], 'account' FROM words
                  WHERE word[1] NOT BETWEEN '0' AND '9' AND regexp_full_match(word, '.*-[0-9]{12}'))
                SELECT DISTINCT entity, kind, row_id, '%5$s', event_time FROM found
                WHERE entity IS DISTINCT FROM own""".formatted(TABLE, time, text, ownAccount, table, ANY);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, from);
            statement.execute();
        }
    }

    private static long maxRow(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(max(row_id), -1) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long watermark(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            statement.setString(1, WATERMARK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Long.parseLong(result.getString(1)) : -1;
            }
        }
    }
}
