package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseSchema;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBConnection;

/**
 * Gathers records into one {@link TableBatch} per table and, when a table has enough rows, inserts them on a
 * second thread while this one goes on gathering: DuckDB stores one table's rows while Java converts the next
 * ones. At most one insert is in flight, so memory stays bounded. Used from a single thread; row ids are handed
 * out here so a record's rows in every table share one.
 */
final class RowWriter implements AutoCloseable {
    /** A table's rows are inserted once it holds this many... */
    static final int INSERT_ROWS = 4 * TableBatch.CHUNK_ROWS;
    /** ...or this many bytes of text, whichever comes first (bounds memory with huge records). */
    static final long INSERT_BYTES = 48L << 20;

    private static final List<TableBatch.BatchColumn> EVENT_COLUMNS = withRowId(CaseSchema.EVENTS);
    private static final List<TableBatch.BatchColumn> KEY_COLUMNS = List.of(
            new TableBatch.BatchColumn("row_id", TableBatch.Kind.BIGINT),
            new TableBatch.BatchColumn("file_id", TableBatch.Kind.INTEGER),
            new TableBatch.BatchColumn("dedupe_key", TableBatch.Kind.VARCHAR));
    private static final List<TableBatch.BatchColumn> QUARANTINE_COLUMNS = List.of(
            new TableBatch.BatchColumn("file_id", TableBatch.Kind.INTEGER),
            new TableBatch.BatchColumn("path", TableBatch.Kind.VARCHAR),
            new TableBatch.BatchColumn("offset", TableBatch.Kind.BIGINT),
            new TableBatch.BatchColumn("line", TableBatch.Kind.BIGINT),
            new TableBatch.BatchColumn("reason", TableBatch.Kind.VARCHAR),
            new TableBatch.BatchColumn("raw", TableBatch.Kind.BLOB));

