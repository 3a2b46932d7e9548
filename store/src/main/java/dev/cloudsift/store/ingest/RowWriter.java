package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseSchema;
import dev.cloudsift.store.PartLayout;
import java.nio.file.Path;
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
 * Gathers records into one {@link TableBatch} per table and, when a table has enough rows, has DuckDB write them
 * as Parquet parts under the ingest's staging folder on a second thread while this one goes on gathering: rows
 * sorted by time, one part per date ({@code <staging>/tables/<table>/date=YYYY-MM-DD/part-<ingest>-<n>-0.parquet}),
 * dedupe keys to {@code <staging>/keys/}. At most one write is in flight, so memory stays bounded. Used from a
 * single thread; row ids are handed out here so a record's rows in every table share one.
 */
final class RowWriter implements AutoCloseable {
    /** A table's rows are written once it holds this many... */
    static final int INSERT_ROWS = 8 * TableBatch.CHUNK_ROWS;
    /** ...or this many bytes of text, whichever comes first (bounds memory with huge records). */
    static final long INSERT_BYTES = 64L << 20;

    private static final String KEYS = "_keys";
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
    private final Path staging;
    private final int ingestId;
    private final Map<String, TableBatch> batches = new HashMap<>();
    private final Map<String, Integer> declared = new HashMap<>();
    private final ExecutorService inserter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cloudsift-insert");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> inFlight;
    private long nextRowId;
    private int writes;

    /**
     * @param staging  the ingest's staging folder; parts are written below it
     * @param ingestId names the parts
     */
    RowWriter(DuckDBConnection connection, Map<String, TableSchema> tables, long firstRowId, Path staging, int ingestId) {
        this.connection = connection;
        this.tables = tables;
        this.nextRowId = firstRowId;
        this.staging = staging;
        this.ingestId = ingestId;
    }

    long nextRowId() {
        return nextRowId;
    }

