package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The {@code findings} table a hunt writes; columns are documented in docs/detection.md. */
public final class FindingsTable {
    public static final String NAME = "findings";

    static final String DDL = "CREATE TABLE IF NOT EXISTS findings ("
            + "finding_id BIGINT, "
            + "rule_id VARCHAR, "
            + "title VARCHAR, "
            + "level VARCHAR, "
            + "tags JSON, "
            + "kind VARCHAR, "
            + "rule_file VARCHAR, "
            + "time TIMESTAMP, "
            + "first_time TIMESTAMP, "
            + "source VARCHAR, "
            + "row_ids JSON, "
            + "event_ids JSON, "
            + "account_id VARCHAR, "
            + "region VARCHAR, "
            + "principal VARCHAR, "
            + "src_ip VARCHAR, "
            + "summary VARCHAR, "
            + "group_by JSON, "
            + "counts JSON)";

    private FindingsTable() {}

    /** Creates the table if needed and empties it: a hunt recomputes every finding from the case. */
    static void reset(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DDL);
            statement.execute("DELETE FROM findings");
        }
    }
}
