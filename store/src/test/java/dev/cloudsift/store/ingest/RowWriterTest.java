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
import dev.cloudsift.core.Utf8Slice;
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
    void anomaliesOfARecordAreCountableInSqlAndARecordWithoutThemHasAnEmptyList() throws Exception {
        int total = TableBatch.CHUNK_ROWS + 5; // crosses a batch boundary
        try (DuckDBConnection connection = open()) {
            try (RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 1, staging(), 1)) {
                for (int i = 0; i < total; i++) {
                    Event event = Event.builder("test").eventTime(Instant.parse("2025-11-04T09:15:30Z")).build();
                    List<String> anomalies = i % 1000 == 0 ? List.of("duplicate_key:eventName", "no_time") : List.of();
                    writer.write(new LogRecord(event, List.of(new TableRow("notes", new Object[] {"{}", (long) i})), null,
                            Position.START, anomalies), 1, "f");
                }
                writer.flush();
            }
            connection.commit();
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE len(anomalies) > 0")).isEqualTo(9);
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE list_contains(anomalies, 'duplicate_key:eventName')"
                    + " AND anomalies[2] = 'no_time'")).isEqualTo(9);
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE anomalies = []")).isEqualTo(total - 9);
        }
    }

    @Test
    void aCellGivenAsUtf8BytesIsStoredAsTheSameTextAsOneGivenAsAString() throws Exception {
        byte[] line = "skip {\"n\":\"caf\u00e9 \u2603\"} skip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Utf8Slice slice = Utf8Slice.of(line, 5, line.length - 10);
        try (DuckDBConnection connection = open()) {
            try (RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 1, staging(), 1)) {
                writer.write(note(slice.toString(), 1), 1, "f");
                writer.write(new LogRecord(null, List.of(new TableRow("notes", new Object[] {slice, 2L})), null,
                        Position.START), 1, "f");
                writer.write(note(null, 3), 1, "f");
                writer.flush();
            }
            connection.commit();
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE body->>'n' = 'caf\u00e9 \u2603'"))
                    .isEqualTo(2);
            assertThat(count(connection, "SELECT count(DISTINCT body::VARCHAR) FROM " + notes() + " WHERE seq <= 2"))
                    .isEqualTo(1);
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE seq = 3 AND body IS NULL")).isEqualTo(1);
        }
    }

    @Test
    void theRecordsPointerIsStoredOnItsRows() throws Exception {
        try (DuckDBConnection connection = open()) {
            try (RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 1, staging(), 1)) {
                writer.write(new LogRecord(null, List.of(new TableRow("notes", new Object[] {"{}", 1L})), null,
                        new Position(120, -1, 7, "/message"), List.of()), 1, "f");
                writer.flush();
            }
            connection.commit();
            assertThat(count(connection, "SELECT count(*) FROM " + notes()
                    + " WHERE origin_offset = 120 AND origin_length = 7 AND origin_envelope = '/message'")).isEqualTo(1);
        }
    }

    @Test
    void aYearZeroTimeIsStoredAsTheSameInstantNotShifted() throws Exception {
        Instant yearZero = Instant.parse("0000-11-04T09:31:00Z");
        try (DuckDBConnection connection = open()) {
            try (RowWriter writer = new RowWriter(connection, Map.of("notes", NOTES), 1, staging(), 1)) {
                LogRecord record = new LogRecord(Event.builder("test").eventTime(yearZero).build(),
                        List.of(new TableRow("notes", new Object[] {"{}", 1L})), null, Position.START);
                writer.write(record, 1, "f");
                writer.flush();
            }
            connection.commit();
            assertThat(count(connection, "SELECT epoch_us(ev_event_time) FROM " + notes()))
                    .isEqualTo(yearZero.getEpochSecond() * 1_000_000L);
            assertThat(count(connection, "SELECT count(*) FROM " + notes() + " WHERE anomalies = ['time_out_of_range']")).isEqualTo(1);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT CAST(ev_event_time AS TIMESTAMP)::VARCHAR FROM " + notes())) {
                result.next();
                // DuckDB has no year 0: it writes the same instant as 1 BC (astronomical year 0 = 1 BC).
                assertThat(result.getString(1)).isEqualTo("0001-11-04 (BC) 09:31:00");
            }
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

    private static final TableSchema FLOWS = new TableSchema("flows", "test rows with a projected time", List.of(
            Column.of("start_time", ColumnType.TIMESTAMP, "start"), Column.of("end_time", ColumnType.TIMESTAMP, "end"),
            Column.of("seq", ColumnType.BIGINT, "position")),
            dev.cloudsift.core.EventsProjection.builder("flows").set("event_time", "COALESCE(start_time, end_time)").build());

    @Test
    void rowsOfOneBatchSpanningSeveralDatesLandInTheirDatePartsSortedByTime() throws Exception {
        Instant base = Instant.parse("2026-10-01T22:00:00Z");
        int total = TableBatch.CHUNK_ROWS * 2 + 500; // out of order across several Arrow batches of a part
        java.util.Random random = new java.util.Random(7);
        try (DuckDBConnection connection = open()) {
            try (RowWriter writer = new RowWriter(connection, Map.of("flows", FLOWS), 1, staging(), 1)) {
                for (int i = 0; i < total; i++) {
                    // three dates, times out of order, many ties (seconds), a tenth with only an end time
                    Instant time = base.plusSeconds(random.nextInt(3 * 24 * 3600) / 60 * 60);
                    Object[] values = i % 10 == 0 ? new Object[] {null, time, (long) i} : new Object[] {time, null, (long) i};
                    writer.write(new LogRecord(null, List.of(new TableRow("flows", values)), null, Position.START), 1, "f");
                }
                for (int i = 0; i < 3; i++) {
                    writer.write(new LogRecord(null, List.of(new TableRow("flows", new Object[] {null, null, -1L})), null,
                            Position.START), 1, "f");
                }
                writer.flush();
            }
            connection.commit();
            String parts = "read_parquet('" + staging().resolve("tables/flows") + "/*/*.parquet', filename = true, "
                    + "hive_partitioning = true)";
            assertThat(count(connection, "SELECT count(*) FROM " + parts)).isEqualTo(total + 3);
            assertThat(count(connection, "SELECT count(DISTINCT date) FROM " + parts)).isEqualTo(5); // four days and the no-date partition
            assertThat(count(connection, "SELECT count(*) FROM " + parts + " WHERE date = '" + dev.cloudsift.store.PartLayout.NO_DATE
                    + "' AND start_time IS NULL AND end_time IS NULL AND seq = -1")).isEqualTo(3);
            assertThat(count(connection, "SELECT count(*) FROM " + parts + " WHERE date <> '" + dev.cloudsift.store.PartLayout.NO_DATE
                    + "' AND date <> strftime(COALESCE(start_time, end_time), '%Y-%m-%d')")).isZero();
            // Within each file, rows in time order, ties in row id order, and the row ids those of their values.
            assertThat(count(connection, "SELECT count(*) FROM (SELECT row_id, COALESCE(start_time, end_time) AS t, "
                    + "lag(COALESCE(start_time, end_time)) OVER w AS pt, lag(row_id) OVER w AS pr, seq, file_row_number "
                    + "FROM read_parquet('" + staging().resolve("tables/flows") + "/*/*.parquet', filename = true, "
                    + "file_row_number = true) WINDOW w AS (PARTITION BY filename ORDER BY file_row_number)) "
                    + "WHERE pt > t OR (pt = t AND pr > row_id) OR (seq >= 0 AND row_id - 1 <> seq)")).isZero();
        }
    }
}
