package dev.cloudsift.store.ingest;

import dev.cloudsift.core.ColumnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
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
    /** Kinds of column a batch can hold: the source-table types plus raw bytes. */
    enum Kind { VARCHAR, JSON, INTEGER, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP, BLOB;

        static Kind of(ColumnType type) {
            return Kind.valueOf(type.name());
        }
    }

    /** One column: its name in the table and its kind. */
    record BatchColumn(String name, Kind kind) {}

    /** Name of the temporary view DuckDB scans; registered again for every insert. */
    private static final String VIEW = "cloudsift_incoming_batch";

    private final String table;
    private final List<BatchColumn> columns;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final String insertSql;
    private VectorSchemaRoot root;
    private FieldVector[] vectors;
    private int rows;
    private long variableBytes;

    TableBatch(String table, List<BatchColumn> columns, BufferAllocator allocator) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.allocator = allocator;
        List<Field> fields = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (BatchColumn column : columns) {
            fields.add(new Field(column.name(), FieldType.nullable(arrowType(column.kind())), null));
            names.append(names.length() == 0 ? "" : ", ").append('"').append(column.name().replace("\"", "\"\"")).append('"');
        }
        this.schema = new Schema(fields);
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
        };
    }

    private void newRoot() {
        root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        vectors = root.getFieldVectors().toArray(new FieldVector[0]);
        rows = 0;
        variableBytes = 0;
    }

    String table() {
        return table;
    }

    List<BatchColumn> columns() {
        return columns;
    }

    /** Index of the row being filled: rows already added. */
    int rows() {
        return rows;
    }

    /** Bytes of text and binary values gathered so far. */
    long variableBytes() {
        return variableBytes;
    }

    /** Ends the current row; cells left unset are null. */
    void endRow() {
        rows++;
    }

    void setString(int column, String value) {
        if (value != null) {
            setBytes(column, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    void setBytes(int column, byte[] value) {
        if (value == null) {
            return;
        }
        FieldVector vector = vectors[column];
        if (vector instanceof VarCharVector text) {
            text.setSafe(rows, value);
        } else {
            ((VarBinaryVector) vector).setSafe(rows, value);
        }
        variableBytes += value.length;
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

    void setEpochMicros(int column, long micros) {
        ((TimeStampMicroVector) vectors[column]).setSafe(rows, micros);
    }

    /**
     * Inserts the gathered rows into the table on {@code connection} (inside its current transaction)
     * and starts an empty batch.
     */
    void insertInto(DuckDBConnection connection) throws SQLException {
        if (rows == 0) {
            return;
        }
        for (FieldVector vector : vectors) {
            if (vector instanceof BaseVariableWidthVector variable) {
                variable.fillEmpties(rows);
            }
            vector.setValueCount(rows);
        }
        root.setRowCount(rows);
        OneBatch reader = new OneBatch(allocator, root);
        newRoot();
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            try {
                Data.exportArrayStream(allocator, reader, stream);
            } catch (RuntimeException e) {
                closeQuietly(reader);
                throw e;
            }
            // From here the stream owns the reader. DuckDB takes the stream over when it scans it and releases it
            // (closing the reader) once the insert is done; closing the stream here frees only the C structure, or
            // the whole batch when the insert failed before the scan began.
            connection.registerArrowStream(VIEW, stream);
            try (Statement statement = connection.createStatement()) {
                statement.execute(insertSql);
            }
        }
    }

    private static void closeQuietly(OneBatch reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // closing in-memory vectors does no I/O
        }
    }

    @Override
    public void close() {
        root.close();
    }

    /** Serves one filled root as a single-batch Arrow stream, then closes it. */
    private static final class OneBatch extends ArrowReader {
        private final VectorSchemaRoot source;
        private boolean served;
        private boolean closed;

        OneBatch(BufferAllocator allocator, VectorSchemaRoot source) {
            super(allocator);
            this.source = source;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (served) {
                return false;
            }
            served = true;
            VectorSchemaRoot target = getVectorSchemaRoot();
            for (int i = 0; i < source.getFieldVectors().size(); i++) {
                source.getVector(i).makeTransferPair(target.getVector(i)).transfer();
            }
            target.setRowCount(source.getRowCount());
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
            source.close();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                super.close();
            }
        }

        @Override
        protected Schema readSchema() {
            return source.getSchema();
        }
    }
}
