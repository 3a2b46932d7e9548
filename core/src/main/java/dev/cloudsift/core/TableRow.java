package dev.cloudsift.core;

import java.util.Objects;

/**
 * One row for a source table. {@code values} follow the order of the table's {@link TableSchema} columns;
 * Java types per {@link ColumnType}.
 */
public record TableRow(String table, Object[] values) {
    public TableRow {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(values, "values");
    }
}
