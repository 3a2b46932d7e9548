package dev.cloudsift.spark;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.PartLayout;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table's part rows as Spark rows: {@code row_id}, the declared columns, the store's columns and, for a table
 * whose format declares no events projection, the record's Event in {@code ev_} columns, exactly as the local
 * writer lays them out ({@link PartLayout#columns(TableSchema)}).
 */
final class PartRows {
    static final StructType KEYS = new StructType(new StructField[] {
            DataTypes.createStructField("row_id", DataTypes.LongType, false),
            DataTypes.createStructField("file_id", DataTypes.IntegerType, false),
            DataTypes.createStructField("dedupe_key", DataTypes.StringType, false)});

    static final StructType QUARANTINE = new StructType(new StructField[] {
            DataTypes.createStructField("file_id", DataTypes.IntegerType, false),
            DataTypes.createStructField("path", DataTypes.StringType, true),
            DataTypes.createStructField("offset", DataTypes.LongType, true),
            DataTypes.createStructField("line", DataTypes.LongType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true),
            DataTypes.createStructField("raw", DataTypes.BinaryType, true)});

    private PartRows() {}

    /** The Spark schema of a table's parts (without the {@code date} partition column). */
    static StructType schema(TableSchema table) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("row_id", DataTypes.LongType, false));
        for (Column column : PartLayout.columns(table)) {
            fields.add(DataTypes.createStructField(column.name(), type(column.type()), true));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    static DataType type(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> DataTypes.StringType;
            case INTEGER -> DataTypes.IntegerType;
            case BIGINT -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case VARCHAR_LIST -> DataTypes.createArrayType(DataTypes.StringType, true);
        };
    }

    /** The rows of one record, one per table row, with the record's row id. */
    static List<Row> of(LogRecord record, long rowId, int fileId, Map<String, TableSchema> tables) {
        List<TableRow> rows = record.rows();
        Event event = record.event();
        if (event != null && rows.isEmpty()) {
            throw new IllegalStateException("a record of " + event.source() + " has an event but no table row");
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TableRow row = rows.get(i);
            TableSchema schema = tables.get(row.table());
            if (schema == null) {
                throw new IllegalStateException("a format wrote to undeclared table " + row.table());
            }
            out.add(row(schema, row, rowId, fileId, record.position(), i == 0 ? record.anomalies() : null, event, i == 0));
        }
        return out;
    }

    private static Row row(TableSchema schema, TableRow row, long rowId, int fileId, Position position, List<String> anomalies,
                           Event event, boolean first) {
        List<Column> columns = schema.columns();
        Object[] values = row.values();
        if (values.length != columns.size()) {
            throw new IllegalStateException("row for " + row.table() + " has " + values.length + " values, the table "
                    + columns.size() + " columns");
        }
        boolean keepsEvent = PartLayout.keepsEvent(schema);
        int[] partIndexes = PartLayout.partIndexes(schema);
        int stored = 0;
        for (int index : partIndexes) {
            stored += index >= 0 ? 1 : 0;
        }
        Object[] out = new Object[1 + stored + PartLayout.STORE_COLUMNS.size()
                + (keepsEvent ? PartLayout.EVENT_COLUMNS.size() : 0)];
        out[0] = rowId;
        for (int i = 0; i < values.length; i++) {
            if (partIndexes[i] >= 0) {
                out[partIndexes[i] + 1] = value(columns.get(i).type(), values[i]);
            }
        }
        int next = stored + 1;
        out[next] = fileId;
        out[next + 1] = position.offset() >= 0 ? position.offset() : null;
        out[next + 2] = first;
        out[next + 3] = position.length() >= 0 ? position.length() : null;
        out[next + 4] = position.envelope();
        out[next + 5] = anomalies == null ? null : anomalies.toArray(String[]::new);
        if (event != null && keepsEvent) {
            int at = next + PartLayout.STORE_COLUMNS.size();
            out[at] = timestamp(event.eventTime());
            if (first) {
                out[at + 1] = event.source();
                out[at + 2] = event.accountId();
                out[at + 3] = event.region();
                out[at + 4] = event.action();
                out[at + 5] = event.outcome().columnValue();
                out[at + 6] = event.errorCode();
                out[at + 7] = event.principal();
                out[at + 8] = event.accessKeyId();
                out[at + 9] = event.srcIp();
                out[at + 10] = event.dstIp();
                out[at + 11] = event.srcPort();
                out[at + 12] = event.dstPort();
                out[at + 13] = event.userAgent();
                out[at + 14] = event.resource();
                out[at + 15] = event.bytes();
                out[at + 16] = event.eventId();
                out[at + 17] = event.message();
            }
        }
        return RowFactory.create(out);
    }

    private static Object value(ColumnType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP -> timestamp((Instant) value);
            case VARCHAR, JSON -> value.toString();
            // Spark's row encoder takes a Java array (or a Scala Seq) for an array column, not a java.util.List
            case VARCHAR_LIST -> ((List<?>) value).stream().map(v -> v == null ? null : v.toString()).toArray(String[]::new);
            default -> value;
        };
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
