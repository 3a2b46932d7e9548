package dev.cloudsift.investigate;

import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a case holds: source tables exist only when that source was ingested, so every query checks first. */
public final class CaseTables {
    private CaseTables() {}

    /** Whether the case has the table or view (asked of the case schema, which owns the answer). */
    public static boolean exists(Connection connection, String table) throws SQLException {
        return CaseSchema.exists(connection, table);
    }

    /** The columns of a table, empty when it does not exist. */
    public static Set<String> columns(Connection connection, String table) throws SQLException {
        return CaseSchema.columns(connection, table);
    }

    /**
     * The dates whose parts of a source table hold rows matching a condition on its narrow columns, as a predicate
     * on {@code part_date} for {@code stored_<table>}, or null when no row matches. A query that also reads wide
     * columns (request parameters) adds it beside the condition, so DuckDB opens only those dates' parts: a filter
     * alone does not keep it from decompressing the wide columns of every part (on 5M CloudTrail records, 1.3 CPU s
     * for the few StopLogging calls; finding their dates first costs 0.15).
     */
    public static String datesMatching(Connection connection, String table, String condition) throws SQLException {
        List<String> dates = new ArrayList<>();
        boolean undated = false;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT " + CaseParts.PART_DATE + " FROM "
                     + CaseParts.stored(table) + " WHERE " + condition)) {
            while (rows.next()) {
                String date = rows.getString(1);
                if (date == null) {
                    undated = true;
                } else {
                    dates.add("'" + date.replace("'", "''") + "'");
                }
            }
        }
        if (dates.isEmpty() && !undated) {
            return null;
        }
        String named = dates.isEmpty() ? "false" : CaseParts.PART_DATE + " IN (" + String.join(", ", dates) + ")";
        return undated ? "(" + named + " OR " + CaseParts.PART_DATE + " IS NULL)" : named;
    }

    /** A TIMESTAMP column (stored as UTC wall time) as an instant. */
    public static Instant instant(ResultSet result, String column) throws SQLException {
        return toInstant(value(result, result.findColumn(column)));
    }

    public static Instant instant(ResultSet result, int column) throws SQLException {
        return toInstant(value(result, column));
    }

    /**
     * {@link ResultSet#getObject(int)}, but a TIMESTAMP as the {@link LocalDateTime} DuckDB stored: a
     * {@link Timestamp} goes through the Julian-Gregorian calendar, which has no year 0 and shifts days before 1582,
     * so a time of year 0000 (kept as written, flagged time_out_of_range) would read as 0001.
     */
    public static Object value(ResultSet result, int column) throws SQLException {
        Object value = result.getObject(column);
        return value instanceof Timestamp ? result.getObject(column, LocalDateTime.class) : value;
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.time.OffsetDateTime dateTime) {
            return dateTime.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass().getName());
    }

    /** An instant as the UTC wall time DuckDB stores in TIMESTAMP columns. */
    public static LocalDateTime sqlTime(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
