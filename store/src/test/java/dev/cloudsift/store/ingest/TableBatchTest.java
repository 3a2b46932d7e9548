package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.store.ingest.TableBatch.BatchColumn;
import dev.cloudsift.store.ingest.TableBatch.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableBatchTest {
    private static final List<BatchColumn> COLUMNS = List.of(
            new BatchColumn("id", Kind.BIGINT), new BatchColumn("name", Kind.VARCHAR), new BatchColumn("doc", Kind.JSON),
            new BatchColumn("port", Kind.INTEGER), new BatchColumn("score", Kind.DOUBLE), new BatchColumn("ok", Kind.BOOLEAN),
            new BatchColumn("seen_at", Kind.TIMESTAMP), new BatchColumn("blob", Kind.BLOB));

    @TempDir
    Path folder;

    private DuckDBConnection open() throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("t.duckdb"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, doc JSON, port INTEGER, score DOUBLE, ok BOOLEAN, "
                    + "seen_at TIMESTAMP, blob BLOB)");
        }
        return connection;
    }

    /** DuckDB gives an Arrow stream back as it tears an insert down, which may end just after the statement. */
    private static void assertAllFreed(BufferAllocator allocator) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (allocator.getAllocatedMemory() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory still held").isZero();
    }

    @Test
    void storesEveryKindOfValueAndLeavesCellsNeverSetNull() throws Exception {
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
            batch.setLong(0, 7);
            batch.setString(1, "ünïcode \"quoted\"");
            batch.setString(2, "{\"a\":[1,2]}");
            batch.setInt(3, 443);
            batch.setDouble(4, 0.5);
            batch.setBoolean(5, true);
            batch.setEpochMicros(6, 1_700_000_000_123_456L);
            batch.setBytes(7, new byte[] {0, (byte) 0xff});
            batch.endRow();
            batch.setLong(0, 8);
            batch.endRow();
            batch.insertInto(connection);

            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT name, doc->>'$.a[1]', port, score, ok, "
                         + "strftime(seen_at, '%Y-%m-%dT%H:%M:%S.%f'), hex(blob) FROM t ORDER BY id")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("ünïcode \"quoted\"");
                assertThat(row.getString(2)).isEqualTo("2");
                assertThat(row.getInt(3)).isEqualTo(443);
                assertThat(row.getDouble(4)).isEqualTo(0.5);
                assertThat(row.getBoolean(5)).isTrue();
                assertThat(row.getString(6)).isEqualTo("2023-11-14T22:13:20.123456");
                assertThat(row.getString(7)).isEqualTo("00FF");
                assertThat(row.next()).isTrue();
                for (int i = 1; i <= 7; i++) {
                    assertThat(row.getObject(i)).as("column %d of a row with only its id set", i).isNull();
                }
                assertThat(row.next()).isFalse();
            }
        }
    }

    @Test
    void manyBatchesReuseTheSameMemoryAndGiveItAllBackOnClose() throws Exception {
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator()) {
            long afterFirst = 0;
            try (TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
                byte[] big = "x".repeat(4096).getBytes(StandardCharsets.UTF_8);
                for (int round = 0; round < 40; round++) {
                    for (int i = 0; i < 500; i++) {
                        batch.setLong(0, round * 500L + i);
                        batch.setBytes(1, big);
                        batch.endRow();
                    }
                    batch.insertInto(connection);
                    if (round == 0) {
                        afterFirst = allocator.getAllocatedMemory();
                    }
                }
                assertThat(allocator.getAllocatedMemory()).isEqualTo(afterFirst);
            }
            assertAllFreed(allocator);
            try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery("SELECT count(*) FROM t")) {
                count.next();
                assertThat(count.getLong(1)).isEqualTo(20_000);
            }
        }
    }

    @Test
    void aRejectedBatchFailsWithDuckDbsReasonFreesItsMemoryAndStoresNothing() throws Exception {
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator()) {
            try (TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
                batch.setString(1, "a row without its id");
                batch.endRow();
                assertThatThrownBy(() -> batch.insertInto(connection)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("NOT NULL");
            }
            assertAllFreed(allocator);
            try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery("SELECT count(*) FROM t")) {
                count.next();
                assertThat(count.getLong(1)).isZero();
            }
        }
    }

    @Test
    void sparseTextAndBytesKeepTheirValuesBetweenRunsOfNullsAcrossBatches() throws Exception {
        int total = TableBatch.CHUNK_ROWS * 2 + 100;
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
            for (int i = 0; i < total; i++) {
                batch.setLong(0, i);
                if (i % 7 == 3) {
                    batch.setString(1, "n" + i);
                }
                if (i % 1000 == 999 || i == TableBatch.CHUNK_ROWS - 1) {
                    batch.setBytes(7, new byte[] {(byte) i});
                }
                batch.endRow();
            }
            batch.insertInto(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FILTER (WHERE name IS NOT NULL),"
                         + " count(*) FILTER (WHERE name IS DISTINCT FROM CASE WHEN id % 7 = 3 THEN 'n' || id END),"
                         + " count(*) FILTER (WHERE blob IS NOT NULL),"
                         + " count(*) FILTER (WHERE blob IS NOT NULL AND blob <> from_hex(lpad(to_hex(id % 256), 2, '0')))"
                         + " FROM t")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo((total + 3) / 7);
                assertThat(result.getLong(2)).as("rows whose text is not their own").isZero();
                assertThat(result.getLong(3)).isEqualTo(total / 1000 + 1);
                assertThat(result.getLong(4)).as("rows whose bytes are not their own").isZero();
            }
        }
    }

    @Test
    void rowsTakenSortedKeepEveryValueOfTheirOwn() throws Exception {
        int total = TableBatch.CHUNK_ROWS * 2 + 300;
        java.util.Random random = new java.util.Random(11);
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
            for (int i = 0; i < total; i++) {
                batch.setLong(0, i);
                if (i % 3 != 0) {
                    batch.setString(1, "name-" + i + "-".repeat(i % 50));
                }
                if (i % 5 == 1) {
                    batch.setString(2, "{\"i\":" + i + "}");
                }
                if (i % 2 == 0) {
                    batch.setInt(3, i);
                }
                batch.setDouble(4, i / 2.0);
                batch.setBoolean(5, i % 4 == 0);
                if (i % 9 != 0) {
                    batch.setEpochMicros(6, i * 1_000_000L);
                }
                if (i % 11 == 0) {
                    batch.setBytes(7, new byte[] {(byte) i, (byte) (i >> 8)});
                }
                batch.endRow(random.nextInt(1000));
            }
            batch.takeSorted("INSERT INTO t SELECT * FROM " + TableBatch.VIEW, null).run(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*),"
                         + " count(*) FILTER (WHERE name IS DISTINCT FROM CASE WHEN id % 3 <> 0 THEN 'name-' || id || repeat('-', (id % 50)::INT) END"
                         + " OR doc::VARCHAR IS DISTINCT FROM CASE WHEN id % 5 = 1 THEN '{\"i\":' || id || '}' END"
                         + " OR port IS DISTINCT FROM CASE WHEN id % 2 = 0 THEN id END"
                         + " OR score <> id / 2 OR ok <> (id % 4 = 0)"
                         + " OR seen_at IS DISTINCT FROM CASE WHEN id % 9 <> 0 THEN make_timestamp(id * 1000000) END"
                         + " OR blob IS DISTINCT FROM CASE WHEN id % 11 = 0 THEN from_hex(lpad(to_hex(id % 256), 2, '0')"
                         + " || lpad(to_hex((id >> 8) % 256), 2, '0')) END)"
                         + " FROM t")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(total);
                assertThat(result.getLong(2)).as("rows with a value not their own").isZero();
            }
        }
    }

    @Test
    void listsKeepTheirItemsAndEmptyAndNullCellsAcrossBatchesWhetherTakenSortedOrNot() throws Exception {
        int total = TableBatch.CHUNK_ROWS * 2 + 300;
        List<BatchColumn> columns = List.of(new BatchColumn("id", Kind.BIGINT), new BatchColumn("tags", Kind.VARCHAR_LIST));
        java.util.Random random = new java.util.Random(5);
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("l", columns, allocator)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE l (id BIGINT, tags VARCHAR[])");
            }
            for (boolean sorted : new boolean[] {false, true}) {
                for (int row = 0; row < total; row++) {
                    int i = row;
                    batch.setLong(0, i);
                    // Null, empty, one item, then as many items as the row's id modulo 4: runs of each kind.
                    switch (i % 7) {
                        case 0, 1 -> { }
                        case 2 -> batch.setStrings(1, List.of());
                        case 3 -> batch.setStrings(1, List.of("one-" + i));
                        default -> batch.setStrings(1, java.util.stream.IntStream.range(0, i % 4)
                                .mapToObj(k -> "t" + k + "-" + i).toList());
                    }
                    batch.endRow(sorted ? random.nextInt(1000) : i);
                }
                String insert = "INSERT INTO l SELECT * FROM " + TableBatch.VIEW;
                (sorted ? batch.takeSorted(insert, null) : batch.take(insert)).run(connection);
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE tags IS DISTINCT FROM"
                         + " CASE id % 7 WHEN 0 THEN NULL WHEN 1 THEN NULL WHEN 2 THEN []::VARCHAR[]"
                         + " WHEN 3 THEN ['one-' || id] ELSE list_transform(range(id % 4), k -> 't' || k || '-' || id) END)"
                         + " FROM l")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(2L * total);
                assertThat(result.getLong(2)).as("rows with a list not their own").isZero();
            }
        }
    }

    @Test
    void aCopyLandsWhereItsPathSaysEvenWhenTheFolderIsNamedLikeTheBatchesView() throws Exception {
        // A case folder may be named anything: the statement's view is renamed, never the same text in its target.
        Path target = java.nio.file.Files.createDirectories(folder.resolve(TableBatch.VIEW)).resolve("part.parquet");
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
            batch.setLong(0, 7);
            batch.setString(1, "seven");
            batch.endRow(0);
            batch.take("COPY (SELECT * FROM " + TableBatch.VIEW + ") TO '" + target + "' (FORMAT parquet)").run(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT id, name FROM read_parquet('" + target + "')")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(7);
                assertThat(result.getString(2)).isEqualTo("seven");
            }
        }
    }

    @Test
    void insertsOfTwoSchemasTakingTurnsOnOneConnectionEachLandWholeEvenAfterARejectedOne() throws Exception {
        List<BatchColumn> keys = List.of(new BatchColumn("k", Kind.VARCHAR));
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE k (k VARCHAR NOT NULL)");
            }
            try (TableBatch rows = new TableBatch("t", COLUMNS, allocator); TableBatch names = new TableBatch("k", keys, allocator)) {
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < 3; i++) {
                        rows.setLong(0, round * 3L + i);
                        rows.endRow();
                        names.setString(0, "r" + round + "-" + i);
                        names.endRow();
                    }
                    rows.insertInto(connection);
                    names.insertInto(connection);
                    if (round == 2) {
                        // Rejected while DuckDB scans the stream...
                        names.endRow();
                        assertThatThrownBy(() -> names.insertInto(connection)).isInstanceOf(SQLException.class)
                                .hasMessageContaining("NOT NULL");
                    }
                    if (round == 3) {
                        // ...and before it took the stream at all.
                        rows.setLong(0, -1);
                        rows.endRow();
                        TableBatch.Insert nowhere = rows.take("INSERT INTO missing SELECT * FROM " + TableBatch.VIEW);
                        assertThatThrownBy(() -> nowhere.run(connection)).isInstanceOf(SQLException.class)
                                .hasMessageContaining("missing");
                    }
                }
            }
            assertAllFreed(allocator);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT (SELECT count(DISTINCT id) FROM t), (SELECT count(DISTINCT k) FROM k)")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(15);
                assertThat(result.getLong(2)).isEqualTo(15);
            }
        }
    }

    @Test
    void runsOfRowsInOrderThatInterleaveOrFollowOutOfOrderAreWrittenInKeyThenArrivalOrderWithTheirOwnValues() throws Exception {
        // As a part gathers files: each file's rows in time order, the files' times overlapping or out of order, runs
        // across the batches' boundaries, ties between runs; written by the COPY a part is written with.
        List<BatchColumn> columns = new java.util.ArrayList<>(COLUMNS);
        columns.add(new BatchColumn("tags", Kind.VARCHAR_LIST));
        int[] runLengths = {5000, 3, 9000, 1, 700, 12000, 40, 8192, 2500};
        long[] runStarts = {50_000, 10_000, 30_000, 60_000, 0, 20_000, 10_000, 70_000, 29_000};
        Path target = folder.resolve("runs.parquet");
        int total = 0;
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("t", columns, allocator)) {
            for (int run = 0; run < runLengths.length; run++) {
                for (int k = 0; k < runLengths[run]; k++) {
                    int i = total++;
                    batch.setLong(0, i);
                    if (i % 3 != 0) {
                        batch.setString(1, "name-" + i + "-".repeat(i % 40));
                    }
                    if (i % 5 == 1) {
                        batch.setString(2, "{\"i\":" + i + "}");
                    }
                    if (i % 2 == 0) {
                        batch.setInt(3, i);
                    }
                    if (i % 13 != 0) {
                        batch.setDouble(4, i / 2.0);
                    }
                    if (i % 17 != 0) {
                        batch.setBoolean(5, i % 4 == 0);
                    }
                    batch.setEpochMicros(6, i * 1_000_000L);
                    if (i % 11 == 0) {
                        batch.setBytes(7, new byte[] {(byte) i, (byte) (i >> 8)});
                    }
                    if (i % 6 == 0) {
                        batch.setStrings(8, i % 4 == 0 ? List.of() : List.of("a" + i, "b" + i));
                    }
                    // Keys rise within a run by 2, so runs starting on the same key interleave with ties.
                    batch.endRow(runStarts[run] + 2L * (k / 2));
                }
            }
            batch.takeSorted("COPY (SELECT * FROM " + TableBatch.VIEW + ") TO '" + target + "' (FORMAT parquet, "
                    + "COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT 4096)", null).run(connection);
            assertAllFreed(allocator);
            StringBuilder keys = new StringBuilder("[");
            int first = 0;
            for (int run = 0; run < runLengths.length; run++) {
                keys.append(run == 0 ? "" : ", ").append("[").append(first).append(", ").append(first + runLengths[run])
                        .append(", ").append(runStarts[run]).append("]");
                first += runLengths[run];
            }
            keys.append("]");
            // The expected key of each id from its run, and the file's rows compared with the rows ordered by it.
            String expected = "SELECT id, r[3] + 2 * ((id - r[1]) // 2) AS key FROM read_parquet('" + target + "'), "
                    + "unnest(" + keys + "::BIGINT[][]) AS u(r) WHERE id >= r[1] AND id < r[2]";
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("WITH f AS (SELECT *, file_row_number FROM read_parquet('"
                         + target + "', file_row_number = true)), k AS (" + expected + "), "
                         + "o AS (SELECT id, row_number() OVER (ORDER BY key, id) - 1 AS position FROM k) "
                         + "SELECT count(*), count(*) FILTER (WHERE o.position <> f.file_row_number), "
                         + "count(*) FILTER (WHERE name IS DISTINCT FROM CASE WHEN f.id % 3 <> 0 THEN 'name-' || f.id || repeat('-', (f.id % 40)::INT) END"
                         + " OR doc::VARCHAR IS DISTINCT FROM CASE WHEN f.id % 5 = 1 THEN '{\"i\":' || f.id || '}' END"
                         + " OR port IS DISTINCT FROM CASE WHEN f.id % 2 = 0 THEN f.id END"
                         + " OR score IS DISTINCT FROM CASE WHEN f.id % 13 <> 0 THEN f.id / 2 END"
                         + " OR ok IS DISTINCT FROM CASE WHEN f.id % 17 <> 0 THEN f.id % 4 = 0 END"
                         + " OR epoch_us(seen_at) <> f.id * 1000000"
                         + " OR blob IS DISTINCT FROM CASE WHEN f.id % 11 = 0 THEN from_hex(lpad(to_hex(f.id % 256), 2, '0')"
                         + " || lpad(to_hex((f.id >> 8) % 256), 2, '0')) END"
                         + " OR tags IS DISTINCT FROM CASE WHEN f.id % 6 <> 0 THEN NULL WHEN f.id % 4 = 0 THEN []::VARCHAR[]"
                         + " ELSE ['a' || f.id, 'b' || f.id] END) "
                         + "FROM f JOIN o USING (id)")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(total);
                assertThat(result.getLong(2)).as("rows out of key-then-arrival order").isZero();
                assertThat(result.getLong(3)).as("rows with a value not their own").isZero();
            }
        }
    }

    @Test
    void rowsAlreadyInOrderOverSeveralBatchesAreWrittenAsTheyCame() throws Exception {
        Path target = folder.resolve("ordered.parquet");
        int total = TableBatch.CHUNK_ROWS * 3 + 17;
        try (DuckDBConnection connection = open(); BufferAllocator allocator = new RootAllocator();
             TableBatch batch = new TableBatch("t", COLUMNS, allocator)) {
            for (int i = 0; i < total; i++) {
                batch.setLong(0, i);
                if (i % 7 == 2) {
                    batch.setString(1, "n" + i);
                }
                batch.setBoolean(5, i % 3 == 0);
                batch.endRow(i / 10);
            }
            batch.takeSorted("COPY (SELECT * FROM " + TableBatch.VIEW + ") TO '" + target + "' (FORMAT parquet)", null)
                    .run(connection);
            assertAllFreed(allocator);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE id <> file_row_number"
                         + " OR name IS DISTINCT FROM CASE WHEN id % 7 = 2 THEN 'n' || id END OR ok <> (id % 3 = 0))"
                         + " FROM read_parquet('" + target + "', file_row_number = true)")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(total);
                assertThat(result.getLong(2)).as("rows moved or with a value not their own").isZero();
            }
        }
    }

    @Test
    void bitsCopiedAtAnyOffsetsMatchTheSourceBitForBitAndLeaveTheRestClear() {
        java.util.Random random = new java.util.Random(3);
        try (BufferAllocator allocator = new RootAllocator();
             org.apache.arrow.memory.ArrowBuf from = allocator.buffer(37); org.apache.arrow.memory.ArrowBuf to = allocator.buffer(41)) {
            for (int round = 0; round < 2_000; round++) {
                for (int b = 0; b < 37; b++) {
                    from.setByte(b, random.nextInt(256));
                }
                to.setZero(0, to.capacity());
                int index = random.nextInt(37 * 8);
                int at = random.nextInt(41 * 8);
                int count = random.nextInt(Math.min(37 * 8 - index, 41 * 8 - at) + 1);
                TableBatch.copyBits(from, index, to, at, count);
                for (int bit = 0; bit < 41 * 8; bit++) {
                    int expected = bit >= at && bit < at + count ? bitOf(from, index + bit - at) : 0;
                    assertThat(bitOf(to, bit)).as("bit %d of a copy of %d bits from %d to %d", bit, count, index, at)
                            .isEqualTo(expected);
                }
            }
        }
    }

    private static int bitOf(org.apache.arrow.memory.ArrowBuf buffer, int bit) {
        return (buffer.getByte(bit >>> 3) >>> (bit & 7)) & 1;
    }
}
