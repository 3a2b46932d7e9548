package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The tables and column types of a case, read once per hunt from DuckDB's catalog. */
final class CaseTables {
    private final Map<String, Map<String, String>> tables;

    private CaseTables(Map<String, Map<String, String>> tables) {
        this.tables = tables;
    }

    static CaseTables read(Connection connection) throws SQLException {
        Map<String, Map<String, String>> tables = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, column_name, data_type "
                     + "FROM information_schema.columns WHERE table_schema = 'main'")) {
            while (rows.next()) {
                tables.computeIfAbsent(rows.getString(1), name -> new HashMap<>())
                        .put(rows.getString(2), rows.getString(3).toUpperCase(Locale.ROOT));
            }
        }
        return new CaseTables(tables);
    }

    boolean has(String table) {
        return tables.containsKey(table);
    }

    boolean has(String table, String column) {
        Map<String, String> columns = tables.get(table);
        return columns != null && columns.containsKey(column);
    }

    @Nullable String type(String table, String column) {
        Map<String, String> columns = tables.get(table);
        return columns == null ? null : columns.get(column);
    }
}
