package dev.cloudsift.store.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entity index's single scan finds what one scan per pattern finds, in a real DuckDB file. */
class EntityIndexTest {
    @TempDir
    Path directory;

    private static final String[][] ROWS = {
            {"{\"snapshotId\":\"snap-0123456789abcdef0\",\"createVolumePermission\":{\"add\":{\"items\":[{\"userId\":\"999988887777\"}]}}}",
                    null, "111122223333"},
            // the hex part of a resource id that is also a whole twelve-digit word: both an account and a resource
            {"{\"volumeId\":\"vol-123456789012\",\"note\":\"sg-0a1b2c3d and i-0abcdef1234567890\"}",
                    "{\"credentials\":{\"accessKeyId\":\"ASIAABCDEFGHIJKLMNOP\"}}", "111122223333"},
            // the record's own account is not indexed; longer digit runs, lower-case keys and glued words are not ids
            {"{\"account\":\"111122223333\",\"n\":\"1234567890123\",\"k\":\"akiaabcdefghijklmnop\",\"w\":\"xvpc-01234567\"}",
                    "{\"user\":{\"accessKeyId\":\"AKIAABCDEFGHIJKLMNOP\"},\"again\":\"AKIAABCDEFGHIJKLMNOP\"}", "111122223333"},
            {null, null, null},
            {"{\"ids\":[\"444455556666\",\"subnet-0fa1b2c3d4e5f0002\",\"eni-12345678\",\"vpce-1234567890abcdef1\"]}", null, null},
    };

    @Test
    void oneScanFindsWhatAScanPerPatternFinds() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + directory.resolve("c.duckdb"))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)");
                statement.execute("CREATE TABLE cloudtrail (row_id BIGINT, event_time TIMESTAMP, request_parameters JSON,"
                        + " response_elements JSON, recipient_account_id VARCHAR, user_account_id VARCHAR)");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO cloudtrail VALUES (?, TIMESTAMP '2026-10-01 00:00:00', ?, ?, ?, NULL)")) {
                for (int i = 0; i < ROWS.length; i++) {
                    insert.setLong(1, i + 1);
                    insert.setString(2, ROWS[i][0]);
                    insert.setString(3, ROWS[i][1]);
                    insert.setString(4, ROWS[i][2]);
                    insert.execute();
                }
            }
            EntityIndex.update(connection);

            List<String> indexed = rows(connection, "SELECT entity, kind, row_id FROM entity_index");
            List<String> apart = rows(connection, """
                    WITH t AS (SELECT row_id, coalesce(CAST(request_parameters AS VARCHAR), '') || ' '
                                 || coalesce(CAST(response_elements AS VARCHAR), '') AS text, recipient_account_id AS own
                               FROM cloudtrail),
                    found AS (
                      SELECT row_id, own, unnest(regexp_extract_all(text, '%s', 1)) AS entity, 'account' AS kind FROM t
                      UNION ALL SELECT row_id, own, unnest(regexp_extract_all(text, '%s', 1)), 'resource' FROM t
                      UNION ALL SELECT row_id, own, unnest(regexp_extract_all(text, '%s', 1)), 'access key' FROM t)
                    SELECT DISTINCT entity, kind, row_id FROM found WHERE entity IS DISTINCT FROM own"""
                    .formatted(EntityIndex.ACCOUNT, EntityIndex.RESOURCE, EntityIndex.ACCESS_KEY));

            assertThat(indexed).containsExactlyInAnyOrderElementsOf(apart).contains(
                    "999988887777|account|1", "snap-0123456789abcdef0|resource|1",
                    "vol-123456789012|resource|2", "123456789012|account|2", "ASIAABCDEFGHIJKLMNOP|access key|2",
                    "AKIAABCDEFGHIJKLMNOP|access key|3", "vpce-1234567890abcdef1|resource|5", "444455556666|account|5");
            assertThat(indexed).noneMatch(row -> row.startsWith("111122223333|") || row.startsWith("1234567890123")
                    || row.contains("akia") || row.startsWith("vpc-01234567"));
        }
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getString(2) + "|" + result.getLong(3));
            }
        }
        return rows;
    }
}
