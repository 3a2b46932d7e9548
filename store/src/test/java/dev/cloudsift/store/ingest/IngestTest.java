package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    private IngestSummary ingest(Path caseFile, Path... inputs) throws Exception {
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            return new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(inputs)), IngestListener.NONE);
        }
    }

    /** With one parsing thread, the files are read one after the other in the walker's order. */
    private IngestSummary ingestOnOneThread(Path caseFile, Path... inputs) throws Exception {
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            return new Ingest(store, REGISTRY).run(new IngestOptions(List.of(inputs), Map.of(), 1), IngestListener.NONE);
        }
    }

    private long count(Path caseFile, String sql) throws SQLException {
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            return store.scalarLong(sql);
        }
    }

    private static void assertReconciled(IngestSummary summary) {
        for (FileResult file : summary.files()) {
            assertThat(file.read()).as(file.path()).isEqualTo(file.stored() + file.duplicates() + file.quarantined());
        }
    }

    @Test
    void storesEveryRecordOfAFolderOfTrailFilesInEventsAndCloudtrail() throws Exception {
        Path logs = folder.resolve("logs");
        TrailFiles.writeTrailFile(logs, "AAAA", TrailFiles.records(120, 0));
        TrailFiles.writeTrailFile(logs, "BBBB", TrailFiles.records(80, 1000));
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        assertThat(summary.stored()).isEqualTo(200);
        assertThat(summary.quarantined()).isZero();
        assertReconciled(summary);
        assertThat(count(caseFile, "SELECT count(*) FROM events WHERE source = 'cloudtrail'")).isEqualTo(200);
        assertThat(count(caseFile, "SELECT count(*) FROM cloudtrail c JOIN events e USING (row_id)")).isEqualTo(200);
        assertThat(count(caseFile, "SELECT count(*) FROM ingest_files WHERE status = 'ok' AND hint_account_id = '111122223333'"
                + " AND hint_region = 'us-east-1' AND hint_date = DATE '2025-11-04' AND content_sha256 IS NOT NULL")).isEqualTo(2);
        IngestSummary.SourceTotals cloudtrail = summary.sources().get(0);
        assertThat(cloudtrail.source()).isEqualTo("cloudtrail");
        assertThat(cloudtrail.accounts()).containsExactly("111122223333");
        assertThat(cloudtrail.regions()).containsExactly("us-east-1");
    }

    @Test
    void aCaseIsAFolderOfZstdParquetPartsPerDateSortedByTimeWithUtcTimestampsAndRelativePaths() throws Exception {
        Path logs = folder.resolve("logs");
        List<String> records = new java.util.ArrayList<>(TrailFiles.records(300, 0));
        java.util.Collections.reverse(records);
        records.add(TrailFiles.record("00000000-0000-4000-8000-999999999999", "ListUsers", "2025-11-05T01:00:00Z", "198.51.100.1"));
        TrailFiles.writeTrailFile(logs, "AAAA", records);
        Path caseFile = folder.resolve("case");

        ingest(caseFile, logs);

        assertThat(caseFile.resolve("catalogue.duckdb")).isRegularFile();
        assertThat(caseFile.resolve("staging")).doesNotExist();
        try (CaseStore store = CaseStore.openReadOnly(caseFile); Statement statement = store.connection().createStatement()) {
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE table_name = 'cloudtrail' AND date = '2025-11-04' "
                    + "AND path LIKE 'tables/cloudtrail/date=2025-11-04/part-1-%.parquet' AND rows = 300")).isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE table_name = 'cloudtrail' AND date = '2025-11-05'"))
                    .isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE path LIKE '/%' OR path LIKE '%" + folder.getFileName() + "%'"))
                    .as("no absolute path").isZero();
            String part = caseFile.resolve("tables/cloudtrail/date=2025-11-04").toFile().listFiles()[0].toString();
            assertThat(store.scalarLong("SELECT count(*) FROM parquet_metadata('" + part + "') WHERE compression <> 'ZSTD'"))
                    .isZero();
            assertThat(store.scalarLong("SELECT count(*) FROM parquet_schema('" + part + "') "
                    + "WHERE name = 'event_time' AND logical_type LIKE '%isAdjustedToUTC=1%'")).isEqualTo(1);
            try (ResultSet times = statement.executeQuery("SELECT event_time FROM read_parquet('" + part + "')")) {
                java.sql.Timestamp previous = null;
                while (times.next()) {
                    java.sql.Timestamp time = times.getTimestamp(1);
                    assertThat(previous == null || !time.before(previous)).as("sorted by time").isTrue();
                    previous = time;
                }
            }
            assertThat(store.scalarLong("SELECT count(*) FROM events WHERE event_time = TIMESTAMP '2025-11-05 01:00:00'"))
                    .as("event times read back as UTC wall time").isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM cloudtrail WHERE event_time = TIMESTAMP '2025-11-05 01:00:00'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aPartRewrittenWithoutItsDuplicatesStaysSortedByTimeThenRowId() throws Exception {
        Path logs = folder.resolve("logs");
        List<String> records = new java.util.ArrayList<>(TrailFiles.records(300, 0));
        java.util.Collections.reverse(records);
        TrailFiles.writeTrailFile(logs, "AAAA", records);
        List<String> copies = new java.util.ArrayList<>(TrailFiles.records(120, 200));
        java.util.Collections.shuffle(copies, new java.util.Random(7));
        TrailFiles.writeTrailFile(logs, "BBBB", copies);
        Path caseFile = folder.resolve("case");

        // One parsing thread: with two, which thread reads which file decides whether both files' rows share a part.
        IngestSummary summary = ingestOnOneThread(caseFile, logs);

        assertReconciled(summary);
        assertThat(summary.stored()).isEqualTo(320);
        assertThat(summary.duplicates()).isEqualTo(100);
        try (CaseStore store = CaseStore.openReadOnly(caseFile); Statement statement = store.connection().createStatement()) {
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE table_name = 'cloudtrail' AND rows = 320"
                    + " AND path LIKE '%-d.parquet'")).as("the part holding the copies was rewritten").isEqualTo(1);
            String part = caseFile.resolve("tables/cloudtrail/date=2025-11-04").toFile().listFiles()[0].toString();
            try (ResultSet rows = statement.executeQuery("SELECT epoch_us(event_time), row_id FROM read_parquet('" + part + "')")) {
                long previousTime = Long.MIN_VALUE;
                long previousRow = Long.MIN_VALUE;
                while (rows.next()) {
                    long time = rows.getLong(1);
                    long row = rows.getLong(2);
                    assertThat(time > previousTime || (time == previousTime && row > previousRow)).as("sorted").isTrue();
                    previousTime = time;
                    previousRow = row;
                }
            }
        }
    }

    @Test
    void everySourceTableIsAViewWithItsColumnsEvenBeforeAnythingIsIngestedIntoIt() throws Exception {
        Path caseFile = folder.resolve("case");
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            assertThat(store.scalarLong("SELECT count(*) FROM vpcflow")).isZero();
            assertThat(store.scalarLong("SELECT count(*) FROM events")).isZero();
            assertThat(dev.cloudsift.store.CaseSchema.columns(store.connection(), "events")).startsWith("row_id", "event_time")
                    .contains("origin_file", "origin_offset", "file_id");
            assertThat(dev.cloudsift.store.CaseSchema.columns(store.connection(), "vpcflow")).first().isEqualTo("row_id");
        }
    }

    @Test
    void rowIdsAreTheFileIdAndTheRecordsIndexInItWhateverTheNumberOfParsingThreads() throws Exception {
        Path logs = folder.resolve("logs");
        for (int i = 0; i < 8; i++) {
            TrailFiles.writeTrailFile(logs, "F" + i, TrailFiles.records(50 + i, 1000 * i));
        }
        String ids = "SELECT string_agg(row_id || ':' || event_id, ',' ORDER BY row_id) FROM events";
        String[] seen = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            Path caseFile = folder.resolve("case" + threads);
            try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
                new Ingest(store, REGISTRY).run(new IngestOptions(List.of(logs), Map.of(), threads), IngestListener.NONE);
            }
            try (CaseStore store = CaseStore.openReadOnly(caseFile); Statement statement = store.connection().createStatement()) {
                assertThat(store.scalarLong("SELECT count(*) FROM (SELECT file_id, row_id, row_number() OVER "
                        + "(PARTITION BY file_id ORDER BY origin_offset) - 1 AS index FROM events) "
                        + "WHERE row_id <> (file_id::BIGINT << 32) + index")).isZero();
                try (ResultSet result = statement.executeQuery(ids)) {
                    result.next();
                    seen[threads - 1] = result.getString(1);
                }
            }
        }
        assertThat(seen[1]).isEqualTo(seen[0]);
    }

    @Test
    void theFirstCopyInSortedPathOrderWinsWhateverTheOrderFilesWereRead() throws Exception {
        Path logs = folder.resolve("logs");
        for (int i = 0; i < 6; i++) {
            // Every file repeats the same 40 events, each in another order so no two files share their bytes (the
            // ledger's same-bytes rule would otherwise decide); only the file that sorts first may keep them.
            List<String> trail = new java.util.ArrayList<>(TrailFiles.records(40, 0));
            java.util.Collections.rotate(trail, i);
            TrailFiles.writeTrailFile(logs, "F" + (5 - i), trail);
            List<String> plain = new java.util.ArrayList<>(TrailFiles.records(40, 0));
            java.util.Collections.rotate(plain, 20 + i);
            Files.write(logs.resolve("x" + i + ".json"), TrailFiles.recordsFile(plain));
        }
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        assertThat(summary.stored()).isEqualTo(40);
        assertReconciled(summary);
        assertThat(count(caseFile, "SELECT count(DISTINCT origin_file) FROM events")).isEqualTo(1);
        String first = summary.files().stream().map(FileResult::path).sorted().findFirst().orElseThrow();
        try (CaseStore store = CaseStore.openReadOnly(caseFile); Statement statement = store.connection().createStatement();
             ResultSet origin = statement.executeQuery("SELECT DISTINCT origin_file FROM events")) {
            origin.next();
            assertThat(origin.getString(1)).isEqualTo(first);
        }
    }

    @Test
    void ofFilesWithTheSameBytesTheFirstInSortedPathOrderIsKeptWhateverOrderTheyAreHashedIn() throws Exception {
        List<String> records = new java.util.ArrayList<>(TrailFiles.records(30, 0));
        records.add("42"); // not a record: quarantined once, with the kept file
        // The walker reads the inputs in the order given, so the later paths are hashed first.
        Path[] copies = {folder.resolve("z-copy"), folder.resolve("m-copy"), folder.resolve("a-copy")};
        for (Path copy : copies) {
            TrailFiles.writeTrailFile(copy, "AAAA", records);
        }
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingestOnOneThread(caseFile, copies);

        assertReconciled(summary);
        FileResult kept = summary.files().stream().filter(file -> file.status() != FileStatus.ALREADY_INGESTED)
                .collect(java.util.stream.Collectors.toList()).get(0);
        assertThat(kept.path()).startsWith(copies[2].toString());
        assertThat(kept.stored()).isEqualTo(30);
        assertThat(summary.files()).hasSize(3).filteredOn(file -> file != kept).allSatisfy(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.ALREADY_INGESTED);
            assertThat(file.sameAsFileId()).isEqualTo(kept.fileId());
            assertThat(file.read()).isZero();
        });
        assertThat(count(caseFile, "SELECT count(*) FROM events")).isEqualTo(30);
        assertThat(count(caseFile, "SELECT count(*) FROM events WHERE origin_file = '" + kept.path() + "'")).isEqualTo(30);
        assertThat(count(caseFile, "SELECT count(*) FROM quarantine WHERE file_id = " + kept.fileId())).isEqualTo(1);
        assertThat(count(caseFile, "SELECT count(*) FROM quarantine")).isEqualTo(1);
        assertThat(count(caseFile, "SELECT count(*) FROM ingest_files WHERE status = 'ok' OR status = 'partial'")).isEqualTo(1);
    }

    @Test
    void reingestingTheSameFilesAddsNothingAndSaysSo() throws Exception {
        Path logs = folder.resolve("logs");
        TrailFiles.writeTrailFile(logs, "AAAA", TrailFiles.records(50, 0));
        Path caseFile = folder.resolve("case");
        ingest(caseFile, logs);

        IngestSummary again = ingest(caseFile, logs);

        assertThat(again.stored()).isZero();
        assertThat(again.files()).singleElement().satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.ALREADY_INGESTED);
            assertThat(file.whyNothingStored()).startsWith("already ingested");
        });
        assertThat(count(caseFile, "SELECT count(*) FROM events")).isEqualTo(50);
    }

    @Test
    void theSameEventFromTwoAcquisitionsIsStoredOnceAndCountedAsDuplicate() throws Exception {
        Path logs = folder.resolve("logs");
        TrailFiles.writeTrailFile(logs, "AAAA", TrailFiles.records(30, 0));
        // A second trail delivering an overlapping window: 10 of its records are copies.
        TrailFiles.writeTrailFile(logs, "BBBB", TrailFiles.records(20, 20));
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        assertThat(summary.stored()).isEqualTo(40);
        assertThat(summary.duplicates()).isEqualTo(10);
        assertReconciled(summary);
        assertThat(count(caseFile, "SELECT count(*) FROM cloudtrail")).isEqualTo(40);
        assertThat(count(caseFile, "SELECT count(DISTINCT event_id) FROM cloudtrail")).isEqualTo(40);
        assertThat(count(caseFile, "SELECT sum(duplicates) FROM ingest_files")).isEqualTo(10);
    }

    @Test
    void duplicatesAcrossSeparateIngestsAreRemovedToo() throws Exception {
        Path first = folder.resolve("first");
        Path second = folder.resolve("second");
        TrailFiles.writeTrailFile(first, "AAAA", TrailFiles.records(30, 0));
        TrailFiles.writeTrailFile(second, "CCCC", TrailFiles.records(30, 15));
        Path caseFile = folder.resolve("case");
        ingest(caseFile, first);

        IngestSummary summary = ingest(caseFile, second);

        assertThat(summary.duplicates()).isEqualTo(15);
        assertThat(summary.stored()).isEqualTo(15);
        assertThat(count(caseFile, "SELECT count(*) FROM events")).isEqualTo(45);
    }

    @Test
    void whatAnIngestCutOffBeforeItsCommitLeftIsRemovedAndTheCaseIsAsBefore() throws Exception {
        Path first = folder.resolve("first");
        TrailFiles.writeTrailFile(first, "AAAA", TrailFiles.records(20, 0));
        Path caseFile = folder.resolve("case");
        ingest(caseFile, first);
        List<String> before = caseFiles(caseFile);
        // What a run killed at any step leaves: staged parts, and parts moved into tables/ that no commit listed.
        Path staged = Files.createDirectories(caseFile.resolve("staging/2/tables/cloudtrail/date=2025-11-04"));
        Files.writeString(staged.resolve("part-2-1-0.parquet"), "half written");
        Path moved = caseFile.resolve("tables/cloudtrail/date=2025-11-04/part-2-1-0.parquet");
        Files.copy(caseFile.resolve(before.stream().filter(p -> p.startsWith("tables/")).findFirst().orElseThrow()), moved);
        Files.createDirectories(caseFile.resolve("tables/cloudtrail/date=2025-11-09"));
        Files.writeString(caseFile.resolve("tables/cloudtrail/date=2025-11-09/part-2-2-0.parquet"), "x");

        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            assertThat(store.scalarLong("SELECT count(*) FROM cloudtrail")).isEqualTo(20);
        }

        assertThat(caseFiles(caseFile)).containsExactlyElementsOf(before);
        Path second = folder.resolve("second");
        TrailFiles.writeTrailFile(second, "BBBB", TrailFiles.records(10, 500));
        assertThat(ingest(caseFile, second).stored()).isEqualTo(10);
        assertThat(count(caseFile, "SELECT count(*) FROM events")).isEqualTo(30);
    }

    /** Every file of the case but the catalogue (which DuckDB rewrites as it likes), relative, sorted. */
    private static List<String> caseFiles(Path caseFile) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(caseFile)) {
            return files.filter(Files::isRegularFile).map(f -> caseFile.relativize(f).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("catalogue.duckdb")).sorted().toList();
        }
    }

    @Test
    void truncatedGzipKeepsTheRecordsBeforeTheBreakAndQuarantinesTheRest() throws Exception {
        byte[] whole = TrailFiles.gzip(TrailFiles.recordsFile(TrailFiles.records(400, 0)));
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.write(logs.resolve("cut.json.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        FileResult file = summary.files().get(0);
        assertThat(file.status()).isEqualTo(FileStatus.PARTIAL);
        assertThat(file.stored()).isGreaterThan(100).isLessThan(400);
        assertThat(file.quarantined()).isEqualTo(1);
        assertThat(file.error()).contains("truncated").contains("the rest is quarantined");
        assertReconciled(summary);
        assertThat(count(caseFile, "SELECT count(*) FROM quarantine WHERE path LIKE '%cut.json.gz' AND \"offset\" > 0")).isEqualTo(1);
        assertThat(file.contentSha256()).as("no content hash for a file that could not be read whole").isNull();
    }

    @Test
    void everyMemberOfAConcatenatedGzipFileIsRead() throws Exception {
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        // A Records file split across two gzip members, as some writers produce.
        byte[] content = TrailFiles.recordsFile(TrailFiles.records(10, 0));
        int half = content.length / 2;
        twoMembers.write(TrailFiles.gzip(Arrays.copyOfRange(content, 0, half)));
        twoMembers.write(TrailFiles.gzip(Arrays.copyOfRange(content, half, content.length)));
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.write(logs.resolve("two-members.gz"), twoMembers.toByteArray());

        IngestSummary summary = ingest(folder.resolve("case"), logs);

        assertThat(summary.stored()).isEqualTo(10);
        assertThat(summary.quarantined()).isZero();
    }

    @Test
    void emptyAndUnrecognisedFilesAreListedWithTheirReason() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.write(logs.resolve("zero.json"), new byte[0]);
        Files.writeString(logs.resolve("notes.txt"), "shopping list: \u001b[31mmilk\u001b[0m, eggs\n");

        IngestSummary summary = ingest(folder.resolve("case"), logs);

        assertThat(summary.files()).extracting(FileResult::status)
                .containsExactlyInAnyOrder(FileStatus.EMPTY, FileStatus.UNRECOGNISED);
        FileResult unrecognised = summary.files().stream().filter(f -> f.status() == FileStatus.UNRECOGNISED).findFirst().orElseThrow();
        assertThat(unrecognised.whyNothingStored()).startsWith("content not recognised: no format recognises it; it starts with \"shopping list: \\u001b[31m");
        assertThat(summary.filesWithRemarks()).hasSize(2);
    }

    @Test
    void archivesAreOpenedByTheirMagicBytesWhateverTheirName() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/11/04/a.json.gz"));
            out.write(TrailFiles.gzip(TrailFiles.recordsFile(TrailFiles.records(5, 0))));
            out.putNextEntry(new ZipEntry("plain-records.txt"));
            out.write(TrailFiles.recordsFile(TrailFiles.records(5, 100)));
        }
        Files.write(logs.resolve("export.bin"), zip.toByteArray());
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(tar))) {
            byte[] member = TrailFiles.recordsFile(TrailFiles.records(7, 200));
            TarArchiveEntry entry = new TarArchiveEntry("inner/trail.json");
            entry.setSize(member.length);
            out.putArchiveEntry(entry);
            out.write(member);
            out.closeArchiveEntry();
        }
        Files.write(logs.resolve("bundle.dat"), tar.toByteArray());
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        assertThat(summary.stored()).isEqualTo(17);
        assertThat(summary.files()).extracting(FileResult::path).anySatisfy(path -> assertThat(path).endsWith(
                "export.bin!/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/11/04/a.json.gz"))
                .anySatisfy(path -> assertThat(path).endsWith("bundle.dat!/inner/trail.json"));
        assertThat(count(caseFile, "SELECT count(*) FROM ingest_files WHERE hint_region = 'eu-west-1'")).isEqualTo(1);
    }

    @Test
    void aDecompressionBombIsRefusedWithAClearErrorAndTheIngestGoesOn() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (OutputStream out = new java.util.zip.GZIPOutputStream(bomb)) {
            byte[] prefix = ("{\"Records\":[" + TrailFiles.records(1, 500).get(0) + ",").getBytes(StandardCharsets.UTF_8);
            out.write(prefix);
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 300; i++) {
                out.write(spaces);
            }
        }
        Files.write(logs.resolve("bomb.json.gz"), bomb.toByteArray());
        TrailFiles.writeTrailFile(logs, "GOOD", TrailFiles.records(3, 0));

        IngestSummary summary = ingest(folder.resolve("case"), logs);

        assertThat(summary.stored()).isEqualTo(4);
        FileResult bombResult = summary.files().stream().filter(f -> f.path().endsWith("bomb.json.gz")).findFirst().orElseThrow();
        assertThat(bombResult.quarantined()).isEqualTo(1);
        assertThat(bombResult.error()).contains("decompression bomb");
        assertReconciled(summary);
    }

    @Test
    void aCaseFromANewerCloudsiftIsRefusedWithAClearMessage() throws Exception {
        Path caseFile = folder.resolve("case");
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats());
             Statement statement = store.connection().createStatement()) {
            statement.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaseStore.openReadOnly(caseFile))
                .hasMessageContaining("was written by a newer Cloudsift (case schema 999)");
    }

    @Test
    void theLedgerAndQuarantineKeepFileOffsetAndReason() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        List<String> records = new java.util.ArrayList<>(TrailFiles.records(3, 0));
        records.add(1, "{\"eventVersion\":\"1.09\",\"eventTime\":12345,\"eventID\":\"bad\"}");
        Files.write(logs.resolve("mixed.json"), TrailFiles.recordsFile(records));
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        assertThat(summary.stored()).isEqualTo(3);
        assertThat(summary.quarantined()).isEqualTo(1);
        try (CaseStore store = CaseStore.openReadOnly(caseFile);
             Statement statement = store.connection().createStatement();
             ResultSet result = statement.executeQuery("SELECT path, \"offset\", reason, raw FROM quarantine")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).endsWith("mixed.json");
            assertThat(result.getLong(2)).isPositive();
            assertThat(result.getString(3)).containsIgnoringCase("eventTime");
            assertThat(new String(result.getBytes(4), StandardCharsets.UTF_8)).contains("\"eventID\":\"bad\"");
        }
        assertThat(count(caseFile, "SELECT quarantined FROM ingest_files")).isEqualTo(1);
    }
}
