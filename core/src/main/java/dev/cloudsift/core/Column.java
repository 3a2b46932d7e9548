package dev.cloudsift.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed column of a source table, with a one-line description for the documented schema.
 *
 * @param derivedSql null for a column stored in the table's parts; otherwise SQL over the stored columns that the
 *                   table's views compute it by, so it costs no space (the format may still fill it in its rows, as
 *                   the Event it builds shows the same value; the store does not write it)
 */
public record Column(String name, ColumnType type, String description, @Nullable String derivedSql) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("column names are lower snake case: " + name);
        }
    }

    public static Column of(String name, ColumnType type, String description) {
        return new Column(name, type, description, null);
    }

    /** A column the views compute by {@code sql} over the stored columns; parts do not hold it. */
    public static Column derived(String name, ColumnType type, String description, String sql) {
        return new Column(name, type, description, Objects.requireNonNull(sql, "sql"));
    }

    /** Whether parts hold the column (it is not {@link #derived}). */
    public boolean stored() {
        return derivedSql == null;
    }

    /** The record's usual text, written out: the generated one spins classes at run time (see TableSchema). */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(128)).toString();
    }

    StringBuilder appendTo(StringBuilder text) {
        return text.append("Column[name=").append(name).append(", type=").append(type).append(", description=")
                .append(description).append(", derivedSql=").append(derivedSql).append(']');
    }
}
