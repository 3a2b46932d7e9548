package dev.cloudsift.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.FormatRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlyQueryTest {
    @TempDir
    Path folder;

    private Path caseFile;

    @BeforeEach
    void createCase() throws Exception {
        caseFile = folder.resolve("case");
        try (CaseStore store = CaseStore.open(caseFile, FormatRegistry.load().formats());
             Statement statement = store.connection().createStatement()) {
            statement.execute("INSERT INTO meta VALUES ('probe', 'kept')");
        }
        Files.createDirectories(caseFile.resolve("catalogue.duckdb.tmp"));
        Files.writeString(folder.resolve("outside.csv"), "a,b\n1,2\n");
    }

    private Path catalogue() {
        return caseFile.resolve(CaseStore.CATALOGUE);
    }

    /** Every statement here wrote to or read around the case, or fetched an extension, before the sandbox. */
    private List<String> attacks() {
        String file = catalogue().toAbsolutePath().toString();
        String copy = "COPY (SELECT 'x') TO '%s' (FORMAT csv, HEADER false, USE_TMP_FILE false)";
        return List.of(
                copy.formatted(file),
                copy.formatted(file + ".wal"),
                copy.formatted(file + ".tmp/x.csv"),
                "EXPLAIN " + copy.formatted(file),
                "EXPLAIN ANALYZE " + copy.formatted(file),
                "SELECT 1; " + copy.formatted(file),
                "ATTACH '" + file + "' AS writable",
                "INSTALL sqlite",
                "LOAD sqlite",
                "SET enable_external_access = true",
                "RESET lock_configuration",
                "PRAGMA enable_profiling",
                "CHECKPOINT",
                "EXPORT DATABASE '" + file + ".tmp'",
                "CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')",
                "CREATE TABLE t AS SELECT 1",
                "INSERT INTO meta VALUES ('x', 'y')",
                "DELETE FROM meta",
                "SELECT * FROM sqlite_scan('" + file + "', 'meta')",
                "SELECT * FROM postgres_scan('host=203.0.113.9', 'public', 't')",
                "SELECT * FROM iceberg_scan('s3://bucket/table')",
                "SELECT * FROM delta_scan('s3://bucket/table')",
                "SELECT * FROM query('SELECT 1')",
                "SELECT * FROM read_csv('" + folder.resolve("outside.csv") + "')",
                "SELECT * FROM read_text('" + file + "')",
                "SELECT * FROM read_blob('" + file + ".wal')",
                "SELECT * FROM glob('" + folder + "/*')",
                "SELECT * FROM '" + folder.resolve("outside.csv") + "'",
                "WITH x AS (SELECT * FROM read_parquet('" + file + "')) SELECT * FROM x",
                "SELECT * FROM meta WHERE key IN (SELECT * FROM read_text('/etc/passwd'))");
    }

    @Test
    void refusesEveryWriteFileReadAndExtensionAttemptAndLeavesTheCaseByteIdentical() throws Exception {
        String before = digest(catalogue());
        List<String> ran = new ArrayList<>();
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, null)) {
            for (String sql : attacks()) {
                try {
                    query.check(sql);
                    ran.add(sql);
                } catch (QueryRefusedException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
        assertThat(ran).isEmpty();
        assertThat(digest(catalogue())).isEqualTo(before);
        assertThat(caseFile.resolve("catalogue.duckdb.wal")).doesNotExist();
        try (Stream<Path> tmp = Files.list(caseFile.resolve("catalogue.duckdb.tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void executeRefusesBeforeRunning() throws Exception {
        String before = digest(catalogue());
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, null)) {
            assertThatThrownBy(() -> query.execute("COPY (SELECT 'x') TO '" + catalogue().toAbsolutePath()
                    + "' (FORMAT csv, HEADER false, USE_TMP_FILE false)"))
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("COPY");
        }
        assertThat(digest(catalogue())).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT value FROM meta WHERE key = 'probe'",
            "WITH m AS (SELECT * FROM meta) SELECT value FROM m WHERE key = 'probe'",
            "FROM meta SELECT value WHERE key = 'probe'",
            "SELECT value FROM (SELECT * FROM meta) WHERE key = 'probe' AND 1 IN (SELECT * FROM range(3))"})
    void runsReads(String sql) throws Exception {
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, null); ResultSet result = query.execute(sql)) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("kept");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DESCRIBE meta", "SHOW TABLES", "SUMMARIZE meta", "EXPLAIN SELECT * FROM meta",
            "explain analyze SELECT count(*) FROM meta", "SELECT * FROM duckdb_tables()"})
    void runsDescriptionsAndExplain(String sql) throws Exception {
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, null); ResultSet result = query.execute(sql)) {
            assertThat(result.next()).isTrue();
        }
    }

    @Test
    void theConnectionCannotBeReconfigured() throws Exception {
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, null)) {
            for (String setting : List.of("SET enable_external_access = true", "SET autoinstall_known_extensions = true",
                    "SET autoload_known_extensions = true", "SET allowed_directories = ['/']")) {
                try (Statement statement = query.store().connection().createStatement()) {
                    assertThatThrownBy(() -> statement.execute(setting)).hasMessageContaining("lock");
                }
            }
        }
    }

    @Test
    void aSyntaxErrorIsReportedAsSuch() throws Exception {
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, null)) {
            assertThatThrownBy(() -> query.check("SELEC 1")).hasMessageContaining("syntax error");
        }
    }

    @Test
    void fileReadersReadOnlyInsideTheReadableFolder() throws Exception {
        Path tables = Files.createDirectories(folder.resolve("tables"));
        Files.writeString(tables.resolve("part.csv"), "a,b\n1,2\n");
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, tables)) {
            try (ResultSet result = query.execute("SELECT b FROM read_csv('" + tables.resolve("part.csv") + "')")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(2);
            }
            assertThatThrownBy(() -> query.check("SELECT * FROM read_csv('" + folder.resolve("outside.csv") + "')"))
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("only inside");
            assertThatThrownBy(() -> query.check("SELECT * FROM read_csv('" + tables + "/../outside.csv')"))
                    .isInstanceOf(QueryRefusedException.class);
            assertThatThrownBy(() -> query.check("SELECT * FROM read_csv(concat('/et', 'c/passwd'))"))
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("literal");
            assertThatThrownBy(() -> query.check("SELECT * FROM read_text('" + catalogue().toAbsolutePath() + "')"))
                    .isInstanceOf(QueryRefusedException.class);
        }
    }

    @Test
    void theViewsReadTheCasesPartsWhileTheCatalogueAndEvidenceStayUnreadable() throws Exception {
        Path trail = Files.writeString(folder.resolve("trail.json"), """
                {"Records":[{"eventVersion":"1.08","eventTime":"2025-11-04T09:15:30Z","eventSource":"s3.amazonaws.com",
                "eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",
                "eventID":"11111111-2222-3333-4444-555555555555","recipientAccountId":"123456789012",
                "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/alice"}}]}
                """);
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(caseFile, registry.formats())) {
            new dev.cloudsift.store.ingest.Ingest(store, registry).run(
                    dev.cloudsift.store.ingest.IngestOptions.of(List.of(trail)), dev.cloudsift.store.ingest.IngestListener.NONE);
        }
        Path tables = caseFile.resolve(PartLayout.TABLES);
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseFile, tables)) {
            try (ResultSet result = query.execute("SELECT count(*), any_value(action), any_value(origin_length) > 0 FROM events")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(1);
                assertThat(result.getString(2)).isEqualTo("GetObject");
                assertThat(result.getBoolean(3)).isTrue();
            }
            try (ResultSet result = query.execute("SELECT count(*) FROM cloudtrail")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(1);
            }
            try (ResultSet result = query.execute("SELECT count(*) FROM read_parquet('" + tables + "/cloudtrail/*/*.parquet')")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(1);
            }
            Path evidence = caseFile.resolve(CaseStore.EVIDENCE);
            for (String sql : List.of(
                    "SELECT * FROM read_blob('" + catalogue().toAbsolutePath() + "')",
                    "SELECT * FROM read_blob('" + tables + "/../catalogue.duckdb')",
                    "SELECT * FROM read_blob('../catalogue.duckdb')",
                    "SELECT * FROM read_blob('" + evidence.toAbsolutePath() + "/**')",
                    "SELECT * FROM read_text('evidence/**')",
                    "SELECT * FROM glob('" + evidence.toAbsolutePath() + "/*')")) {
                assertThatThrownBy(() -> query.check(sql)).as(sql).isInstanceOf(QueryRefusedException.class);
            }
        }
    }

    private static String digest(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
