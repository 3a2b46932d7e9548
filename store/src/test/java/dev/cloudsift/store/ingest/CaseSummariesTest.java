package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Compaction;
import dev.cloudsift.store.summary.CaseSummaries;
import dev.cloudsift.store.summary.Summaries;
import dev.cloudsift.store.summary.Summary;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue's summaries follow the parts through ingests and compaction, recomputing only the dates that changed. */
class CaseSummariesTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();
    private static final Summary ACTIVITY = CaseSummaries.ACTIVITY;

    @TempDir
    Path folder;

    @Test
    void eachIngestRecomputesOnlyItsDatesAndCompactionKeepsTheRowsWithoutRecomputing() throws Exception {
        Path caseFolder = folder.resolve("case");
        ingest(caseFolder, "a", records(0, 30, "2025-11-04"));
        Map<String, String> first = stored(caseFolder);
        assertThat(first).containsOnlyKeys("2025-11-04");

        ingest(caseFolder, "b", records(100, 30, "2025-11-05"));
        Map<String, String> second = stored(caseFolder);
        assertThat(second).containsOnlyKeys("2025-11-04", "2025-11-05").containsEntry("2025-11-04", first.get("2025-11-04"));

        ingest(caseFolder, "c", records(200, 30, "2025-11-05"));
        Map<String, String> third = stored(caseFolder);
        assertThat(third).containsEntry("2025-11-04", first.get("2025-11-04"));
        assertThat(third.get("2025-11-05")).as("the date an ingest added to is recomputed").isNotEqualTo(second.get("2025-11-05"));
        List<String> before = summaryRows(caseFolder);
        assertThat(before).isEqualTo(scanned(caseFolder)).hasSize(60); // 30 minutes a date, two records a minute on 11-05

        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            assertThat(new Compaction(store).run(1).partitions()).isPositive();
            assertThat(Summaries.upToDate(store.connection(), ACTIVITY)).as("carried over by compaction").isTrue();
            assertThat(Summaries.rows(store.connection(), ACTIVITY)).isEqualTo(ACTIVITY.table());
        }
        assertThat(summaryRows(caseFolder)).isEqualTo(before).isEqualTo(scanned(caseFolder));
    }

    private static void ingest(Path caseFolder, String name, List<String> records) throws Exception {
        Path logs = caseFolder.resolveSibling("logs-" + name);
        TrailFiles.writeTrailFile(logs, name, records);
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(logs)), IngestListener.NONE);
            assertThat(Summaries.upToDate(store.connection(), ACTIVITY)).as("up to date after the ingest of %s", name).isTrue();
        }
    }

    /** Records one a minute, or one every 30 s from 200 on, from 09:00 of a date. */
    private static List<String> records(int firstId, int count, String date) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            int second = id >= 200 ? 30 : 0;
            records.add(TrailFiles.record("00000000-0000-4000-8000-%012d".formatted(id), "ListUsers",
                    "%sT09:%02d:%02dZ".formatted(date, i, second), "203.0.113.9"));
        }
        return records;
    }

    private static Map<String, String> stored(Path caseFolder) throws Exception {
        Map<String, String> stored = new TreeMap<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFolder);
             Statement statement = store.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT date, fingerprint FROM " + Summaries.DATES_TABLE
                     + " WHERE name = '" + ACTIVITY.name() + "'")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
        }
        return stored;
    }

    private static List<String> summaryRows(Path caseFolder) throws Exception {
        return lines(caseFolder, "SELECT * FROM " + ACTIVITY.table() + " ORDER BY ALL");
    }

    private static List<String> scanned(Path caseFolder) throws Exception {
        return lines(caseFolder, "SELECT * FROM (" + ACTIVITY.select().replace(Summary.DATES, "true") + ") ORDER BY ALL");
    }

    private static List<String> lines(Path caseFolder, String sql) throws Exception {
        List<String> lines = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFolder);
             Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i == 1 ? "" : " | ").append(rows.getString(i));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}
