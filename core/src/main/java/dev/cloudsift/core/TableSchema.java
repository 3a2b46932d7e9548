package dev.cloudsift.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source table declared by a format. The store adds a leading {@code row_id BIGINT} column that joins
 * each row to its {@code events} row; formats never write it.
 *
 * @param eventsProjection how the table's rows appear in the {@code events} view: common column name to a SQL
 *                         expression over this table's own columns, in the events column order; null when the
 *                         table feeds no {@code events} rows (or, for now, when its format still hands the store
 *                         an {@link Event} to store beside the row)
 */
public record TableSchema(String name, String description, List<Column> columns,
                          @Nullable Map<String, String> eventsProjection) {
    public TableSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        columns = List.copyOf(columns);
        eventsProjection = eventsProjection == null ? null : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(eventsProjection));
        Map<String, Column> seen = new HashMap<>();
        for (Column column : columns) {
            if (column.name().equals("row_id") || seen.put(column.name(), column) != null) {
                throw new IllegalArgumentException("duplicate or reserved column " + column.name() + " in " + name);
            }
        }
    }

    /** A table without an events projection. */
    public TableSchema(String name, String description, List<Column> columns) {
        this(name, description, columns, null);
    }

    /** Index of a column by name, for readers that fill rows by name once and by index per record. */
    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column + " in table " + name);
    }

    /** A fresh value array for one row of this table. */
    public Object[] newRow() {
        return new Object[columns.size()];
    }
}
