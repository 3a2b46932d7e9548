package dev.cloudsift.store.enrich;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.core.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Source tables in a real DuckDB file laid out as the case store lays them out ({@code row_id BIGINT} first, then
 * the schema's columns), filled with the rows readers produce.
 */
final class CaseTables {
    private final Connection connection;
    private long nextRowId = 1;

    CaseTables(Connection connection) {
        this.connection = connection;
    }

    void create(TableSchema schema) throws SQLException {
        String columns = schema.columns().stream()
                .map(column -> column.name() + " " + column.type().sql())
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + schema.name() + " (row_id BIGINT, " + columns + ")");
        }
    }

    void insert(TableSchema schema, List<LogRecord> records) throws SQLException {
        for (LogRecord record : records) {
            for (TableRow row : record.rows()) {
                if (row.table().equals(schema.name())) {
                    insert(schema, row.values());
                }
            }
        }
    }

    void insert(TableSchema schema, Object[] values) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(schema.columns().size() + 1, "?"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.name() + " VALUES (" + marks + ")")) {
            insert.setLong(1, nextRowId++);
            for (int i = 0; i < values.length; i++) {
                Column column = schema.columns().get(i);
                Object value = values[i];
                if (value instanceof Instant instant) {
                    insert.setObject(i + 2, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                } else if (value == null) {
                    insert.setNull(i + 2, java.sql.Types.NULL);
                } else if (value instanceof Utf8Slice slice) {
                    insert.setString(i + 2, slice.toString());
                } else {
                    insert.setObject(i + 2, value);
                }
                assert column != null;
            }
            insert.execute();
        }
    }
}
