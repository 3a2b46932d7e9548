package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends records to a case through DuckDB appenders, one per table. Used from a single thread; row ids
 * are handed out here so a record's rows in every table share one.
 */
final class RowWriter implements AutoCloseable {
    private final DuckDBConnection connection;
    private final Map<String, TableSchema> tables;
    private final Map<String, DuckDBAppender> appenders = new HashMap<>();
    private long nextRowId;

    RowWriter(DuckDBConnection connection, Map<String, TableSchema> tables, long firstRowId) {
        this.connection = connection;
        this.tables = tables;
        this.nextRowId = firstRowId;
    }

    long nextRowId() {
        return nextRowId;
    }

    /** Writes one record; returns its row id. */
    long write(LogRecord record, int fileId, String originFile) throws SQLException {
        long rowId = nextRowId++;
        Event event = record.event();
        if (event != null) {
            writeEvent(rowId, event, fileId, originFile, record.position().offset());
        }
        for (TableRow row : record.rows()) {
            writeRow(rowId, row);
        }
        if (record.dedupeKey() != null) {
            DuckDBAppender keys = appender("record_keys");
            keys.beginRow();
            keys.append(rowId);
            keys.append(fileId);
            keys.append(record.dedupeKey());
            keys.endRow();
        }
        return rowId;
    }

    void quarantine(ParseProblem problem, int fileId, String originFile) throws SQLException {
        DuckDBAppender appender = appender("quarantine");
        appender.beginRow();
        appender.append(fileId);
        appender.append(originFile);
        appendLong(appender, problem.position().offset() < 0 ? null : problem.position().offset());
        appendLong(appender, problem.position().line() < 0 ? null : problem.position().line());
        appender.append(problem.reason());
        appender.append(problem.raw());
        appender.endRow();
    }

    private void writeEvent(long rowId, Event event, int fileId, String originFile, long offset) throws SQLException {
        DuckDBAppender appender = appender("events");
        appender.beginRow();
        appender.append(rowId);
        appendInstant(appender, event.eventTime());
        appender.append(event.source());
        appender.append(event.accountId());
        appender.append(event.region());
        appender.append(event.action());
        appender.append(event.outcome().columnValue());
        appender.append(event.errorCode());
        appender.append(event.principal());
        appender.append(event.accessKeyId());
        appender.append(event.srcIp());
        appender.append(event.dstIp());
        appender.append(event.srcPort());
        appender.append(event.dstPort());
        appender.append(event.userAgent());
        appender.append(event.resource());
        appender.append(event.bytes());
        appender.append(event.eventId());
        appender.append(event.message());
        appender.append(originFile);
        appendLong(appender, offset < 0 ? null : offset);
        appender.append(fileId);
        appender.endRow();
    }

    private void writeRow(long rowId, TableRow row) throws SQLException {
        TableSchema schema = tables.get(row.table());
        if (schema == null) {
            throw new IllegalStateException("a format wrote to undeclared table " + row.table());
        }
        List<Column> columns = schema.columns();
        Object[] values = row.values();
        if (values.length != columns.size()) {
            throw new IllegalStateException("row for " + row.table() + " has " + values.length + " values, the table "
                    + columns.size() + " columns");
        }
        DuckDBAppender appender = appender(row.table());
        appender.beginRow();
        appender.append(rowId);
        for (int i = 0; i < values.length; i++) {
            appendValue(appender, columns.get(i), values[i]);
        }
        appender.endRow();
    }

    private static void appendValue(DuckDBAppender appender, Column column, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        switch (column.type()) {
            case VARCHAR, JSON -> appender.append((String) value);
            case INTEGER -> appender.append(((Integer) value).intValue());
            case BIGINT -> appender.append(((Long) value).longValue());
            case DOUBLE -> appender.append(((Double) value).doubleValue());
            case BOOLEAN -> appender.append(((Boolean) value).booleanValue());
            case TIMESTAMP -> appendInstant(appender, (Instant) value);
            default -> throw new IllegalStateException("unhandled column type " + column.type());
        }
    }

    private static void appendInstant(DuckDBAppender appender, Instant instant) throws SQLException {
        if (instant == null) {
            appender.appendNull();
        } else {
            appender.appendEpochMicros(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000));
        }
    }

    private static void appendLong(DuckDBAppender appender, Long value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value.longValue());
        }
    }

    private DuckDBAppender appender(String table) throws SQLException {
        DuckDBAppender appender = appenders.get(table);
        if (appender == null) {
            appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
            appenders.put(table, appender);
        }
        return appender;
    }

    void flush() throws SQLException {
        for (DuckDBAppender appender : appenders.values()) {
            appender.flush();
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (DuckDBAppender appender : appenders.values()) {
            try {
                appender.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        appenders.clear();
        if (first != null) {
            throw first;
        }
    }
}