    /** Writes one record; returns its row id. */
    long write(LogRecord record, int fileId, String originFile) throws SQLException {
        long rowId = nextRowId++;
        Event event = record.event();
        List<TableRow> rows = record.rows();
        if (event != null && rows.isEmpty()) {
            throw new IllegalStateException("a record of " + event.source() + " has an event but no table row");
        }
        for (int i = 0; i < rows.size(); i++) {
            writeRow(rowId, rows.get(i), fileId, record.position(), i == 0 ? record.anomalies() : null, event, i == 0);
        }
        if (record.dedupeKey() != null) {
            TableBatch keys = batch(KEYS, KEY_COLUMNS);
            keys.setLong(0, rowId);
            keys.setInt(1, fileId);
            keys.setString(2, record.dedupeKey());
            finishRow(KEYS, keys);
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
        finishRow("quarantine", batch);
    }

    /**
     * One row of a source table, then the store's columns and, while the table's format declares no events
     * projection, the record's Event in {@code ev_} columns: its time on every row of the record (so each row
     * lands in the record's date), the rest on the record's first row only, which is its {@code events} row.
     * The record's pointer (offset, length, envelope) is on every row; its anomalies on the first row only.
     */
    private void writeRow(long rowId, TableRow row, int fileId, Position position, List<String> anomalies, Event event,
            boolean first) throws SQLException {
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
        int next = values.length + 1;
        batch.setInt(next, fileId);
        if (position.offset() >= 0) {
            batch.setLong(next + 1, position.offset());
        }
        batch.setBoolean(next + 2, first);
        if (position.length() >= 0) {
            batch.setLong(next + 3, position.length());
        }
        batch.setString(next + 4, position.envelope());
        if (anomalies != null) {
            batch.setStrings(next + 5, anomalies);
        }
        if (event != null && PartLayout.keepsEvent(schema)) {
            writeEvent(batch, next + PartLayout.STORE_COLUMNS.size(), event, first);
        }
        finishRow(row.table(), batch);
    }

    private static void writeEvent(TableBatch batch, int at, Event event, boolean first) {
        batch.setInstant(at, event.eventTime());
        if (!first) {
            return;
        }
        batch.setString(at + 1, event.source());
        batch.setString(at + 2, event.accountId());
        batch.setString(at + 3, event.region());
        batch.setString(at + 4, event.action());
        batch.setString(at + 5, event.outcome().columnValue());
        batch.setString(at + 6, event.errorCode());
        batch.setString(at + 7, event.principal());
        batch.setString(at + 8, event.accessKeyId());
        batch.setString(at + 9, event.srcIp());
        batch.setString(at + 10, event.dstIp());
        if (event.srcPort() != null) {
            batch.setInt(at + 11, event.srcPort());
        }
        if (event.dstPort() != null) {
            batch.setInt(at + 12, event.dstPort());
        }
        batch.setString(at + 13, event.userAgent());
        batch.setString(at + 14, event.resource());
        if (event.bytes() != null) {
            batch.setLong(at + 15, event.bytes());
        }
        batch.setString(at + 16, event.eventId());
        batch.setString(at + 17, event.message());
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

    private void finishRow(String table, TableBatch batch) throws SQLException {
        batch.endRow();
        if (batch.pendingRows() >= INSERT_ROWS || batch.pendingBytes() >= INSERT_BYTES) {
            send(take(table, batch));
        }
    }

    /** The rows gathered for a table, as the statement that stores them. */
    private TableBatch.Insert take(String table, TableBatch batch) {
        int n = ++writes;
        if (table.equals("quarantine")) {
            return batch.take();
        }
        if (table.equals(KEYS)) {
            Path file = createFolder(staging.resolve(Deduplicator.FLUSHED_KEYS)).resolve("k-" + ingestId + "-" + n + ".parquet");
            // Read once by the dedupe and deleted: compressing keys (mostly random ids) would cost CPU for nothing.
            return batch.take("COPY (SELECT * FROM " + TableBatch.VIEW + ") TO " + literal(file)
                    + " (FORMAT parquet, COMPRESSION uncompressed)");
        }
        TableSchema schema = tables.get(table);
        String time = PartLayout.timeExpression(schema);
        StringBuilder select = new StringBuilder("SELECT row_id");
        for (Column column : PartLayout.columns(schema)) {
            select.append(", ").append(CaseSchema.quote(column.name()));
        }
        select.append(", coalesce(strftime(").append(time).append(", '%Y-%m-%d'), '").append(PartLayout.NO_DATE)
                .append("') AS date FROM ").append(TableBatch.VIEW).append(" ORDER BY ").append(time).append(", row_id");
        Path folder = createFolder(staging.resolve(PartLayout.TABLES).resolve(table));
        // zstd level 1 rather than DuckDB's default 3: on a million CloudTrail rows it cut the COPY's CPU by a fifth
        // for parts 0.04% larger (the columns' own encodings do most of the work).
        return batch.take("COPY (" + select + ") TO " + literal(folder) + " (FORMAT parquet, COMPRESSION zstd, "
                + "COMPRESSION_LEVEL 1, PARTITION_BY (date), FILENAME_PATTERN 'part-" + ingestId + "-" + n + "-{i}', "
                + "OVERWRITE_OR_IGNORE true)");
    }

    /** DuckDB's writer creates the date folders but not the ones above them. */
    private static Path createFolder(Path folder) {
        try {
            return java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
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
            batch = new TableBatch(table, columns != null ? columns : partColumns(tables.get(table)), TableBatch.allocator());
            batches.put(table, batch);
        }
        return batch;
    }

    /** Arrow columns of a table's parts: instants marked UTC so the parts carry UTC-adjusted timestamps. */
    private static List<TableBatch.BatchColumn> partColumns(TableSchema schema) {
        List<TableBatch.BatchColumn> columns = new ArrayList<>();
        columns.add(new TableBatch.BatchColumn("row_id", TableBatch.Kind.BIGINT));
        for (Column column : PartLayout.columns(schema)) {
            TableBatch.Kind kind = column.type() == ColumnType.TIMESTAMP ? TableBatch.Kind.TIMESTAMP_UTC : TableBatch.Kind.of(column.type());
            columns.add(new TableBatch.BatchColumn(column.name(), kind));
        }
        return columns;
    }

    /** Inserts every row still gathered and waits until all are in the case. */
    void flush() throws SQLException {
        for (Map.Entry<String, TableBatch> entry : batches.entrySet()) {
            if (entry.getValue().pendingRows() > 0) {
                send(take(entry.getKey(), entry.getValue()));
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
