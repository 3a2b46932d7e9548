package dev.cloudsift.detect;

import dev.cloudsift.store.CaseSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The {@code findings} table a hunt writes; its DDL belongs to the case schema ({@link CaseSchema#FINDINGS}). */
public final class FindingsTable {
    public static final String NAME = CaseSchema.FINDINGS_TABLE;

    private FindingsTable() {}

    /** Creates the table if needed and empties it: a hunt recomputes every finding from the case. */
    static void reset(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CaseSchema.FINDINGS);
            statement.execute("DELETE FROM findings");
        }
    }
}
