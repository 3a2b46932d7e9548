package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.store.CaseSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The tables and column types of a case, read once per hunt through the case schema. */
final class CaseTables {
    private final Map<String, Map<String, String>> tables;

    private CaseTables(Map<String, Map<String, String>> tables) {
        this.tables = tables;
    }

    static CaseTables read(Connection connection) throws SQLException {
        return new CaseTables(CaseSchema.columnTypes(connection));
    }

    /** Every table and view of the case. */
    java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(tables.keySet());
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
