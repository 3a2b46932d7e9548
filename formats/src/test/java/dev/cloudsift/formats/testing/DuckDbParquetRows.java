package dev.cloudsift.formats.testing;

import dev.cloudsift.core.ParquetRowSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parquet rows formats' tests read through: the store provides the real source, and the store depends on
 * formats, so formats' tests bring their own, backed by the same engine (DuckDB, test scope).
 */
public final class DuckDbParquetRows implements ParquetRowSource {
    @Override
    public Rows open(Path file) throws IOException {
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            PreparedStatement statement = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            statement.setString(1, file.toString());
            ResultSet rows;
            try {
                rows = statement.executeQuery();
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            ResultSetMetaData metadata = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnName(i));
            }
            return new Rows() {
                @Override
                public List<String> columns() {
                    return columns;
                }

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
                public void close() throws IOException {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
            };
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
