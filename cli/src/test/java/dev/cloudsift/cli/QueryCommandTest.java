package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCommandTest {
    @TempDir
    Path folder;

    private Path caseFile;

    @BeforeEach
    void ingest() throws Exception {
        caseFile = folder.resolve("acme-case");
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("trail.json"), "{\"Records\":[{\"eventVersion\":\"1.09\",\"eventTime\":"
                + "\"2026-11-03T10:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.5\",\"eventID\":\"e-1\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/alice\"}}]}");
        CliRun run = CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), logs.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void copyOverTheCatalogueIsRefusedAndTheCaseStaysByteIdentical() throws Exception {
        Path catalogue = caseFile.resolve("catalogue.duckdb");
        String before = sha256(catalogue);
        for (String target : new String[] {catalogue.toAbsolutePath().toString(), catalogue.toAbsolutePath() + ".wal",
                catalogue.toAbsolutePath() + ".tmp/x", caseFile.resolve("tables/x.parquet").toAbsolutePath().toString()}) {
            CliRun run = CliRun.of("query", "--case", caseFile.toString(),
                    "COPY (SELECT 'x') TO '" + target + "' (FORMAT csv, HEADER false, USE_TMP_FILE false)");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).startsWith("cloudsift query: refused: only a read runs here");
        }
        for (String sql : new String[] {"CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')",
                "SELECT * FROM sqlite_scan('x.db', 't')", "SELECT * FROM postgres_scan('host=x', 'public', 't')",
                "SELECT * FROM iceberg_scan('s3://b/t')", "SELECT * FROM delta_scan('s3://b/t')", "INSTALL httpfs",
                "ATTACH '" + catalogue.toAbsolutePath() + "' AS w",
                "SELECT * FROM read_blob('" + catalogue.toAbsolutePath() + "')",
                "SELECT * FROM read_blob('" + caseFile.toAbsolutePath() + "/evidence/**')", "SELECT 1; SELECT 2"}) {
            assertThat(CliRun.of("query", "--case", caseFile.toString(), sql).exitCode()).as(sql).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(sha256(catalogue)).isEqualTo(before);
        assertThat(Path.of(catalogue + ".wal")).doesNotExist();
    }

    @Test
    void aSqlErrorKeepsItsLineBreaksInsteadOfPrintingBackslashN() {
        CliRun run = CliRun.of("query", "--case", caseFile.toString(), "SELECT no_such_column FROM events");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).doesNotContain("\\n").contains("no_such_column");
        assertThat(run.err().lines().count()).isGreaterThan(1);
    }

    @Test
    void theTableReadsOnlyTheRowsItShows() {
        CliRun run = CliRun.of("query", "--case", caseFile.toString(), "SELECT i FROM range(1000000) t(i)");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("(first 10000 rows shown; the rest were not read: use --format csv or jsonl for all)\n");
    }

    @Test
    void csvStreamsEveryRow() {
        CliRun run = CliRun.of("query", "--case", caseFile.toString(), "--format", "csv", "SELECT i FROM range(200000) t(i)");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(200_001);
    }

    @Test
    void describeShowAndExplainRun() {
        for (String sql : new String[] {"DESCRIBE events", "SHOW TABLES", "EXPLAIN SELECT * FROM events"}) {
            CliRun run = CliRun.of("query", "--case", caseFile.toString(), sql);
            assertThat(run.exitCode()).as(sql + ": " + run.err()).isZero();
        }
    }

    @Test
    void theSourceTablesAndEventsAreReadFromTheCasesParts() {
        CliRun run = CliRun.of("query", "--case", caseFile.toString(), "--format", "csv",
                "SELECT e.action, c.event_name, e.origin_length > 0 AS pointed FROM events e JOIN cloudtrail c USING (row_id)");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("action,event_name,pointed\nListUsers,ListUsers,true\n");
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
