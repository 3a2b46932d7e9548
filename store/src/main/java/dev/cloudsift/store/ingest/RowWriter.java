package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.store.CaseSchema;
import dev.cloudsift.store.PartLayout;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * Gathers records into one {@link TableBatch} per table and date and, when one has enough rows, hands the statement
 * that writes it as a Parquet part under the ingest's staging folder to its {@link Sender}
 * ({@code <staging>/tables/<table>/date=YYYY-MM-DD/part-<ingest>-<n>-0.parquet}); dedupe keys go to
 * {@code <staging>/keys/}. Rows are split by date and sorted by time here, so DuckDB's {@code COPY} only encodes and
 * compresses: its {@code ORDER BY} and {@code PARTITION_BY} had cost more than the encoding itself. The rows gathered
 * over all dates are bounded, so memory stays bounded. Used from a single thread; an ingest runs one on each parsing
 * thread, all sending to one insert thread. A record's rows in every table share its row id.
 */
final class RowWriter implements AutoCloseable {
    /** A table's rows are written once it holds this many... */
    static final int INSERT_ROWS = 8 * TableBatch.CHUNK_ROWS;
    /** ...or this many bytes of text, whichever comes first (bounds memory with huge records). */
    static final long INSERT_BYTES = 64L << 20;
    /**
     * Rows and bytes gathered over all tables and dates at most: beyond, the largest batch is written early (input
     * spanning many dates at once makes smaller parts rather than more memory).
     */
    static final long PENDING_ROWS = 4L * INSERT_ROWS;
    static final long PENDING_BYTES = 2 * INSERT_BYTES;
    /** Where the writer's statements go: run in order on the connection, e.g. by an {@link InsertThread}. */
    interface Sender {
        void send(TableBatch.Insert insert) throws SQLException;
    }


    /** Distinct values a part's column may hold and still be dictionary-encoded (see {@link #takePart}). */
    static final int DICTIONARY_LIMIT = 4_096;
    /** Day of rows without a time: their part goes to {@link PartLayout#NO_DATE}. */
    private static final long NO_DAY = Long.MIN_VALUE;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

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

    private final Map<String, TableSchema> tables;
    private final Path staging;
    private final int ingestId;
    /** Keys and quarantine batches, by name. */
    private final Map<String, TableBatch> batches = new HashMap<>();
    /** Source-table rows, one batch per table and day. */
    private final Map<PartKey, TableBatch> parts = new LinkedHashMap<>();
    /** Per table, how its rows map onto its parts' columns. */
    private final Map<String, Layout> layouts = new HashMap<>();
    /** The layout of the table of the last row: a record's rows mostly go to the table the last went to. */
    private Layout lastLayout;
    /** The last row's batch, its layout's id and its day (0: none, e.g. once that batch was sent). */
    private TableBatch lastBatch;
    private int lastLayoutId;
    private long lastDay;
    private long pendingRows;
    private long pendingBytes;
    private final long pendingRowsLimit;
    private final long pendingBytesLimit;
    /** Runs the statements when this writer has no sender of its own. */
    private final InsertThread ownThread;
    private final Sender sender;
    /** Notes each key for the deduplicator, in an ingest; null for a writer of its own (tests), whose keys are all grouped. */
    private final KeyFingerprints.Recorder fingerprints;
    /** Numbers the files the writers of one ingest write. */
    private final AtomicInteger writes;
    private long nextRowId;

    /**
     * @param staging  the ingest's staging folder; parts are written below it
     * @param ingestId names the parts
     */
    RowWriter(DuckDBConnection connection, Map<String, TableSchema> tables, long firstRowId, Path staging, int ingestId) {
        this.tables = tables;
        this.nextRowId = firstRowId;
        this.staging = staging;
        this.ingestId = ingestId;
        this.ownThread = new InsertThread(connection);
        this.fingerprints = null;
        this.sender = insert -> ownThread.send(insert, () -> { });
        this.writes = new AtomicInteger();
        this.pendingRowsLimit = PENDING_ROWS;
        this.pendingBytesLimit = PENDING_BYTES;
    }

