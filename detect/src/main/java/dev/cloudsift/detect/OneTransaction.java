package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Runs work in one transaction when the connection commits each statement itself (and as part of the caller's when
 * it does not): DuckDB's driver executes a batch row by row, and a commit per row cost more than the rows.
 */
public final class OneTransaction {
    private OneTransaction() {}

    /** Work against the case that commits as one. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction, rolled back when it fails. */
    public static <T> T run(Connection connection, Work<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run();
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static void executeBatch(Connection connection, PreparedStatement statement) throws SQLException {
        run(connection, statement::executeBatch);
    }
}
