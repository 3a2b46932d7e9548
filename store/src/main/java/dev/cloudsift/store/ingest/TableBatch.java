package dev.cloudsift.store.ingest;

import dev.cloudsift.core.ColumnType;
import dev.cloudsift.store.CaseStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Rows of one case table gathered column by column in Arrow vectors, then handed to DuckDB in one
 * {@code INSERT ... SELECT} over an Arrow stream. DuckDB then converts and stores whole columns at
 * once, which costs a fraction of appending value by value. A cell never set stays null.
 */
final class TableBatch implements AutoCloseable {
    /**
     * Kinds of column a batch can hold: the source-table types plus raw bytes, and instants marked as UTC
     * (DuckDB reads them as {@code TIMESTAMPTZ}, so Parquet parts carry UTC-adjusted timestamps).
     */
    enum Kind { VARCHAR, JSON, INTEGER, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP, TIMESTAMP_UTC, DATE, BLOB, VARCHAR_LIST;

        static Kind of(ColumnType type) {
            return Kind.valueOf(type.name());
        }
    }

    /** One column: its name in the table and its kind. */
    record BatchColumn(String name, Kind kind) {}

    static {
        // Every write goes through setSafe, which sizes buffers first; Arrow's extra bounds check on each byte
        // and offset written then costs about a tenth of the writer's time. An explicit setting still wins.
        if (System.getProperty("arrow.enable_unsafe_memory_access") == null
                && System.getenv("ARROW_ENABLE_UNSAFE_MEMORY_ACCESS") == null) {
            System.setProperty("arrow.enable_unsafe_memory_access", "true");
        }
        // The allocation manager on the class path; saves Arrow probing for Netty first.
        if (System.getProperty("arrow.allocation.manager.type") == null) {
            System.setProperty("arrow.allocation.manager.type", "Unsafe");
        }
    }

    /**
     * The allocator batches of an ingest share. It is never closed: DuckDB hands an Arrow stream back (which
     * frees its batches) as it tears the insert down, sometimes just after the statement has returned, so a
     * close right after the last insert could find memory still held for a moment. Created on first use, after
     * {@link #requireMemoryAccess} had its say.
     */
    static BufferAllocator allocator() {
        return Shared.ALLOCATOR;
    }