    /**
     * A writer that hands its statements to {@code sender}, one of {@code share} writers of one ingest: each keeps
     * its share of the bounds on rows and bytes gathered.
     *
     * @param writes numbers the files of the ingest's writers, so that no two write the same one
     * @param fingerprints notes each key written, for the deduplicator
     */
    RowWriter(Map<String, TableSchema> tables, Path staging, int ingestId, Sender sender, AtomicInteger writes, int share,
              KeyFingerprints.Recorder fingerprints) {
        this.tables = tables;
        this.staging = staging;
        this.ingestId = ingestId;
        this.ownThread = null;
        this.fingerprints = fingerprints;
        this.sender = sender;
        this.writes = writes;
        this.pendingRowsLimit = Math.max(INSERT_ROWS, PENDING_ROWS / share);
        this.pendingBytesLimit = Math.max(INSERT_BYTES, PENDING_BYTES / share);
    }

    long nextRowId() {
        return nextRowId;
    }

    /** Writes one record with the next of this writer's row ids; returns its row id. */
    long write(LogRecord record, int fileId, String originFile) throws SQLException {
        long rowId = nextRowId++;
        write(record, rowId, fileId);
        return rowId;
    }

    /** Writes one record with the given row id. */
    void write(LogRecord record, long rowId, int fileId) throws SQLException {
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
            if (fingerprints != null) {
                fingerprints.add(record.dedupeKey(), rowId);
            }
        }
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
        Layout layout = layout(row.table());
        Object[] values = row.values();
        if (values.length != layout.types.length) {
            throw new IllegalStateException("row for " + row.table() + " has " + values.length + " values, the table "
                    + layout.types.length + " columns");
        }
        Instant time = layout.rowTime(values, event);
        long micros = time == null ? 0 : TableBatch.micros(time);
        long day = time == null ? NO_DAY : Math.floorDiv(micros, MICROS_PER_DAY);
        TableBatch batch = lastBatch;
        // One test rather than one per field: the JIT compiles a branch not yet taken as a trap that discards the
        // compiled method the first time it is taken, and each of these is first taken at its own moment.
        if (((day ^ lastDay) | (layout.id ^ lastLayoutId)) != 0) {
            batch = switchBatch(layout, day);
        }
        long bytesBefore = batch.pendingBytes();
        batch.setLong(0, rowId);
        layout.cells.write(batch, values);
        int next = layout.stored + 1;
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
        if (event != null && layout.keepsEvent) {
            writeEvent(batch, next + PartLayout.STORE_COLUMNS.size(), event, first);
        }
        batch.endRow(micros);
        pendingRows++;
        pendingBytes += batch.pendingBytes() - bytesBefore;
        // The four bounds in one test, for the reason above: negative when any is reached. Also on a batch's first
        // row, so that the branch is taken from the start: first taken only once a part was full, it had made the
        // JIT throw this method's code away and compile it again (a quarter of a second of C2 time).
        if ((INSERT_ROWS - 1 - batch.pendingRows() | INSERT_BYTES - 1 - batch.pendingBytes()
                | pendingRowsLimit - pendingRows | pendingBytesLimit - pendingBytes | batch.pendingRows() - 2) < 0) {
            sendFull(layout, day, batch);
        }
    }

    /** The table and day of the row differ from the last row's, or its batch was sent: the row's batch. */
    private TableBatch switchBatch(Layout layout, long day) {
        TableBatch batch = partBatch(layout, day);
        lastLayoutId = layout.id;
        lastDay = day;
        lastBatch = batch;
        return batch;
    }

    /** Sends the row's batch once full, then the largest ones while this writer holds more than its share (if any). */
    private void sendFull(Layout layout, long day, TableBatch batch) throws SQLException {
        if (batch.pendingRows() >= INSERT_ROWS || batch.pendingBytes() >= INSERT_BYTES) {
            sendPart(new PartKey(layout.schema.name(), day), batch);
        }
        while (pendingRows > pendingRowsLimit || pendingBytes > pendingBytesLimit) {
            sendLargestPart();
        }
    }

    private Layout layout(String table) {
        Layout layout = lastLayout;
        // Formats name their tables with constants: the same string as the last row's, mostly.
        if (layout != null && layout.schema.name() == table) {
            return layout;
        }
        layout = layouts.get(table);
        if (layout == null) {
            TableSchema schema = tables.get(table);
            if (schema == null) {
                throw new IllegalStateException("a format wrote to undeclared table " + table);
            }
            layout = new Layout(schema, layouts.size() + 1);
            layouts.put(table, layout);
        }
        lastLayout = layout;
        return layout;
    }

    private TableBatch partBatch(Layout layout, long day) {
        PartKey key = new PartKey(layout.schema.name(), day);
        TableBatch batch = parts.get(key);
        if (batch == null) {
            batch = new TableBatch(layout.schema.name(), layout.batchColumns, TableBatch.allocator(), layout.density);
            parts.put(key, batch);
        }
        return batch;
    }

    /**
     * How one table's rows map onto its parts' columns, worked out once: where each declared column sits, their
     * types, which columns give the row's time, and the bytes per row of the text columns that each new batch of the
     * table sizes its buffers by.
     */
    private static final class Layout {
        final TableSchema schema;
        final int[] partIndexes;
        final ColumnType[] types;
        final int stored;
        final boolean keepsEvent;
        /** Indexes of the columns the row's time is the first non-null of (null: the Event's time). */
        final int[] timeColumns;
        final List<TableBatch.BatchColumn> batchColumns;
        final double[] density;
        final Cells cells;
        /** Numbers the writer's layouts from 1, so that the last row's can be compared without a branch. */
        final int id;

        Layout(TableSchema schema, int id) {
            this.schema = schema;
            this.id = id;
            this.partIndexes = PartLayout.partIndexes(schema);
            this.types = schema.columns().stream().map(Column::type).toArray(ColumnType[]::new);
            int count = 0;
            for (int index : partIndexes) {
                if (index >= 0) {
                    count++;
                }
            }
            this.stored = count;
            this.keepsEvent = PartLayout.keepsEvent(schema);
            this.timeColumns = keepsEvent ? null : PartLayout.timeColumns(schema);
            this.batchColumns = partColumns(schema);
            this.density = new double[batchColumns.size()];
            this.cells = new Cells(types, partIndexes);
        }

        /** The row's time as its part is dated and sorted by: the projection's event_time, or the Event's beside the row. */
        @Nullable Instant rowTime(Object[] values, @Nullable Event event) {
            if (timeColumns == null) {
                return event == null ? null : event.eventTime();
            }
            for (int column : timeColumns) {
                if (values[column] != null) {
                    return (Instant) values[column];
                }
            }
            return null;
        }
    }

    /**
     * Where a table's declared values go in its part's columns, grouped by type once per table: a row's values are
     * then written by one loop per type, each calling a single setter. A switch on each cell's type had made the
     * row writer one large method that the JIT compiled and, as rare branches were first taken, compiled again.
     */
    private static final class Cells {
        /** Per type, the indexes of the row's values ({@code *From}) and of their part columns ({@code *To}). */
        private final int[] textFrom, textTo, intFrom, intTo, longFrom, longTo, doubleFrom, doubleTo, booleanFrom,
                booleanTo, timeFrom, timeTo, listFrom, listTo;

        Cells(ColumnType[] types, int[] partIndexes) {
            textFrom = from(types, partIndexes, ColumnType.VARCHAR, ColumnType.JSON);
            textTo = to(textFrom, partIndexes);
            intFrom = from(types, partIndexes, ColumnType.INTEGER, null);
            intTo = to(intFrom, partIndexes);
            longFrom = from(types, partIndexes, ColumnType.BIGINT, null);
            longTo = to(longFrom, partIndexes);
            doubleFrom = from(types, partIndexes, ColumnType.DOUBLE, null);
            doubleTo = to(doubleFrom, partIndexes);
            booleanFrom = from(types, partIndexes, ColumnType.BOOLEAN, null);
            booleanTo = to(booleanFrom, partIndexes);
            timeFrom = from(types, partIndexes, ColumnType.TIMESTAMP, null);
            timeTo = to(timeFrom, partIndexes);
            listFrom = from(types, partIndexes, ColumnType.VARCHAR_LIST, null);
            listTo = to(listFrom, partIndexes);
            int grouped = textFrom.length + intFrom.length + longFrom.length + doubleFrom.length + booleanFrom.length
                    + timeFrom.length + listFrom.length;
            long stored = java.util.Arrays.stream(partIndexes).filter(index -> index >= 0).count();
            if (grouped != stored) {
                throw new IllegalStateException("a stored column has a type the writer does not handle");
            }
        }

        /** Indexes of the stored values of type {@code type} or {@code alias}. */
        private static int[] from(ColumnType[] types, int[] partIndexes, ColumnType type, @Nullable ColumnType alias) {
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < types.length; i++) {
                if (partIndexes[i] >= 0 && (types[i] == type || types[i] == alias)) {
                    indexes.add(i);
                }
            }
            return indexes.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The batch columns of those values: their part index after {@code row_id}. */
        private static int[] to(int[] from, int[] partIndexes) {
            int[] to = new int[from.length];
            for (int i = 0; i < from.length; i++) {
                to[i] = partIndexes[from[i]] + 1;
            }
            return to;
        }

        /** Writes the non-null values of one row; cells of null values stay null. */
        void write(TableBatch batch, Object[] values) {
            writeText(batch, values);
            for (int i = 0; i < intFrom.length; i++) {
                Object value = values[intFrom[i]];
                if (value != null) {
                    batch.setInt(intTo[i], (Integer) value);
                }
            }
            for (int i = 0; i < longFrom.length; i++) {
                Object value = values[longFrom[i]];
                if (value != null) {
                    batch.setLong(longTo[i], (Long) value);
                }
            }
            for (int i = 0; i < doubleFrom.length; i++) {
                Object value = values[doubleFrom[i]];
                if (value != null) {
                    batch.setDouble(doubleTo[i], (Double) value);
                }
            }
            for (int i = 0; i < booleanFrom.length; i++) {
                Object value = values[booleanFrom[i]];
                if (value != null) {
                    batch.setBoolean(booleanTo[i], (Boolean) value);
                }
            }
            for (int i = 0; i < timeFrom.length; i++) {
                Object value = values[timeFrom[i]];
                if (value != null) {
                    batch.setInstant(timeTo[i], (Instant) value);
                }
            }
            for (int i = 0; i < listFrom.length; i++) {
                Object value = values[listFrom[i]];
                if (value != null) {
                    batch.setStrings(listTo[i], castStrings(value));
                }
            }
        }

        /** Text and JSON cells: from UTF-8 slices of the input as they are, or from strings. */
        private void writeText(TableBatch batch, Object[] values) {
            for (int i = 0; i < textFrom.length; i++) {
                Object value = values[textFrom[i]];
                if (value instanceof Utf8Slice slice) {
                    batch.setUtf8(textTo[i], slice.array(), slice.offset(), slice.length());
                } else if (value != null) {
                    batch.setString(textTo[i], (String) value);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static List<String> castStrings(Object value) {
            return (List<String>) value;
        }
    }

    private void sendLargestPart() throws SQLException {
        Map.Entry<PartKey, TableBatch> largest = null;
        for (Map.Entry<PartKey, TableBatch> entry : parts.entrySet()) {
            if (largest == null || weight(entry.getValue()) > weight(largest.getValue())) {
                largest = entry;
            }
        }
        sendPart(largest.getKey(), largest.getValue());
    }

    /** Rows and bytes as one measure against the bounds: a full batch of either counts the same. */
    private static double weight(TableBatch batch) {
        return (double) batch.pendingRows() / PENDING_ROWS + (double) batch.pendingBytes() / PENDING_BYTES;
    }

    /** Writes a table's rows of one day as a part and forgets the batch (dates seldom come back once passed). */
    private void sendPart(PartKey key, TableBatch batch) throws SQLException {
        parts.remove(key);
        if (batch == lastBatch) {
            lastBatch = null;
            lastLayoutId = 0;
        }
        pendingRows -= batch.pendingRows();
        pendingBytes -= batch.pendingBytes();
        TableBatch.Insert insert;
        try {
            insert = takePart(key, batch);
        } finally {
            batch.close();
        }
        send(insert);
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

    private void finishRow(String table, TableBatch batch) throws SQLException {
        batch.endRow(0);
        // One test for both bounds (see writeRow): negative when either is reached.
        if ((INSERT_ROWS - 1 - batch.pendingRows() | INSERT_BYTES - 1 - batch.pendingBytes()) < 0) {
            send(take(table, batch));
        }
    }

    /** The rows gathered for a table, as the statement that stores them. */
    private TableBatch.Insert take(String table, TableBatch batch) {
        int n = writes.incrementAndGet();
        if (table.equals("quarantine")) {
            return batch.take();
        }
        if (table.equals(KEYS)) {
            Path file = createFolder(staging.resolve(Deduplicator.FLUSHED_KEYS)).resolve("part-" + ingestId + "-k" + n + ".parquet");
            // The case's key part as written, unless the dedupe finds copies in it: writing the keys once here cost
            // less than writing them uncompressed and copying them into one zstd part at the end. Keys and row ids
            // are unique: a dictionary of them would only be hashed and dropped.
            return batch.take("COPY (SELECT dedupe_key, row_id, file_id FROM " + TableBatch.VIEW + ") TO " + literal(file)
                    + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT 0)");
        }
        throw new IllegalStateException("rows of source table " + table + " are written by date");
    }

    /** A table's rows of one day, sorted by time then row id, as the statement that writes their part. */
    private TableBatch.Insert takePart(PartKey key, TableBatch batch) {
        int n = writes.incrementAndGet();
        TableSchema schema = tables.get(key.table());
        StringBuilder select = new StringBuilder("SELECT row_id");
        for (Column column : PartLayout.columns(schema)) {
            select.append(", ").append(CaseSchema.quote(column.name()));
        }
        select.append(" FROM ").append(TableBatch.VIEW);
        String date = key.day() == NO_DAY ? PartLayout.NO_DATE : PartLayout.dateOfDay(key.day());
        Path folder = staging.resolve(PartLayout.TABLES).resolve(key.table()).resolve("date=" + date);
        Path file = folder.resolve("part-" + ingestId + "-" + n + "-0.parquet");
        // zstd level 1 rather than DuckDB's default 3: on a million CloudTrail rows it cut the COPY's CPU by a fifth
        // for parts 0.04% larger (the columns' own encodings do most of the work). A dictionary of at most 4,096
        // values: DuckDB hashes a column's values until its dictionary outgrows the limit, by default tens of
        // thousands per row group, so ids and JSON documents were hashed that often per part for nothing (on 400,000
        // CloudTrail rows the COPY took 2.58 CPU s by default, 2.22 so, for a file 0.1% smaller).
        return batch.takeSorted("COPY (" + select + ") TO " + literal(file) + " (FORMAT parquet, COMPRESSION zstd, "
                + "COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT " + DICTIONARY_LIMIT + ")", folder);
    }

    /**
     * A source table's rows of one UTC day ({@link #NO_DAY}: rows without a time). A class rather than a record: a
     * record's equals and hashCode are bootstrapped at their first call, which generated some twenty classes at run
     * time on the ingest's hot path.
     */
    private static final class PartKey {
        private final String table;
        private final long day;

        PartKey(String table, long day) {
            this.table = java.util.Objects.requireNonNull(table);
            this.day = day;
        }

        String table() {
            return table;
        }

        long day() {
            return day;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PartKey key && key.day == day && key.table.equals(table);
        }

        @Override
        public int hashCode() {
            return 31 * table.hashCode() + Long.hashCode(day);
        }
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

    private void send(TableBatch.Insert insert) throws SQLException {
        sender.send(insert);
    }

    private TableBatch batch(String table, List<TableBatch.BatchColumn> columns) {
        TableBatch batch = batches.get(table);
        if (batch == null) {
            batch = new TableBatch(table, columns, TableBatch.allocator());
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

    /**
     * Sends every row still gathered; a writer with its own insert thread then waits until all are in the case, one
     * with a sender leaves that to whoever runs the statements.
     */
    void flush() throws SQLException {
        for (Map.Entry<PartKey, TableBatch> entry : List.copyOf(parts.entrySet())) {
            sendPart(entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, TableBatch> entry : batches.entrySet()) {
            if (entry.getValue().pendingRows() > 0) {
                send(take(entry.getKey(), entry.getValue()));
            }
        }
        if (ownThread != null) {
            ownThread.await();
        }
    }

    /**
     * Lets an insert in flight on its own thread end, then frees the batches' memory; rows not flushed are dropped (the ingest
     * is being abandoned).
     */
    @Override
    public void close() {
        if (ownThread != null) {
            ownThread.close();
        }
        lastBatch = null;
        lastLayoutId = 0;
        batches.values().forEach(TableBatch::close);
        batches.clear();
        parts.values().forEach(TableBatch::close);
        parts.clear();
    }
}
