package dev.cloudsift.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source table declared by a format. The store adds a leading {@code row_id BIGINT} column that joins
 * each row to its {@code events} row; formats never write it.
 *
 * @param eventsProjection how this table's rows become {@code events} rows: an SQL expression over this table's
 *                         columns for each of {@link EventsProjection#COLUMNS}, in that order (see
 *                         {@link EventsProjection}); null when this table feeds no events rows
 * @param eventsFilter     an SQL predicate over this table's columns that only the rows feeding {@code events}
 *                         satisfy; null when every row does. A row that fails it belongs to a record whose
 *                         events row comes from another table (a CloudWatch message holding a CloudTrail record).
 */
public record TableSchema(String name, String description, List<Column> columns,
        @Nullable Map<String, String> eventsProjection, @Nullable String eventsFilter) {
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
        if (eventsProjection != null) {
            eventsProjection = EventsProjection.checked(eventsProjection, name);
        } else if (eventsFilter != null) {
            throw new IllegalArgumentException("an events filter without a projection in " + name);
        }
    }

    /** A table that feeds no events rows. */
    public TableSchema(String name, String description, List<Column> columns) {
        this(name, description, columns, null, null);
    }

    /** A table every row of which feeds one events row through {@code eventsProjection}. */
    public TableSchema(String name, String description, List<Column> columns, Map<String, String> eventsProjection) {
        this(name, description, columns, Objects.requireNonNull(eventsProjection, "eventsProjection"), null);
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

    /**
     * The record's usual text, written out: the generated one is bootstrapped through method handles that spin
     * classes at run time, on every command that opens a case (the views signature hashes this text).
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(256 + 128 * columns.size());
        text.append("TableSchema[name=").append(name).append(", description=").append(description).append(", columns=[");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            columns.get(i).appendTo(text);
        }
        return text.append("], eventsProjection=").append(eventsProjection).append(", eventsFilter=").append(eventsFilter)
                .append(']').toString();
    }
}
