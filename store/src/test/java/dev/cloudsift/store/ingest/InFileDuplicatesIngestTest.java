package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Later copies of a dedupe key inside one file are dropped on the parsing thread: the ledger counts them as that
 * file's duplicates as the deduplicator would, the first copy keeps its row id and offset, and no part is rewritten
 * for them.
 */
class InFileDuplicatesIngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();
    private static final String STREAM = "exportedlogs/367b6cca-64a6-1653-82ce-265dae29b154/i-0123456789abcdef0/var/log/secure/";
    private static final String FIRST = "2026-10-04T01:09:49.309Z Oct 04 01:09:49 ip-10-0-1-23 sshd[8522]: Invalid user admin from 203.0.113.45 port 36507";
    private static final String SECOND = "2026-10-04T01:09:50.133Z Oct 04 01:09:50 ip-10-0-1-23 sudo: ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/id";
    private static final String THIRD = "2026-10-04T01:09:51.708Z Oct 04 01:09:51 ip-10-0-1-23 systemd[1]: Started Session 2 of user ec2-user.";
    private static final String FOURTH = "2026-10-04T01:09:52.001Z Oct 04 01:09:52 ip-10-0-1-23 sshd[8523]: Invalid user root from 203.0.113.46 port 36508";
    /** The same line as FIRST a millisecond later: another key, so it is stored. */
    private static final String FIRST_LATER = FIRST.replace("49.309Z", "49.310Z");

    @TempDir
    Path folder;

    @Test
    void laterCopiesInAFileAreDroppedAndCountedAsItsDuplicatesWhileTheFirstCopyKeepsItsRowIdAndOffset() throws Exception {
        Path logs = folder.resolve("logs");
        Path a = gzipLines(logs.resolve(STREAM + "000001.gz"), FIRST, SECOND, FIRST, THIRD, FIRST, FIRST_LATER);
        // B repeats A's THIRD (a copy across files, left to the deduplicator) and its own FOURTH.
        Path b = gzipLines(logs.resolve(STREAM + "000002.gz"), FOURTH, THIRD, FOURTH);
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        FileResult first = file(summary, a);
        FileResult second = file(summary, b);
        assertThat(List.of(first.read(), first.stored(), first.duplicates())).containsExactly(6L, 4L, 2L);
        assertThat(List.of(second.read(), second.stored(), second.duplicates())).containsExactly(3L, 1L, 2L);
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            assertThat(store.scalarLong("SELECT sum(duplicates) FROM ingest_files WHERE file_id = " + first.fileId())).isEqualTo(2);
            assertThat(store.scalarLong("SELECT sum(duplicates) FROM ingest_files WHERE file_id = " + second.fileId())).isEqualTo(2);
            assertThat(rows(store, "SELECT row_id, origin_offset FROM events ORDER BY row_id")).containsExactly(
                    List.of(RowIds.of(first.fileId(), 0), 0L),
                    List.of(RowIds.of(first.fileId(), 1), (long) FIRST.length() + 1),
                    List.of(RowIds.of(first.fileId(), 3), 2L * (FIRST.length() + 1) + SECOND.length() + 1),
                    List.of(RowIds.of(first.fileId(), 5), 3L * (FIRST.length() + 1) + SECOND.length() + 1
                            + THIRD.length() + 1),
                    List.of(RowIds.of(second.fileId(), 0), 0L));
        }
    }

    @Test
    void noPartIsRewrittenWhenEveryCopyIsInsideOneFile() throws Exception {
        Path logs = folder.resolve("logs");
        gzipLines(logs.resolve(STREAM + "000001.gz"), FIRST, SECOND, FIRST, SECOND, THIRD);
        gzipLines(logs.resolve(STREAM + "000002.gz"), FOURTH, FOURTH);
        Path caseFile = folder.resolve("case");

        IngestSummary summary = ingest(caseFile, logs);

        assertThat(summary.stored()).isEqualTo(4);
        assertThat(summary.duplicates()).isEqualTo(3);
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE table_name = 'cloudwatch'")).isPositive();
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE path LIKE '%-d.parquet'")).isZero();
            assertThat(store.scalarLong("SELECT count(*) FROM cloudwatch")).isEqualTo(4);
        }
        try (Stream<Path> files = Files.walk(caseFile.resolve("tables"))) {
            assertThat(files.map(Path::toString).filter(name -> name.endsWith(".parquet")))
                    .isNotEmpty().noneMatch(name -> name.endsWith("-d.parquet"));
        }
    }

    @Test
    void keysBeyondTheBoundAreNotRememberedButThoseRememberedStillMatch() {
        EarlierKeys keys = new EarlierKeys(2 * (1 + 96));

        assertThat(keys.seen("a")).isFalse();
        assertThat(keys.seen("b")).isFalse();
        assertThat(keys.seen("c")).as("read after the bound: not remembered").isFalse();
        assertThat(keys.seen("c")).as("so its copy is left to the deduplicator").isFalse();
        assertThat(keys.seen("a")).isTrue();
        assertThat(keys.seen("b")).isTrue();
        assertThat(keys.seen(null)).isFalse();
        assertThat(keys.seen(null)).isFalse();
    }

    private static IngestSummary ingest(Path caseFile, Path logs) throws Exception {
        IngestSummary summary;
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            summary = new Ingest(store, REGISTRY).run(new IngestOptions(List.of(logs), Map.of(), 2), IngestListener.NONE);
        }
        for (FileResult file : summary.files()) {
            assertThat(file.read()).as(file.path()).isEqualTo(file.stored() + file.duplicates() + file.quarantined());
            assertThat(file.format()).as(file.path()).startsWith("cloudwatch");
        }
        return summary;
    }

    private static FileResult file(IngestSummary summary, Path path) {
        return summary.files().stream().filter(file -> file.path().equals(path.toString())).findFirst().orElseThrow();
    }

    private static List<List<Long>> rows(CaseStore store, String sql) throws Exception {
        List<List<Long>> rows = new ArrayList<>();
        try (Statement statement = store.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(List.of(result.getLong(1), result.getLong(2)));
            }
        }
        return rows;
    }

    private static Path gzipLines(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
