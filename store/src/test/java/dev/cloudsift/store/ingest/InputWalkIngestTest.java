package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ingest reads of folders with links, special files, broken archives and the case itself. */
class InputWalkIngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    private IngestSummary ingest(Path caseFile, Path... inputs) throws Exception {
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            return new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(inputs)), IngestListener.NONE);
        }
    }

    private static FileResult file(IngestSummary summary, String pathEnd) {
        return summary.files().stream().filter(f -> f.path().endsWith(pathEnd)).findFirst()
                .orElseThrow(() -> new AssertionError("no ledger row for " + pathEnd + " in " + summary.files()));
    }

    @Test
    void aSymlinkedFolderGivenAsTheArgumentIsRead() throws Exception {
        Path real = folder.resolve("real");
        TrailFiles.writeTrailFile(real, "AAAA", TrailFiles.records(12, 0));
        Path link = Files.createSymbolicLink(folder.resolve("link"), real);

        IngestSummary summary = ingest(folder.resolve("case"), link);

        assertThat(summary.stored()).isEqualTo(12);
        assertThat(summary.files()).singleElement().satisfies(f -> assertThat(f.path()).startsWith(link.toString()));
    }

    @Test
    void linksInsideTheTreeAreFollowedLinksOutsideAreListedWithTheirTargetAndLoopsAreCaught() throws Exception {
        Path tree = folder.resolve("tree");
        TrailFiles.writeTrailFile(tree.resolve("a"), "AAAA", TrailFiles.records(5, 0));
        Path elsewhere = folder.resolve("elsewhere");
        Path outsideFile = TrailFiles.writeTrailFile(elsewhere, "BBBB", TrailFiles.records(7, 100));
        Files.createDirectories(tree.resolve("b"));
        Path inside = TrailFiles.writeTrailFile(folder.resolve("tree/hidden"), "CCCC", TrailFiles.records(3, 200));
        Files.createSymbolicLink(tree.resolve("b/inside.json.gz"), inside);
        Files.createSymbolicLink(tree.resolve("b/outside-folder"), elsewhere);
        Files.createSymbolicLink(tree.resolve("b/outside-file.json.gz"), outsideFile);
        Files.createSymbolicLink(tree.resolve("b/loop"), tree);
        Files.createSymbolicLink(tree.resolve("b/dangling"), folder.resolve("gone"));

        IngestSummary summary = ingest(folder.resolve("case"), tree);

        assertThat(summary.stored()).as("a + hidden; the link to hidden is the same bytes").isEqualTo(8);
        assertThat(List.of(file(summary, "b/inside.json.gz").status(), file(summary, inside.getFileName().toString()).status()))
                .containsExactlyInAnyOrder(FileStatus.OK, FileStatus.ALREADY_INGESTED);
        assertThat(file(summary, "b/outside-folder").error())
                .isEqualTo("not read: symbolic link leads outside " + tree.toRealPath() + " to " + elsewhere.toRealPath());
        assertThat(file(summary, "b/outside-file.json.gz").error()).contains("leads outside").contains(outsideFile.toRealPath().toString());
        assertThat(file(summary, "b/loop").error()).isEqualTo("not read: symbolic link loop back to " + tree.toRealPath());
        assertThat(file(summary, "b/dangling").error()).isEqualTo("not read: broken symbolic link to " + folder.resolve("gone"));
        assertThat(summary.files()).filteredOn(f -> f.status() == FileStatus.FAILED).hasSize(4);
    }

    @Test
    void aFifoIsRefusedAndSaysWhatItIs() throws Exception {
        Path fifo = folder.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        IngestSummary summary = ingest(folder.resolve("case"), fifo, Path.of("/dev/zero"));

        assertThat(file(summary, "pipe").error()).isEqualTo("refused: not a regular file but a named pipe (FIFO)");
        assertThat(file(summary, "/dev/zero").error()).isEqualTo("refused: not a regular file but a character device");
    }

    @Test
    void theCaseFilesInsideTheFolderBeingIngestedAreNotReadIntoTheCase() throws Exception {
        Path logs = folder.resolve("logs");
        TrailFiles.writeTrailFile(logs, "AAAA", TrailFiles.records(4, 0));
        Path caseFile = logs.resolve("cloudsift-case");
        Path otherCase = Files.createDirectories(logs.resolve("older-case/tables"));
        Files.writeString(otherCase.resolveSibling("catalogue.duckdb"), "not really a database");
        Files.writeString(otherCase.resolve("part-0.parquet"), "PAR1");

        ingest(caseFile, logs);
        IngestSummary again = ingest(caseFile, logs);

        assertThat(again.files()).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(FileStatus.ALREADY_INGESTED));
    }

    @Test
    void aTruncatedTarGetsALedgerRowForItsPartialMemberAndKeepsItsRecords() throws Exception {
        byte[] first = TrailFiles.recordsFile(TrailFiles.records(10, 0));
        StringBuilder lines = new StringBuilder();
        for (String record : TrailFiles.records(50, 100)) {
            lines.append(record).append('\n');
        }
        byte[] second = lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            for (Object[] member : new Object[][] {{"first.json", first}, {"second.jsonl", second}}) {
                byte[] bytes = (byte[]) member[1];
                TarArchiveEntry entry = new TarArchiveEntry((String) member[0]);
                entry.setSize(bytes.length);
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        byte[] whole = tar.toByteArray();
        int secondData = 512 + ((first.length + 511) / 512) * 512 + 512;
        byte[] cut = Arrays.copyOf(whole, secondData + second.length / 2);
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.write(logs.resolve("bundle.tar"), cut);

        IngestSummary summary = ingest(folder.resolve("case"), logs.resolve("bundle.tar"));

        FileResult partial = file(summary, "bundle.tar!/second.jsonl");
        assertThat(partial.status()).isEqualTo(FileStatus.PARTIAL);
        assertThat(partial.error()).startsWith("the archive breaks inside this member after " + (second.length / 2)
                + " of its " + second.length + " bytes");
        assertThat(partial.stored()).isBetween(20L, 25L);
        assertThat(file(summary, "bundle.tar!/first.json").stored()).isEqualTo(10);
        assertThat(summary.files()).hasSize(2);
        for (FileResult f : summary.files()) {
            assertThat(f.read()).isEqualTo(f.stored() + f.duplicates() + f.quarantined());
        }
    }
}
