package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Runs a prepared statement's batch in one transaction when the connection commits each statement itself: DuckDB's
 * driver executes a batch row by row, and a commit per row cost more than the rows.
 */
final class OneTransaction {
    private OneTransaction() {}

    static void executeBatch(Connection connection, PreparedStatement statement) throws SQLException {
        if (!connection.getAutoCommit()) {
            statement.executeBatch();
            return;
        }
        connection.setAutoCommit(false);
        try {
            statement.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
