package dev.cloudsift.core;

/** Column types of source tables, with the Java type a {@link TableRow} value must have. */
public enum ColumnType {
    /** {@link String} or {@link Utf8Slice}. */
    VARCHAR("VARCHAR"),
    /** {@link Integer}. */
    INTEGER("INTEGER"),
    /** {@link Long}. */
    BIGINT("BIGINT"),
    /** {@link Double}. */
    DOUBLE("DOUBLE"),
    /** {@link Boolean}. */
    BOOLEAN("BOOLEAN"),
    /** {@link java.time.Instant}, stored as a UTC TIMESTAMP. */
    TIMESTAMP("TIMESTAMP"),
    /** {@link String} or {@link Utf8Slice} holding one JSON value, stored as DuckDB JSON so SQL can reach inside. */
    JSON("JSON"),
    /** {@link java.util.List} of {@link String}, stored as a DuckDB {@code VARCHAR[]} (empty, never null, when written). */
    VARCHAR_LIST("VARCHAR[]");

    private final String sql;

    ColumnType(String sql) {
        this.sql = sql;
    }

    /** The DuckDB type name. */
    public String sql() {
        return sql;
    }
}
