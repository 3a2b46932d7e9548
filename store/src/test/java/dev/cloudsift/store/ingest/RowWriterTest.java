package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseSchema;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
            statement.execute(CaseSchema.createTable(NOTES, false));
            statement.execute("CREATE TABLE record_keys (row_id BIGINT, file_id INTEGER, dedupe_key VARCHAR)");
        }
        connection.setAutoCommit(false);
        return connection;
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
            try (RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 100)) {
                for (int i = 0; i < total; i++) {
                    writer.write(note("{\"n\":" + i + "}", i), 1, "f");
                }
                writer.flush();
                assertThat(writer.nextRowId()).isEqualTo(100 + total);
            }
            connection.commit();
            assertThat(count(connection, "SELECT count(*) FROM notes")).isEqualTo(total);
            assertThat(count(connection, "SELECT count(*) FROM notes WHERE row_id - 100 = seq AND (body->>'n')::BIGINT = seq"))
                    .isEqualTo(total);
            assertThat(count(connection, "SELECT count(*) FROM record_keys k JOIN notes n USING (row_id) "
                    + "WHERE k.dedupe_key = 'key-' || n.seq")).isEqualTo(total);
        }
    }

    @Test
    void anomaliesOfARecordAreCountableInSqlAndARecordWithoutThemHasAnEmptyList() throws Exception {
        int total = TableBatch.CHUNK_ROWS + 5; // crosses a batch boundary
        try (DuckDBConnection connection = open()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CaseSchema.createTable(CaseSchema.EVENTS, false));
            }
            try (RowWriter writer = new RowWriter(connection, Map.of("events", CaseSchema.EVENTS), 1)) {
                for (int i = 0; i < total; i++) {
                    Event event = Event.builder("test").eventTime(Instant.parse("2025-11-04T09:15:30Z")).build();
                    List<String> anomalies = i % 1000 == 0 ? List.of("duplicate_key:eventName", "no_time") : List.of();
                    writer.write(new LogRecord(event, List.of(), null, Position.START, anomalies), 1, "f");
                }
                writer.flush();
            }
            connection.commit();
            assertThat(count(connection, "SELECT count(*) FROM events WHERE len(anomalies) > 0")).isEqualTo(9);
            assertThat(count(connection, "SELECT count(*) FROM events WHERE list_contains(anomalies, 'duplicate_key:eventName')"
                    + " AND anomalies[2] = 'no_time'")).isEqualTo(9);
            assertThat(count(connection, "SELECT count(*) FROM events WHERE anomalies = []")).isEqualTo(total - 9);
        }
    }

    @Test
    void aYearZeroTimeIsStoredAsTheSameInstantNotShifted() throws Exception {
        Instant yearZero = Instant.parse("0000-11-04T09:31:00Z");
        try (DuckDBConnection connection = open()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CaseSchema.createTable(CaseSchema.EVENTS, false));
            }
            try (RowWriter writer = new RowWriter(connection, Map.of("events", CaseSchema.EVENTS), 1)) {
                LogRecord record = new LogRecord(Event.builder("test").eventTime(yearZero).build(), List.of(), null, Position.START);
                writer.write(record, 1, "f");
                writer.flush();
            }
            connection.commit();
            assertThat(count(connection, "SELECT epoch_us(event_time) FROM events"))
                    .isEqualTo(yearZero.getEpochSecond() * 1_000_000L);
            assertThat(count(connection, "SELECT count(*) FROM events WHERE anomalies = ['time_out_of_range']")).isEqualTo(1);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT event_time::VARCHAR FROM events")) {
                result.next();
                // DuckDB has no year 0: it writes the same instant as 1 BC (astronomical year 0 = 1 BC).
                assertThat(result.getString(1)).isEqualTo("0001-11-04 (BC) 09:31:00");
            }
        }
    }

    @Test
    void aRowDuckDbRejectsFailsTheFlushWithItsReasonAndLosesNoMemory() throws Exception {
        long heldBefore = TableBatch.allocator().getAllocatedMemory();
        try (DuckDBConnection connection = open()) {
            RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 1);
            // The bad row lands in the first insert, which runs on the insert thread while good rows keep coming;
            // its failure surfaces at the next insert or at the flush.
            assertThatThrownBy(() -> {
                writer.write(note("{broken", 0), 1, "f");
                for (int i = 1; i < RowWriter.INSERT_ROWS * 2; i++) {
                    writer.write(note("{}", i), 1, "f");
                }
                writer.flush();
            }).isInstanceOf(SQLException.class).hasMessageContaining("JSON");
            writer.close();
            connection.rollback();
            assertThat(count(connection, "SELECT count(*) FROM notes")).isZero();
        }
        // DuckDB gives Arrow streams back as it tears inserts down, which may end just after the statement.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (TableBatch.allocator().getAllocatedMemory() > heldBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(TableBatch.allocator().getAllocatedMemory()).as("Arrow memory still held").isEqualTo(heldBefore);
    }
}
