package dev.cloudsift.store;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * How a case keeps a source table as Parquet parts: the folders, and the columns a part holds. A part holds
 * {@code row_id}, the table's declared columns, then the store's own {@link #STORE_COLUMNS}; a table whose
 * format declares no events projection also keeps the record's {@code Event} in {@code ev_} columns, from which
 * the {@code events} view projects it.
 */
public final class PartLayout {
    /** Committed parts: {@code tables/<table>/date=YYYY-MM-DD/part-<ingest>-<n>-<i>.parquet}. */
    public static final String TABLES = "tables";
    /** Parts being written, {@code staging/<ingest>/...}; never read, removed at the next open for writing. */
    public static final String STAGING = "staging";
    /** Dedupe keys of stored records, a part per batch an ingest wrote: {@code keys/part-<ingest>-k<n>.parquet}. */
    public static final String KEYS = "keys";
    /** Partition value of rows without a time, as Hive-style readers (Spark, Athena, Trino) spell a null. */
    public static final String NO_DATE = "__HIVE_DEFAULT_PARTITION__";
    /** Prefix of the Event columns kept beside a table's rows while its format declares no projection. */
    public static final String EVENT_PREFIX = "ev_";

    /**
     * Columns the store adds after the declared ones: the ledger file, the record's byte offset in it, whether
     * the row is its record's first (the one the {@code events} view projects; a record read from a CloudWatch
     * message has its embedded record's row first and the message's row after it), the rest of the record's
     * pointer into its evidence (length, envelope), and the record's anomalies (on its first row).
     */
    public static final List<Column> STORE_COLUMNS = List.of(
            Column.of("file_id", ColumnType.INTEGER, "ingest_files.file_id"),
            Column.of("origin_offset", ColumnType.BIGINT, "byte offset of the record in the file's decompressed content"),
            Column.of("events_row", ColumnType.BOOLEAN, "whether this row is its record's events row (its first row)"),
            Column.of("origin_length", ColumnType.BIGINT, "bytes of the record from origin_offset (null: unknown)"),
            Column.of("origin_envelope", ColumnType.VARCHAR,
                    "how the record is decoded from the outer record at origin_offset (e.g. /message); null: it is those bytes"),
            Column.of("anomalies", ColumnType.VARCHAR_LIST,
                    "what is odd about the record though it was stored: no_time, time_out_of_range, duplicate_key:<path>"));

    /** The events columns an Event fills, in order (all of {@code events} but the store's own). */
    public static final List<Column> EVENT_COLUMNS = CaseSchema.EVENTS.columns().subList(0, 18);

    private PartLayout() {}

    /** Whether parts of this table keep the record's Event in {@code ev_} columns (its format has no projection). */
    public static boolean keepsEvent(TableSchema table) {
        return table.eventsProjection() == null;
    }

    /**
     * Every column of the table's parts after {@code row_id}, in order: the declared ones but those {@link
     * Column#derived} in the views, then the store's.
     */
    public static List<Column> columns(TableSchema table) {
        List<Column> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            if (column.stored()) {
                columns.add(column);
            }
        }
        columns.addAll(STORE_COLUMNS);
        if (keepsEvent(table)) {
            for (Column column : EVENT_COLUMNS) {
                columns.add(Column.of(EVENT_PREFIX + column.name(), column.type(), column.description()));
            }
        }
        return columns;
    }

    /**
     * For each of the table's declared columns, its index among {@link #columns} (so 1 + it is its index in a part,
     * after {@code row_id}), or -1 for a column derived in the views.
     */
    public static int[] partIndexes(TableSchema table) {
        int[] indexes = new int[table.columns().size()];
        int next = 0;
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = table.columns().get(i).stored() ? next++ : -1;
        }
        return indexes;
    }

    /**
     * Indexes among the table's declared columns of the TIMESTAMP columns whose first non-null value is a row's time,
     * read from the projection's {@code event_time}: a column or a {@code COALESCE} of columns, so the writer dates
     * and sorts rows in Java exactly as {@link #timeExpression} does in SQL. Empty when the projection gives no
     * time; fails for any other expression.
     */
    public static int[] timeColumns(TableSchema table) {
        String expression = table.eventsProjection().get("event_time").strip();
        if (expression.startsWith("CAST(NULL")) {
            return new int[0];
        }
        java.util.regex.Matcher coalesce = java.util.regex.Pattern.compile("(?i)COALESCE\\((.*)\\)").matcher(expression);
        String[] names = coalesce.matches() ? coalesce.group(1).split(",") : new String[] {expression};
        int[] columns = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = names[i].strip();
            int index = name.matches("[a-z_][a-z0-9_]*") ? indexOf(table, name) : -1;
            if (index < 0 || table.columns().get(index).type() != ColumnType.TIMESTAMP) {
                throw new IllegalStateException("event_time of " + table.name() + " must be a TIMESTAMP column or a"
                        + " COALESCE of them, not " + expression);
            }
            columns[i] = index;
        }
        return columns;
    }

    private static int indexOf(TableSchema table, String name) {
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The partition value of a UTC day (days since the epoch) as DuckDB's {@code strftime(…, '%Y-%m-%d')} and
     * Spark's {@code date_format(…, 'yyyy-MM-dd')} spell it: 2026-10-03, 0000-11-04 for the year 1 BC.
     */
    public static String dateOfDay(long epochDay) {
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(epochDay);
        return date.getYear() >= 0 && date.getYear() <= 9999 ? date.toString()
                : String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    /**
     * SQL over the part's columns for the time its rows are sorted and partitioned by: the Event's time kept beside
     * the row, or the projection's {@code event_time}; {@code NULL} when the table has neither.
     */
    public static String timeExpression(TableSchema table) {
        if (keepsEvent(table)) {
            return EVENT_PREFIX + "event_time";
        }
        String projected = table.eventsProjection().get("event_time");
        return projected == null ? "NULL" : "(" + projected + ")";
    }
}
