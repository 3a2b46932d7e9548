package dev.cloudsift.store.parquet;

import dev.cloudsift.core.ParquetRowSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads Parquet rows through an in-memory DuckDB, streaming the result so memory stays bounded. */
public final class DuckDbParquetRowSource implements ParquetRowSource {
    @Override
    public Rows open(Path file) throws IOException {
        Connection connection = null;
        try {
            Properties properties = new Properties();
            properties.setProperty("jdbc_stream_results", "true");
            connection = DriverManager.getConnection("jdbc:duckdb:", properties);
            try (Statement settings = connection.createStatement()) {
                // Other readers and the ingest share the cores; one file needs neither parallelism nor much memory.
                settings.execute("SET threads TO 1");
                settings.execute("SET memory_limit = '256MB'");
                settings.execute("SET autoinstall_known_extensions = false");
            }
            PreparedStatement statement = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            statement.setString(1, file.toString());
            ResultSet rows = statement.executeQuery();
            ResultSetMetaData metadata = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnName(i));
            }
            return new DuckDbRows(connection, statement, rows, List.copyOf(columns));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // An in-memory database has nothing to flush.
            }
        }
    }

    private record DuckDbRows(Connection connection, PreparedStatement statement, ResultSet rows, List<String> columns)
            implements Rows {
        @Override
        public Map<String, Object> next() throws IOException {
            try {
                if (!rows.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i), rows.getObject(i + 1));
                }
                return row;
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                rows.close();
                statement.close();
            } catch (SQLException e) {
                // Closing a finished in-memory query cannot lose data; the connection close below still runs.
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
