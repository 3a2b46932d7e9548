package dev.cloudsift.core;

import java.util.Objects;
import java.util.regex.Pattern;

/** A typed column of a source table, with a one-line description for the documented schema. */
public record Column(String name, ColumnType type, String description) {
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
        return new Column(name, type, description);
    }
}
