package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Compaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    @Test
    void compactionMergesEachPartitionIntoOnePartAndKeepsEveryRow() throws Exception {
        Path caseFolder = folder.resolve("case");
        for (int i = 0; i < 3; i++) {
            Path logs = folder.resolve("logs" + i);
            TrailFiles.writeTrailFile(logs, "F" + i, TrailFiles.records(40, i * 40));
            try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
                new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(logs)), IngestListener.NONE);
            }
        }
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE table_name = 'cloudtrail'")).isEqualTo(3);

            Compaction.Result result = new Compaction(store).run(1);

            assertThat(result.partitions()).isEqualTo(2); // the cloudtrail date and the dedupe keys
            assertThat(store.scalarLong("SELECT count(*) FROM parts WHERE table_name = 'cloudtrail'")).isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM cloudtrail")).isEqualTo(120);
            assertThat(store.scalarLong("SELECT count(DISTINCT event_id) FROM events")).isEqualTo(120);
        }
        try (Stream<Path> files = Files.walk(caseFolder.resolve("tables"))) {
            assertThat(files.filter(Files::isRegularFile).count()).as("old parts removed").isEqualTo(1);
        }
        Path again = folder.resolve("again");
        List<String> same = new java.util.ArrayList<>(TrailFiles.records(40, 0));
        java.util.Collections.reverse(same); // other bytes, same events
        TrailFiles.writeTrailFile(again, "G", same);
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            IngestSummary summary = new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(again)), IngestListener.NONE);
            assertThat(summary.duplicates()).as("compacted keys still dedupe").isEqualTo(40);
        }
    }
}
