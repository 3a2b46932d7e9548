package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.CatalogueRebuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case another engine wrote keeps its catalogue as Parquet under {@code catalogue/} for every engine that does not
 * read DuckDB. What the local CLI then writes into it (an ingest, a hunt) goes into that copy too: a reader of the
 * Parquet, or the catalogue rebuilt from it, sees what {@code catalogue.duckdb} holds, never an older case.
 */
class ParquetCatalogueInStepTest {
    private static final Path TRAIL = IngestCommandTest.EXAMPLE.resolve("AWSLogs/111122223333/CloudTrail");
    private static final Path FLOW = IngestCommandTest.EXAMPLE.resolve("AWSLogs/111122223333/vpcflowlogs");

    @TempDir
    Path temp;

    @Test
    void localIngestAndHuntIntoACaseWithAParquetCatalogueKeepItInStep() throws Exception {
        Path caseFolder = temp.resolve("case");
        assertThat(CliRun.of("ingest", "--quiet", "--case", caseFolder.toString(), TRAIL.toString()).exitCode()).isZero();
        // as a Spark job leaves a case: the catalogue also as Parquet
        try (CaseStore store = CaseStore.open(caseFolder, FormatRegistry.load().formats())) {
            CatalogueRebuild.export(store);
        }
        assertThat(Files.list(caseFolder.resolve("catalogue/ingests")).toList()).hasSize(1);

        CliRun hunt = CliRun.of("hunt", "--case", caseFolder.toString());
        assertThat(hunt.exitCode()).as(hunt.err()).isZero();
        CliRun ingest = CliRun.of("ingest", "--quiet", "--case", caseFolder.toString(), FLOW.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();

        List<String> queries = List.of(
                "SELECT rule_id, count(*) AS n FROM findings GROUP BY ALL ORDER BY ALL",
                "SELECT ingest_id, count(*) AS files, sum(stored) AS stored FROM ingest_files GROUP BY ALL ORDER BY ALL",
                "SELECT ingest_id, files, stored FROM ingests ORDER BY ALL",
                "SELECT table_name, count(*) AS parts, sum(rows) AS n FROM parts GROUP BY ALL ORDER BY ALL",
                "SELECT source, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL");
        List<String> before = queries.stream().map(sql -> query(caseFolder, sql)).toList();
        assertThat(before.get(0)).doesNotContain("(0 rows)");
        assertThat(before.get(2)).as("two ingests").contains("(2 rows)");

        // the Parquet copy alone, as another engine reads it: the second ingest and the findings are there
        try (CaseStore store = CaseStore.openReadOnly(caseFolder);
             var parquet = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             var statement = parquet.createStatement()) {
            String copy = caseFolder.resolve("catalogue").toString();
            long findings = store.scalarLong("SELECT count(*) FROM findings");
            assertThat(findings).isPositive();
            assertThat(count(statement, "SELECT count(*) FROM read_parquet('" + copy + "/findings/*.parquet')")).isEqualTo(findings);
            assertThat(count(statement, "SELECT count(*) FROM read_parquet('" + copy + "/ingests/*.parquet')")).isEqualTo(2);
            assertThat(count(statement, "SELECT count(*) FROM read_parquet('" + copy + "/ingest_files/*.parquet')"))
                    .isEqualTo(store.scalarLong("SELECT count(*) FROM ingest_files"));
            assertThat(count(statement, "SELECT sum(rows) FROM read_parquet('" + copy + "/parts/*.parquet')"))
                    .isEqualTo(store.scalarLong("SELECT sum(rows) FROM parts"));
        }

        // and the catalogue rebuilt from it answers as the one it replaces
        Files.delete(caseFolder.resolve(CaseStore.CATALOGUE));
        Files.deleteIfExists(caseFolder.resolve(CaseStore.CATALOGUE + ".wal"));
        assertThat(queries.stream().map(sql -> query(caseFolder, sql)).toList()).isEqualTo(before);
    }

    private static long count(java.sql.Statement statement, String sql) throws java.sql.SQLException {
        try (var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String query(Path caseFolder, String sql) {
        CliRun run = CliRun.of("query", "--case", caseFolder.toString(), sql);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }
}