    private final DuckDBConnection connection;
    private final Map<String, TableSchema> tables;
    private final Map<String, TableBatch> batches = new HashMap<>();
    private final ExecutorService inserter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cloudsift-insert");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> inFlight;
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
            writeEvent(rowId, event, fileId, originFile, record.position(), record.anomalies());
        }
        for (TableRow row : record.rows()) {
            writeRow(rowId, row);
        }
        if (record.dedupeKey() != null) {
            TableBatch keys = batch("record_keys", KEY_COLUMNS);
            keys.setLong(0, rowId);
            keys.setInt(1, fileId);
            keys.setString(2, record.dedupeKey());
            finishRow(keys);
        }
        return rowId;
    }

    void quarantine(ParseProblem problem, int fileId, String originFile) throws SQLException {
        TableBatch batch = batch("quarantine", QUARANTINE_COLUMNS);
        batch.setInt(0, fileId);
        batch.setString(1, originFile);
        if (problem.position().offset() >= 0) {
            batch.setLong(2, problem.position().offset());
        }
        if (problem.position().line() >= 0) {
            batch.setLong(3, problem.position().line());
        }
        batch.setString(4, problem.reason());
        batch.setBytes(5, problem.raw());
        finishRow(batch);
    }

    private void writeEvent(long rowId, Event event, int fileId, String originFile, Position position,
            List<String> anomalies) throws SQLException {
        long offset = position.offset();
        TableBatch batch = batch("events", EVENT_COLUMNS);
        batch.setLong(0, rowId);
        batch.setInstant(1, event.eventTime());
        batch.setString(2, event.source());
        batch.setString(3, event.accountId());
        batch.setString(4, event.region());
        batch.setString(5, event.action());
        batch.setString(6, event.outcome().columnValue());
        batch.setString(7, event.errorCode());
        batch.setString(8, event.principal());
        batch.setString(9, event.accessKeyId());
        batch.setString(10, event.srcIp());
        batch.setString(11, event.dstIp());
        if (event.srcPort() != null) {
            batch.setInt(12, event.srcPort());
        }
        if (event.dstPort() != null) {
            batch.setInt(13, event.dstPort());
        }
        batch.setString(14, event.userAgent());
        batch.setString(15, event.resource());
        if (event.bytes() != null) {
            batch.setLong(16, event.bytes());
        }
        batch.setString(17, event.eventId());
        batch.setString(18, event.message());
        batch.setString(19, originFile);
        if (offset >= 0) {
            batch.setLong(20, offset);
        }
        batch.setInt(21, fileId);
        if (position.length() >= 0) {
            batch.setLong(22, position.length());
        }
        batch.setString(23, position.envelope());
        batch.setStrings(24, anomalies);
        finishRow(batch);
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
        TableBatch batch = batch(row.table(), null);
        batch.setLong(0, rowId);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value != null) {
                setValue(batch, i + 1, columns.get(i), value);
            }
        }
        finishRow(batch);
    }

    private static void setValue(TableBatch batch, int index, Column column, Object value) {
        switch (column.type()) {
            case VARCHAR, JSON -> batch.setString(index, (String) value);
            case INTEGER -> batch.setInt(index, (Integer) value);
            case BIGINT -> batch.setLong(index, (Long) value);
            case DOUBLE -> batch.setDouble(index, (Double) value);
            case BOOLEAN -> batch.setBoolean(index, (Boolean) value);
            case TIMESTAMP -> batch.setInstant(index, (Instant) value);
            case VARCHAR_LIST -> batch.setStrings(index, castStrings(value));
            default -> throw new IllegalStateException("unhandled column type " + column.type());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castStrings(Object value) {
        return (List<String>) value;
    }

    private void finishRow(TableBatch batch) throws SQLException {
        batch.endRow();
        if (batch.pendingRows() >= INSERT_ROWS || batch.pendingBytes() >= INSERT_BYTES) {
            send(batch.take());
        }
    }

    /** Waits for the insert in flight, then starts this one on the insert thread. */
    private void send(TableBatch.Insert insert) throws SQLException {
        try {
            awaitInFlight();
        } catch (SQLException | RuntimeException e) {
            insert.discard();
            throw e;
        }
        inFlight = inserter.submit(() -> {
            insert.run(connection);
            return null;
        });
    }

    private void awaitInFlight() throws SQLException {
        Future<?> pending = inFlight;
        if (pending == null) {
            return;
        }
        inFlight = null;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The insert may still be running on the connection: let it end before anyone else uses it.
            waitQuietly(pending);
            throw new SQLException("interrupted while rows were being inserted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException(cause);
        }
    }

    private static void waitQuietly(Future<?> pending) {
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private TableBatch batch(String table, List<TableBatch.BatchColumn> columns) {
        TableBatch batch = batches.get(table);
        if (batch == null) {
            batch = new TableBatch(table, columns != null ? columns : withRowId(tables.get(table)), TableBatch.allocator());
            batches.put(table, batch);
        }
        return batch;
    }

    private static List<TableBatch.BatchColumn> withRowId(TableSchema schema) {
        List<TableBatch.BatchColumn> columns = new ArrayList<>();
        columns.add(new TableBatch.BatchColumn("row_id", TableBatch.Kind.BIGINT));
        for (Column column : schema.columns()) {
            columns.add(new TableBatch.BatchColumn(column.name(), TableBatch.Kind.of(column.type())));
        }
        return columns;
    }

    /** Inserts every row still gathered and waits until all are in the case. */
    void flush() throws SQLException {
        for (TableBatch batch : batches.values()) {
            if (batch.pendingRows() > 0) {
                send(batch.take());
            }
        }
        awaitInFlight();
    }

    /**
     * Lets an insert in flight end, then frees the batches' memory; rows not flushed are dropped (the ingest
     * is being abandoned).
     */
    @Override
    public void close() {
        Future<?> pending = inFlight;
        inFlight = null;
        if (pending != null) {
            waitQuietly(pending);
        }
        inserter.shutdown();
        batches.values().forEach(TableBatch::close);
        batches.clear();
    }
}