    private static final class Shared {
        static final BufferAllocator ALLOCATOR = new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(RecycledMemory.FACTORY).build());
    }

    /**
     * Fails with a message for the analyst when Arrow cannot reach direct buffers: {@code java -jar} opens
     * {@code java.nio} from the jar's manifest, a class-path launch needs the option.
     */
    static void requireMemoryAccess() {
        if (!java.nio.Buffer.class.getModule().isOpen("java.nio", BufferAllocator.class.getModule())) {
            throw new CaseStoreException("ingest needs java.nio open to Arrow: start Cloudsift with ./cloudsift or "
                    + "java -jar, or add --add-opens=java.base/java.nio=ALL-UNNAMED to the java command");
        }
    }

    /**
     * Name of the batches in a statement that reads them: each insert replaces it with the temporary view of its
     * schema (see {@link ScannedStream}).
     */
    static final String VIEW = "cloudsift_incoming_batch";
    /**
     * Rows gathered per Arrow record batch: buffers are allocated for this many at a time, so that a table and date
     * with few rows holds little memory. A plain {@link #take} carries the batches as they are; {@link #takeSorted}
     * joins them into one.
     */
    static final int CHUNK_ROWS = 8_192;
    /** log2 of {@link #CHUNK_ROWS}: a row's batch is its index shifted right by this. */
    private static final int CHUNK_SHIFT = 13;
    /** Bytes per row reserved up front at most (8 MiB for a text column of a full batch); beyond, buffers grow. */
    private static final double MAX_DENSITY = 1024;
    /** Values up to this many characters are compared with the column's previous value. */
    private static final int SHORT = 64;

    private final Schema schema;
    private final BufferAllocator allocator;
    private final String insertSql;
    private final String[] lastString;
    private final byte[][] lastBytes;
    /** Bytes per row each text column held in the last sealed batch, to size the next one's buffers (0: unknown). */
    private final double[] density;
    private final List<VectorSchemaRoot> sealed = new ArrayList<>();
    private VectorSchemaRoot root;
    private FieldVector[] vectors;
    /**
     * Per text or binary column of the batch being filled: the last row given a value (-1: none) and where its bytes
     * end. Kept here rather than read back from the vector's buffers for every cell (see {@link #setVariable}).
     */
    private int[] lastSet;
    private int[] ends;
    /** Rows in the batch being filled, which is also the index of the row being filled. */
    private int rows;
    private long pendingRows;
    private long pendingBytes;
    /** Sort key of each row gathered (see {@link #endRow(long)}), the last one, and 1 once one came out of order. */
    private long[] keys = new long[CHUNK_ROWS];
    private long lastKey = Long.MIN_VALUE;
    private long disorder;

    TableBatch(String table, List<BatchColumn> columns, BufferAllocator allocator) {
        this(table, columns, allocator, new double[columns.size()]);
    }

    /**
     * @param density bytes per row of each text column, shared by the batches of one table so that a new batch
     *                sizes its buffers from what the earlier ones held
     */
    TableBatch(String table, List<BatchColumn> columns, BufferAllocator allocator, double[] density) {
        this.allocator = allocator;
        List<Field> fields = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (BatchColumn column : columns) {
            // JSON travels as Arrow's JSON extension type, which DuckDB takes as JSON without parsing every value
            // again (the formats wrote it with a JSON library); parsing it cost more than compressing it.
            FieldType type = column.kind() == Kind.JSON
                    ? new FieldType(true, ArrowType.Utf8.INSTANCE, null, Map.of("ARROW:extension:name", "arrow.json",
                            "ARROW:extension:metadata", ""))
                    : FieldType.nullable(arrowType(column.kind()));
            List<Field> children = column.kind() == Kind.VARCHAR_LIST
                    ? List.of(new Field("item", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)) : null;
            fields.add(new Field(column.name(), type, children));
            names.append(names.length() == 0 ? "" : ", ").append('"').append(column.name().replace("\"", "\"\"")).append('"');
        }
        this.schema = new Schema(fields);
        this.lastString = new String[columns.size()];
        this.lastBytes = new byte[columns.size()][];
        this.density = density;
        this.insertSql = "INSERT INTO " + table + " (" + names + ") SELECT " + names + " FROM " + VIEW;
        newRoot();
    }

    private static ArrowType arrowType(Kind kind) {
        return switch (kind) {
            case VARCHAR, JSON -> ArrowType.Utf8.INSTANCE;
            case BLOB -> ArrowType.Binary.INSTANCE;
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_UTC -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case VARCHAR_LIST -> ArrowType.List.INSTANCE;
        };
    }

    private void newRoot() {
        root = VectorSchemaRoot.create(schema, allocator);
        // Buffers sized for a whole batch up front, text ones from what the last batch held: grown from Arrow's
        // defaults by doubling, each batch copied its columns several times over (a fifth of the writer's time).
        List<FieldVector> fresh = root.getFieldVectors();
        for (int i = 0; i < fresh.size(); i++) {
            FieldVector vector = fresh.get(i);
            if (vector instanceof BaseVariableWidthVector variable && density[i] > 0) {
                variable.setInitialCapacity(CHUNK_ROWS, density[i]);
            } else {
                vector.setInitialCapacity(CHUNK_ROWS);
            }
        }
        root.allocateNew();
        vectors = root.getFieldVectors().toArray(new FieldVector[0]);
        if (lastSet == null) {
            lastSet = new int[vectors.length];
            ends = new int[vectors.length];
        }
        java.util.Arrays.fill(lastSet, -1);
        java.util.Arrays.fill(ends, 0);
        rows = 0;
    }

    /** Rows gathered and not yet taken. */
    long pendingRows() {
        return pendingRows;
    }

    /** Bytes of text and binary values gathered and not yet taken. */
    long pendingBytes() {
        return pendingBytes;
    }

    /** Ends the current row; cells left unset are null. */
    void endRow() {
        endRow(0);
    }

    /**
     * Ends the current row; cells left unset are null.
     *
     * @param sortKey orders the row in {@link #takeSorted}: rows with equal keys stay in the order they came
     */
    void endRow(long sortKey) {
        // The keys have room for the batch being filled (see seal), and whether the rows came in order is
        // gathered without a branch: a branch first taken long after the caller was compiled makes the JIT throw
        // the caller's code away and compile it again.
        keys[(int) pendingRows] = sortKey;
        disorder |= below(sortKey, lastKey);
        lastKey = sortKey;
        rows++;
        pendingRows++;
        if (rows == CHUNK_ROWS) {
            seal();
        }
    }

    /** 1 when {@code x < y}, else 0, without a branch: the sign of {@code x - y}, corrected when it overflows. */
    private static long below(long x, long y) {
        long difference = x - y;
        return (difference ^ ((x ^ y) & (difference ^ x))) >>> 63;
    }

    private void seal() {
        sealRoot();
        newRoot();
    }

    /** Hands the batch being filled to the sealed ones, without starting another. */
    private void sealRoot() {
        if (keys.length < pendingRows + CHUNK_ROWS) {
            keys = java.util.Arrays.copyOf(keys, keys.length * 2);
        }
        for (int i = 0; i < vectors.length; i++) {
            FieldVector vector = vectors[i];
            if (vector instanceof BaseVariableWidthVector variable) {
                fillNulls(variable.getOffsetBuffer(), i, rows);
                variable.setLastSet(rows - 1);
                // A little headroom; a batch of huge values does not make every later one reserve as much.
                density[i] = Math.min(MAX_DENSITY, Math.max(1.0, 1.1 * variable.getStartOffset(rows) / rows));
            }
            vector.setValueCount(rows);
        }
        root.setRowCount(rows);
        sealed.add(root);
    }

    /** Takes the rows gathered so far, as an insert of them into this batch's table; then gathers afresh. */
    Insert take() {
        return take(insertSql);
    }

    /**
     * Takes the rows gathered so far, as a statement that reads them from {@link #VIEW} (e.g. a {@code COPY} of
     * them to a Parquet file); then gathers afresh.
     */
    Insert take(String sql) {
        if (rows > 0) {
            seal();
        }
        return handOver(sql);
    }

    private Insert handOver(String sql) {
        Insert insert = new Insert(sql, schema, allocator, List.copyOf(sealed));
        sealed.clear();
        pendingRows = 0;
        pendingBytes = 0;
        lastKey = Long.MIN_VALUE;
        disorder = 0;
        return insert;
    }

    /**
     * The last take of this batch: {@link #take(String)} with the rows ordered by the keys {@link #endRow(long)} was
     * given, then by the order they came in, as one Arrow batch; afterwards the batch takes no more rows, it is only
     * closed. One batch per statement because DuckDB's order-keeping {@code COPY} gathers each Arrow batch on its own
     * and then copies all but the first again into one row group; a single batch is stored as it is, and is
     * exported once rather than once per {@link #CHUNK_ROWS}. Gathering it copies ranges of rows that stay together
     * (a file's rows are mostly in time order) rather than row by row, which costs less than DuckDB sorting them
     * (it materialises and compares whole rows).
     */
    Insert takeSorted(String sql, Path folder) {
        if (rows > 0) {
            sealRoot();
        } else {
            root.close();
        }
        // No fresh batch to fill: this one is done, and allocating (and zeroing) one was wasted.
        root = null;
        vectors = null;
        if (sealed.size() > 1 || disorder != 0) {
            VectorSchemaRoot whole = gather(sealed, disorder != 0 ? order() : null);
            sealed.forEach(VectorSchemaRoot::close);
            sealed.clear();
            sealed.add(whole);
        }
        Insert insert = handOver(sql);
        insert.folder = folder;
        return insert;
    }

    /**
     * Row indexes in key order, stable: the runs of rows already in order (a part gathers files whose rows are
     * mostly in time order) merged pairwise until one is left. Two flat loops rather than a recursive sort, whose
     * inlined recursion the JIT took a quarter of a second to compile, twice.
     */
    private int[] order() {
        int count = (int) pendingRows;
        int[] order = new int[count];
        int[] bounds = new int[count + 1];
        int runs = 0;
        for (int i = 0; i < count; i++) {
            order[i] = i;
            if (i == 0 || keys[i] < keys[i - 1]) {
                bounds[runs++] = i;
            }
        }
        bounds[runs] = count;
        int[] from = order;
        int[] to = new int[count];
        while (runs > 1) {
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int start = bounds[r];
                int middle = bounds[Math.min(r + 1, runs)];
                int end = bounds[Math.min(r + 2, runs)];
                merge(from, to, start, middle, end, keys);
                bounds[merged++] = start;
            }
            bounds[merged] = count;
            runs = merged;
            int[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    /** Merges {@code from[start..middle)} and {@code from[middle..end)} into {@code to}; ties go to the first. */
    private static void merge(int[] from, int[] to, int start, int middle, int end, long[] keys) {
        int left = start;
        int right = middle;
        for (int i = start; i < end; i++) {
            if (right >= end || (left < middle && keys[from[left]] <= keys[from[right]])) {
                to[i] = from[left++];
            } else {
                to[i] = from[right++];
            }
        }
    }

    /**
     * The rows of {@code sources} (all full but the last) as one batch, in {@code order} (null: as they came). Rows
     * that follow each other in both are copied as one range: {@code runs} holds, per range, the index of its first
     * source row, of its first target row, and its length.
     */
    private VectorSchemaRoot gather(List<VectorSchemaRoot> sources, int[] order) {
        int count = (int) pendingRows;
        int[] runs = runs(sources, order, count);
        int columns = schema.getFields().size();
        VectorSchemaRoot target = VectorSchemaRoot.create(schema, allocator);
        try {
            FieldVector[] from = new FieldVector[sources.size()];
            for (int c = 0; c < columns; c++) {
                boolean anyValue = false;
                for (int s = 0; s < from.length; s++) {
                    from[s] = sources.get(s).getVector(c);
                    anyValue |= from[s].getNullCount() < from[s].getValueCount();
                }
                FieldVector to = target.getVector(c);
                // A column without a value (most of a wide table's) is allocated all null and left so.
                allocateFor(to, from, anyValue, count);
                if (anyValue) {
                    copyRuns(to, from, runs);
                }
                to.setValueCount(count);
            }
            target.setRowCount(count);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** The ranges {@link #gather} copies: per range its first source row, first target row and length. */
    private static int[] runs(List<VectorSchemaRoot> sources, int[] order, int count) {
        if (order == null) {
            int[] runs = new int[3 * sources.size()];
            int at = 0;
            for (int s = 0; s < sources.size(); s++) {
                runs[3 * s] = s << CHUNK_SHIFT;
                runs[3 * s + 1] = at;
                runs[3 * s + 2] = sources.get(s).getRowCount();
                at += sources.get(s).getRowCount();
            }
            return runs;
        }
        int[] runs = new int[3 * count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            int row = order[i];
            if (n > 0 && row == order[i - 1] + 1 && (row & (CHUNK_ROWS - 1)) != 0) {
                runs[3 * n - 1]++;
            } else {
                runs[3 * n] = row;
                runs[3 * n + 1] = i;
                runs[3 * n + 2] = 1;
                n++;
            }
        }
        return java.util.Arrays.copyOf(runs, 3 * n);
    }

    /** Allocates {@code to} for {@code count} rows, with room for the values of {@code from} when it takes them. */
    private static void allocateFor(FieldVector to, FieldVector[] from, boolean anyValue, int count) {
        if (to instanceof BaseVariableWidthVector variable) {
            variable.allocateNew(anyValue ? dataBytes(from) : 0, count);
        } else if (to instanceof ListVector list) {
            list.setInitialCapacity(count);
            list.allocateNew();
            if (anyValue) {
                long items = 0;
                FieldVector[] itemsFrom = new FieldVector[from.length];
                for (int s = 0; s < from.length; s++) {
                    ListVector source = (ListVector) from[s];
                    items += source.getOffsetBuffer().getInt((long) source.getValueCount() * BaseVariableWidthVector.OFFSET_WIDTH);
                    itemsFrom[s] = source.getDataVector();
                }
                BaseVariableWidthVector targetItems = (BaseVariableWidthVector) list.getDataVector();
                targetItems.clear();
                targetItems.allocateNew(dataBytes(itemsFrom), Math.toIntExact(items));
            }
        } else {
            to.setInitialCapacity(count);
            to.allocateNew();
        }
    }

    /** Bytes of the values of text or binary vectors. */
    private static long dataBytes(FieldVector[] vectors) {
        long bytes = 0;
        for (FieldVector vector : vectors) {
            BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
            bytes += variable.getValueCount() == 0 ? 0 : variable.getStartOffset(variable.getValueCount());
        }
        return bytes;
    }

    /**
     * Copies the {@code runs} of {@code from} into {@code to}, freshly allocated for them all (all null), by type:
     * each copy is then a direct call (through {@code FieldVector} the calls were megamorphic).
     */
    private static void copyRuns(FieldVector to, FieldVector[] from, int[] runs) {
        if (to instanceof BaseVariableWidthVector variable) {
            long end = 0;
            for (int r = 0; r < runs.length; r += 3) {
                int row = runs[r];
                end = copyVariable((BaseVariableWidthVector) from[row >>> CHUNK_SHIFT], row & (CHUNK_ROWS - 1),
                        variable, runs[r + 1], runs[r + 2], end);
            }
            variable.setLastSet(runs.length == 0 ? -1 : runs[runs.length - 2] + runs[runs.length - 1] - 1);
        } else if (to instanceof BitVector bits) {
            for (int r = 0; r < runs.length; r += 3) {
                int row = runs[r];
                BitVector source = (BitVector) from[row >>> CHUNK_SHIFT];
                int index = row & (CHUNK_ROWS - 1);
                copyBits(source.getValidityBuffer(), index, bits.getValidityBuffer(), runs[r + 1], runs[r + 2]);
                copyBits(source.getDataBuffer(), index, bits.getDataBuffer(), runs[r + 1], runs[r + 2]);
            }
        } else if (to instanceof BaseFixedWidthVector fixed) {
            int width = fixed.getTypeWidth();
            ArrowBuf data = fixed.getDataBuffer();
            ArrowBuf validity = fixed.getValidityBuffer();
            for (int r = 0; r < runs.length; r += 3) {
                int row = runs[r];
                BaseFixedWidthVector source = (BaseFixedWidthVector) from[row >>> CHUNK_SHIFT];
                int index = row & (CHUNK_ROWS - 1);
                data.setBytes((long) runs[r + 1] * width, source.getDataBuffer(), (long) index * width,
                        (long) runs[r + 2] * width);
                copyBits(source.getValidityBuffer(), index, validity, runs[r + 1], runs[r + 2]);
            }
        } else if (to instanceof ListVector list) {
            copyLists(list, from, runs);
        } else {
            throw new IllegalStateException("no copy for " + to.getClass().getSimpleName());
        }
    }

    /**
     * Copies {@code count} text or binary cells from row {@code index} of {@code source} to row {@code at} of
     * {@code to}, whose values so far end at {@code end}: their bytes in one go, their offsets moved by the distance
     * between the two. Returns where the values now end.
     */
    private static long copyVariable(BaseVariableWidthVector source, int index, BaseVariableWidthVector to, int at,
            int count, long end) {
        int width = BaseVariableWidthVector.OFFSET_WIDTH;
        ArrowBuf sourceOffsets = source.getOffsetBuffer();
        ArrowBuf offsets = to.getOffsetBuffer();
        int begin = sourceOffsets.getInt((long) index * width);
        int stop = sourceOffsets.getInt((long) (index + count) * width);
        to.getDataBuffer().setBytes(end, source.getDataBuffer(), begin, stop - begin);
        long shift = end - begin;
        for (int i = 1; i <= count; i++) {
            offsets.setInt((long) (at + i) * width, (int) (sourceOffsets.getInt((long) (index + i) * width) + shift));
        }
        copyBits(source.getValidityBuffer(), index, to.getValidityBuffer(), at, count);
        return end + stop - begin;
    }

    /** {@link #copyRuns} of a {@code VARCHAR[]} column: offsets and validity like text, each range's items at once. */
    private static void copyLists(ListVector to, FieldVector[] from, int[] runs) {
        int width = BaseVariableWidthVector.OFFSET_WIDTH;
        BaseVariableWidthVector items = (BaseVariableWidthVector) to.getDataVector();
        ArrowBuf offsets = to.getOffsetBuffer();
        int itemEnd = 0;
        long dataEnd = 0;
        for (int r = 0; r < runs.length; r += 3) {
            int row = runs[r];
            int at = runs[r + 1];
            int count = runs[r + 2];
            ListVector source = (ListVector) from[row >>> CHUNK_SHIFT];
            int index = row & (CHUNK_ROWS - 1);
            ArrowBuf sourceOffsets = source.getOffsetBuffer();
            int begin = sourceOffsets.getInt((long) index * width);
            int stop = sourceOffsets.getInt((long) (index + count) * width);
            if (stop > begin) {
                dataEnd = copyVariable((BaseVariableWidthVector) source.getDataVector(), begin, items, itemEnd,
                        stop - begin, dataEnd);
            }
            int shift = itemEnd - begin;
            for (int i = 1; i <= count; i++) {
                offsets.setInt((long) (at + i) * width, sourceOffsets.getInt((long) (index + i) * width) + shift);
            }
            copyBits(source.getValidityBuffer(), index, to.getValidityBuffer(), at, count);
            itemEnd += stop - begin;
        }
        items.setLastSet(itemEnd - 1);
        to.setLastSet(runs.length == 0 ? -1 : runs[runs.length - 2] + runs[runs.length - 1] - 1);
    }

    /**
     * Sets bits {@code [at, at + count)} of {@code to} (all clear) as bits {@code [index, index + count)} of
     * {@code from}, up to 56 at a time through unaligned 64-bit words; bit by bit only where a word would reach past
     * either buffer's end.
     */
    static void copyBits(ArrowBuf from, int index, ArrowBuf to, int at, int count) {
        long fromCapacity = from.capacity();
        long toCapacity = to.capacity();
        int done = 0;
        while (done < count) {
            int source = index + done;
            int target = at + done;
            long sourceByte = source >>> 3;
            long targetByte = target >>> 3;
            if (sourceByte + 8 > fromCapacity || targetByte + 8 > toCapacity) {
                break;
            }
            int step = Math.min(56, count - done);
            long bits = (from.getLong(sourceByte) >>> (source & 7)) & (-1L >>> (64 - step));
            if (bits != 0) {
                to.setLong(targetByte, to.getLong(targetByte) | (bits << (target & 7)));
            }
            done += step;
        }
        for (; done < count; done++) {
            int source = index + done;
            if (((from.getByte(source >>> 3) >>> (source & 7)) & 1) != 0) {
                BitVectorHelper.setBit(to, at + done);
            }
        }
    }

    /** Inserts the rows gathered so far now, on this thread. */
    void insertInto(DuckDBConnection connection) throws SQLException {
        take().run(connection);
    }

    void setString(int column, String value) {
        if (value == null) {
            return;
        }
        // Columns repeat themselves (the file a record came from, its source, region, account, API name):
        // encode a value again only when it differs from the column's previous one.
        String previous = lastString[column];
        byte[] bytes;
        if (value == previous || (value.length() <= SHORT && value.equals(previous))) {
            bytes = lastBytes[column];
        } else {
            bytes = value.getBytes(StandardCharsets.UTF_8);
            lastString[column] = value;
            lastBytes[column] = bytes;
        }
        setBytes(column, bytes);
    }

    void setBytes(int column, byte[] value) {
        if (value == null) {
            return;
        }
        setVariable(column, value, 0, value.length);
    }

    /**
     * A VARCHAR or JSON cell from UTF-8 bytes, copied as they are: no {@code String} to encode, nothing to compare
     * with the previous value.
     */
    void setUtf8(int column, byte[] bytes, int offset, int length) {
        setVariable(column, bytes, offset, length);
    }

    /**
     * A text or binary cell, written straight into the vector's buffers: its offsets were allocated for a whole batch,
     * the cells left null since the column's last value get that value's end as their offsets, and the column's last
     * row and end are kept in this object. Arrow's {@code setSafe} read them back from the buffers, checked capacities
     * and filled null cells one by one for every cell, which on wide sparse tables (CloudTrail's) cost more than the
     * bytes.
     */
    private void setVariable(int column, byte[] bytes, int offset, int length) {
        BaseVariableWidthVector vector = (BaseVariableWidthVector) vectors[column];
        int row = rows;
        fillNulls(vector.getOffsetBuffer(), column, row);
        int end = ends[column];
        long needed = (long) end + length;
        if (needed > Integer.MAX_VALUE) {
            throw new IllegalStateException("a batch's column holds more than 2 GiB");
        }
        if (needed > vector.getDataBuffer().capacity()) {
            vector.reallocDataBuffer(Math.max(needed, 2 * vector.getDataBuffer().capacity()));
        }
        vector.getDataBuffer().setBytes(end, bytes, offset, length);
        end += length;
        vector.getOffsetBuffer().setInt((long) (row + 1) * BaseVariableWidthVector.OFFSET_WIDTH, end);
        BitVectorHelper.setBit(vector.getValidityBuffer(), row);
        ends[column] = end;
        lastSet[column] = row;
        pendingBytes += length;
    }

    /**
     * Gives the null cells of a text or list column before {@code row} (those never set) their offsets: the end of
     * the column's last value. The offsets buffer holds a whole batch's, so they are written unchecked.
     */
    private void fillNulls(ArrowBuf offsets, int column, int row) {
        int last = lastSet[column];
        if (last >= row - 1) {
            return;
        }
        int end = ends[column];
        if (end == 0) {
            // Nothing stored before: the offsets are still the zeros they were allocated with.
            lastSet[column] = row - 1;
            return;
        }
        for (long at = (long) (last + 2) * BaseVariableWidthVector.OFFSET_WIDTH,
                stop = (long) row * BaseVariableWidthVector.OFFSET_WIDTH; at <= stop; at += BaseVariableWidthVector.OFFSET_WIDTH) {
            offsets.setInt(at, end);
        }
        lastSet[column] = row - 1;
    }

    /**
     * A {@code VARCHAR[]} cell; an empty list is stored as {@code []}, not null. Written like {@link #setVariable}:
     * the list's offsets and validity straight into its buffers (sized for a whole batch), the column's last row and
     * item count kept here. Nearly every row of a table holds one (its anomalies, mostly none), and Arrow's
     * {@code startNewValue} / {@code endValue} re-derived the capacity and filled holes on every call.
     */
    void setStrings(int column, List<String> values) {
        ListVector list = (ListVector) vectors[column];
        int row = rows;
        fillNulls(list.getOffsetBuffer(), column, row);
        int end = ends[column];
        if (!values.isEmpty()) {
            VarCharVector items = (VarCharVector) list.getDataVector();
            for (int i = 0; i < values.size(); i++) {
                byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
                items.setSafe(end + i, bytes);
                pendingBytes += bytes.length;
            }
            end += values.size();
        }
        list.getOffsetBuffer().setInt((long) (row + 1) * BaseVariableWidthVector.OFFSET_WIDTH, end);
        BitVectorHelper.setBit(list.getValidityBuffer(), row);
        list.setLastSet(row);
        ends[column] = end;
        lastSet[column] = row;
    }

    void setLong(int column, long value) {
        ((BigIntVector) vectors[column]).setSafe(rows, value);
    }

    void setInt(int column, int value) {
        ((IntVector) vectors[column]).setSafe(rows, value);
    }

    void setDouble(int column, double value) {
        ((Float8Vector) vectors[column]).setSafe(rows, value);
    }

    void setBoolean(int column, boolean value) {
        ((BitVector) vectors[column]).setSafe(rows, value ? 1 : 0);
    }

    void setEpochDay(int column, int day) {
        ((DateDayVector) vectors[column]).setSafe(rows, day);
    }

    void setEpochMicros(int column, long micros) {
        ((TimeStampVector) vectors[column]).setSafe(rows, micros);
    }

    /** A TIMESTAMP cell from an instant (microsecond precision); null leaves the cell null. */
    void setInstant(int column, Instant instant) {
        if (instant != null) {
            setEpochMicros(column, micros(instant));
        }
    }

    /** An instant as the microseconds since the epoch a TIMESTAMP cell holds. */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * Record batches on their way into a table. {@link #run} hands them to DuckDB as one Arrow stream inside the
     * connection's current transaction and frees them, whether DuckDB accepts them or not; {@link #discard}
     * frees them unsent.
     */
    static final class Insert {
        private final String sql;
        private final Schema schema;
        private final BufferAllocator allocator;
        private final List<VectorSchemaRoot> batches;
        /** A folder the statement writes into, created first (null: none). */
        private Path folder;

        private Insert(String sql, Schema schema, BufferAllocator allocator, List<VectorSchemaRoot> batches) {
            this.sql = sql;
            this.schema = schema;
            this.allocator = allocator;
            this.batches = batches;
        }

        void run(DuckDBConnection connection) throws SQLException {
            if (batches.isEmpty()) {
                return;
            }
            if (folder != null) {
                try {
                    Files.createDirectories(folder);
                } catch (IOException e) {
                    discard();
                    throw new SQLException("cannot create " + folder + ": " + e, e);
                }
            }
            Batches reader = new Batches(allocator, schema, batches);
            ScannedStream scanned = ScannedStream.of(connection, schema);
            try {
                Data.exportArrayStream(allocator, reader, scanned.stream);
            } catch (RuntimeException e) {
                closeQuietly(reader);
                throw e;
            }
            // From here the stream owns the reader. DuckDB takes the stream over when it scans it and releases it
            // (closing the reader) once the insert is done; releasing it here frees every batch when the insert
            // failed before the scan began, and nothing otherwise.
            try {
                scanned.register(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(reading(sql, scanned.view));
                }
            } finally {
                scanned.stream.release();
            }
        }

        void discard() {
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    /**
     * The C stream structure DuckDB scans the batches of one schema through on one connection, registered as a view
     * once: each insert exports its batches into the same structure, which the view reads at its next scan. The
     * JDBC driver's registration binds the view three times and each bind had Arrow export the schema again (on a
     * million VPC flow rows 200 exports of 70 fields, enough for the JIT to compile the exporter at great cost);
     * now a schema is exported once per insert, when the statement binds the view. This relies on the driver's view
     * reading the structure at the address it was registered with at every scan (duckdb_jdbc 1.4 keeps the address);
     * a driver that copied it at registration would fail the second insert of a schema ("stream has been
     * released"), which TableBatchTest would show.
     */
    private static final class ScannedStream {
        /** Per connection, its streams by schema; a closed connection's are forgotten with it. */
        private static final Map<DuckDBConnection, Map<Schema, ScannedStream>> STREAMS =
                java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

        final String view;
        final ArrowArrayStream stream;
        private boolean registered;

        private ScannedStream(String view, ArrowArrayStream stream) {
            this.view = view;
            this.stream = stream;
        }

        static ScannedStream of(DuckDBConnection connection, Schema schema) {
            synchronized (STREAMS) {
                Map<Schema, ScannedStream> streams = STREAMS.computeIfAbsent(connection, c -> new java.util.HashMap<>());
                // The structures live as long as the process: a few dozen bytes per schema and connection, from an
                // allocator of their own so that the batches' allocator can be closed without them.
                return streams.computeIfAbsent(schema, s -> new ScannedStream(VIEW + "_" + (streams.size() + 1),
                        ArrowArrayStream.allocateNew(Structures.ALLOCATOR)));
            }
        }

        /** Registers the view at the first insert, once the structure holds a stream whose schema it binds. */
        void register(DuckDBConnection connection) throws SQLException {
            if (!registered) {
                connection.registerArrowStream(view, stream);
                registered = true;
            }
        }
    }

    private static final class Structures {
        static final BufferAllocator ALLOCATOR = new RootAllocator();
    }

    /**
     * The statement with its first {@link #VIEW}, the one it reads the batches from, naming {@code view}. Only the
     * first: the writers name the view before any path (a {@code COPY}'s target comes after its query), and a case
     * folder may itself be called anything, this name included.
     */
    static String reading(String sql, String view) {
        int at = sql.indexOf(VIEW);
        if (at < 0) {
            throw new IllegalArgumentException("the statement does not read " + VIEW + ": " + sql);
        }
        return sql.substring(0, at) + view + sql.substring(at + VIEW.length());
    }

    private static void closeQuietly(Batches reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // closing in-memory vectors does no I/O
        }
    }

    /** Frees what was gathered and not taken. */
    @Override
    public void close() {
        sealed.forEach(VectorSchemaRoot::close);
        sealed.clear();
        if (root != null) {
            root.close();
            root = null;
        }
    }

    /** Serves filled roots one after the other as an Arrow stream, closing each once it is passed on. */
    private static final class Batches extends ArrowReader {
        private final Schema schema;
        private final List<VectorSchemaRoot> sources;
        private int next;
        private boolean closed;

        Batches(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> sources) {
            super(allocator);
            this.schema = schema;
            this.sources = sources;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (next == sources.size()) {
                return false;
            }
            VectorSchemaRoot source = sources.get(next++);
            VectorSchemaRoot target = getVectorSchemaRoot();
            for (int i = 0; i < source.getFieldVectors().size(); i++) {
                source.getVector(i).makeTransferPair(target.getVector(i)).transfer();
            }
            target.setRowCount(source.getRowCount());
            source.close();
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
            for (int i = next; i < sources.size(); i++) {
                sources.get(i).close();
            }
            next = sources.size();
        }

        @Override
        protected Schema readSchema() {
            return schema;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                super.close();
            }
        }
    }
}
