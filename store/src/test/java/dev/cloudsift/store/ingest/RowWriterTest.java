package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowWriterTest {
    private static final TableSchema NOTES = new TableSchema("notes", "test rows", List.of(
            Column.of("body", ColumnType.JSON, "a JSON value"), Column.of("seq", ColumnType.BIGINT, "position")));

    @TempDir
    Path folder;

    private DuckDBConnection open() throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("w.duckdb"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private Path staging() {
        return folder.resolve("staging");
    }

    private String notes() {
        return "read_parquet('" + staging().resolve("tables/notes") + "/*/*.parquet')";
    }

    private String keys() {
        return "read_parquet('" + staging().resolve(Deduplicator.FLUSHED_KEYS) + "/*.parquet')";
    }

    private static LogRecord note(String body, long seq) {
        return new LogRecord(null, List.of(new TableRow("notes", new Object[] {body, seq})), "key-" + seq, Position.START);
    }

    private static long count(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void rowsOfManyInsertsAllArriveWithConsecutiveRowIdsAndTheirKeys() throws Exception {
        int total = RowWriter.INSERT_ROWS * 3 + 17;
        try (DuckDBConnection connection = open()) {
            try (RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 100, staging(), 1)) {
                for (int i = 0; i < total; i++) {
                    writer.write(note("{\"n\":" + i + "}", i), 1, "f");
                }
                writer.flush();
                assertThat(writer.nextRowId()).isEqualTo(100 + total);
            }
            connection.commit();
            assertThat(count(connection, "SELECT count(*) FROM " + notes())).isEqualTo(total);
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE row_id - 100 = seq AND (body->>'n')::BIGINT = seq"))
                    .isEqualTo(total);
            assertThat(count(connection, "SELECT count(*) FROM " + keys() + " k JOIN " + notes() + " n USING (row_id) "
                    + "WHERE k.dedupe_key = 'key-' || n.seq")).isEqualTo(total);
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE file_id = 1")).isEqualTo(total);
        }
    }

    @Test
    void aWriteDuckDbCannotDoFailsWithItsReasonAndLosesNoMemory() throws Exception {
        long heldBefore = TableBatch.allocator().getAllocatedMemory();
        // The date folder of these rows (they have no time) is taken by a file, so DuckDB cannot write the part.
        Path blocked = staging().resolve("tables/notes/date=" + dev.cloudsift.store.PartLayout.NO_DATE);
        java.nio.file.Files.createDirectories(blocked.getParent());
        java.nio.file.Files.writeString(blocked, "in the way");
        try (DuckDBConnection connection = open()) {
            RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 1, staging(), 1);
            // The first write runs on the write thread while rows keep coming; its failure surfaces at the next
            // write or at the flush.
            assertThatThrownBy(() -> {
                for (int i = 0; i < RowWriter.INSERT_ROWS * 2; i++) {
                    writer.write(note("{}", i), 1, "f");
                }
                writer.flush();
            }).isInstanceOf(SQLException.class).hasMessageContaining("date=");
            writer.close();
            connection.rollback();
        }
        // DuckDB gives Arrow streams back as it tears writes down, which may end just after the statement.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (TableBatch.allocator().getAllocatedMemory() > heldBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(TableBatch.allocator().getAllocatedMemory()).as("Arrow memory still held").isEqualTo(heldBefore);
    }
}
