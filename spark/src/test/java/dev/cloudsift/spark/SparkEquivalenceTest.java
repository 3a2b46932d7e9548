package dev.cloudsift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.RuleLoader;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.summary.CaseSummaries;
import dev.cloudsift.store.summary.Summaries;
import dev.cloudsift.store.summary.Summary;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job and the local ingest, given the same files, write cases that the local CLI reads alike: the same
 * rows in every table and in {@code events}, the same ledger lines and the same quarantined records. One local
 * Spark session on two cores serves the class; the data is small.
 */
class SparkEquivalenceTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("cloudsift-equivalence");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Path example() {
        Path root = Path.of(System.getProperty("cloudsift.root", ".."));
        Path example = root.resolve("examples/acme-incident");
        return Files.isDirectory(example) ? example.toAbsolutePath().normalize() : Path.of("../examples/acme-incident").toAbsolutePath().normalize();
    }

    @Test
    void bundledExampleGivesTheSameCaseOnSparkAsLocally(@TempDir Path temp) throws Exception {
        Path input = example();
        assertSameCases(List.of(input), temp);
        catalogueRebuiltFromParquetAnswersAlike(temp.resolve("spark-case"), temp.resolve("copied-down"));
        rulesFailingInATaskAreReported(temp.resolve("copied-down"));
    }

    /**
     * A task whose date cannot be read (a part damaged on the shared folder) names every rule it could not run
     * there, with the date and the reason, and the hunt's summary prints each as a warning: never dropped.
     */
    private static void rulesFailingInATaskAreReported(Path caseFolder) throws Exception {
        Path part;
        try (Stream<Path> files = Files.walk(caseFolder.resolve("tables/cloudtrail"))) {
            part = files.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(part, "not parquet any more");
        String date = part.getParent().getFileName().toString().substring("date=".length());
        SparkHunt.SliceResult result = SparkHunt.match(caseFolder.toString(), new SparkHunt.Slice(date,
                List.<String[]>of(new String[] {caseFolder.relativize(part).toString(), "cloudtrail"})), true, List.of(),
                Files.createTempDirectory(caseFolder, "rows-").toString());
        assertThat(result.failures()).isNotEmpty().allMatch(failure -> failure.date().equals(date)
                && failure.error().contains("No magic bytes"));
        assertThat(result.failures()).extracting(SparkHunt.SliceFailure::rule).doesNotHaveDuplicates();
        assertThat(result.matches()).isEmpty();
        Map<String, String> failures = new TreeMap<>();
        result.failures().forEach(failure -> failures.put(failure.rule(), "date " + failure.date() + ": " + failure.error()));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        new SparkHunt.Summary(Map.of(), Map.of(), Map.of(), failures).print(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("warning: rule '")))
                .hasSize(failures.size());
    }

    /**
     * A case Spark wrote, copied without its DuckDB catalogue (as from S3): the CLI's first open rebuilds the
     * catalogue from the Parquet copy under {@code catalogue/}, and the investigation commands answer as on the
     * original.
     */
    private static void catalogueRebuiltFromParquetAnswersAlike(Path written, Path copy) throws Exception {
        copyTree(written, copy);
        Files.delete(copy.resolve(CaseStore.CATALOGUE));
        Files.deleteIfExists(copy.resolve(CaseStore.CATALOGUE + ".wal"));
        List<List<String>> commands = List.of(
                List.of("timeline", "--limit", "500"),
                List.of("entity", "203.0.113.45"),
                List.of("suspects", "--top", "8"),
                List.of("gaps", "--all", "--format", "jsonl"),
                List.of("query", "SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source"),
                List.of("query", "SELECT rule_id, count(*) AS n FROM findings GROUP BY rule_id ORDER BY rule_id"),
                List.of("query", "SELECT status, sum(stored) AS stored, sum(duplicates) AS duplicates, sum(quarantined) AS q"
                        + " FROM ingest_files GROUP BY status ORDER BY status"));
        for (List<String> command : commands) {
            String onCopy = cli(command, copy);
            assertThat(onCopy).as("%s on the rebuilt case", command).isEqualTo(cli(command, written)).isNotBlank();
        }
        try (CaseStore a = CaseStore.openReadOnly(written); CaseStore b = CaseStore.openReadOnly(copy)) {
            for (String table : List.of("ingests", "ingest_files", "quarantine", "findings", "parts")) {
                assertThat(rows(b, "SELECT * FROM " + table)).as("%s rebuilt", table).isEqualTo(rows(a, "SELECT * FROM " + table));
            }
            assertThat(rows(a, "SELECT * FROM findings")).isNotEmpty();
            for (Summary summary : CaseSummaries.all()) {
                assertThat(Summaries.upToDate(b.connection(), summary)).as("%s summary rebuilt", summary.name()).isTrue();
                assertThat(rows(b, "SELECT * FROM " + summary.table() + " ORDER BY ALL"))
                        .isEqualTo(rows(a, "SELECT * FROM " + Summaries.rows(a.connection(), summary) + " s ORDER BY ALL"));
            }
        }
    }

    private static String cli(List<String> command, Path caseFolder) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<String> args = new ArrayList<>(command.subList(0, 1));
        args.add("--case");
        args.add(caseFolder.toString());
        args.addAll(command.subList(1, command.size()));
        int code = dev.cloudsift.cli.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args.toArray(String[]::new));
        assertThat(code).as("%s: %s", command, err).isZero();
        return out.toString();
    }

    @Test
    void mixedInputWithCopiesAndBrokenFilesGivesTheSameCaseOnSparkAsLocally(@TempDir Path temp) throws Exception {
        Path input = temp.resolve("mixed");
        copyTree(example(), input.resolve("a"));
        // The same CloudTrail records in a file of other bytes: every record a duplicate of the first copy.
        Path trail;
        try (Stream<Path> files = Files.walk(input.resolve("a/AWSLogs"))) {
            trail = files.filter(f -> f.toString().contains("/CloudTrail/") && f.toString().endsWith(".json.gz")).sorted()
                    .findFirst().orElseThrow();
        }
        String records = gunzip(trail);
        gzip(input.resolve("b/again.json.gz"), records + "\n");
        // The same bytes again under another name: read once, the second is already ingested.
        Files.copy(trail, input.resolve("b/same-bytes.json.gz"));
        // A gzip cut short, a record broken inside JSON, and bytes no format knows.
        byte[] whole = Files.readAllBytes(trail);
        Files.write(input.resolve("b/truncated.json.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        gzip(input.resolve("b/broken-record.json.gz"), records.replaceFirst("\"eventID\":", "\"eventID\" "));
        // A gzip whose stream is garbage after its header.
        byte[] corrupt = java.util.Arrays.copyOf(whole, 4096);
        java.util.Arrays.fill(corrupt, 20, corrupt.length, (byte) 0x5a);
        Files.write(input.resolve("b/corrupt.json.gz"), corrupt);
        // A hostile record: an S3 access log line of 1 MiB among good ones (the reader's cap is 64 KiB).
        Path access;
        try (Stream<Path> files = Files.walk(input.resolve("a/s3-access"))) {
            access = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(access));
        lines.add(1, lines.get(0).replaceFirst("(REST\\.[A-Z_]+\\.[A-Z_]+ )", "$1" + "x".repeat(1 << 20)));
        assertThat(lines.get(1)).hasSizeGreaterThan(1 << 20);
        Files.createDirectories(input.resolve("b/s3-access"));
        Files.write(input.resolve("b/s3-access/2026-11-03-12-00-00-HOSTILE0000000000"), lines);
        // Copies inside one file: a line of its own twice (kept once) and a line of the earlier file twice (both
        // copies duplicates). The local ingest drops copies inside a file while parsing, Spark in its dedupe query:
        // the file's counts must agree.
        String own = lines.get(0).replaceFirst(" [0-9A-F]{16} (REST\\.)", " 0123456789ABCDEF $1");
        assertThat(own).isNotEqualTo(lines.get(0));
        Files.write(input.resolve("b/s3-access/2026-11-03-13-00-00-REPEATS0000000000"),
                List.of(own, lines.get(0), own, lines.get(0)));
        Files.writeString(input.resolve("b/unknown.bin"), "\u0001\u0002 not a log");
        // Symbolic links: one inside the folder given (read), one leading out of it, one dangling, one a loop.
        Files.createSymbolicLink(input.resolve("b/link-inside.json.gz"), trail);
        Files.writeString(temp.resolve("outside.log"), "not to be read");
        Files.createSymbolicLink(input.resolve("b/link-outside.log"), temp.resolve("outside.log"));
        Files.createSymbolicLink(input.resolve("b/link-dangling.log"), temp.resolve("nothing-here"));
        Files.createSymbolicLink(input.resolve("b/link-loop"), input);
        Files.write(input.resolve("b/empty.json"), new byte[0]);
        assertSameCases(List.of(input), temp);
        try (CaseStore store = CaseStore.openReadOnly(temp.resolve("spark-case"))) {
            assertThat(store.scalarLong("SELECT count(*) FROM quarantine WHERE path LIKE '%HOSTILE%'")).as("hostile line quarantined").isEqualTo(1);
            assertThat(store.scalarLong("SELECT quarantined FROM ingest_files WHERE path LIKE '%HOSTILE%'")).isEqualTo(1);
            assertThat(store.scalarLong("SELECT stored FROM ingest_files WHERE path LIKE '%REPEATS%'")).isEqualTo(1);
            assertThat(store.scalarLong("SELECT duplicates FROM ingest_files WHERE path LIKE '%REPEATS%'")).isEqualTo(3);
            assertThat(store.scalarLong("SELECT count(*) FROM ingest_files WHERE path LIKE '%corrupt.json.gz' AND error IS NOT NULL"))
                    .as("broken gzip in the ledger with its reason").isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM ingest_files WHERE path LIKE '%link-%' AND status = 'failed'"))
                    .as("links out of the folder, dangling or looping: listed, not read").isEqualTo(3);
            assertThat(store.scalarLong("SELECT count(*) FROM ingest_files WHERE path LIKE '%link-inside.json.gz' AND status <> 'failed'"))
                    .as("a link inside the folder is read").isEqualTo(1);
        }
    }

    private static void assertSameCases(List<Path> inputs, Path temp) throws Exception {
        Path local = temp.resolve("local-case");
        Path onSpark = temp.resolve("spark-case");
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(local, registry.formats())) {
            new Ingest(store, registry).run(new IngestOptions(inputs, Map.of(), 2, EvidenceMode.REFERENCE), IngestListener.NONE);
        }
        SparkIngest.Summary summary = new SparkIngest(spark).run(inputs.stream().map(Path::toString).toList(), onSpark, Map.of());
        assertThat(summary.read()).isEqualTo(summary.stored() + summary.duplicates() + summary.quarantined());

        try (CaseStore a = CaseStore.openReadOnly(local); CaseStore b = CaseStore.openReadOnly(onSpark)) {
            List<String> tables = new ArrayList<>();
            for (TableSchema table : registry.tables().values()) {
                tables.add(table.name());
            }
            long compared = 0;
            for (String table : tables.stream().sorted().toList()) {
                String sql = "SELECT * EXCLUDE (row_id) FROM " + table;
                List<String> expected = rows(a, sql);
                assertThat(rows(b, sql)).as("rows of %s", table).containsExactlyElementsOf(expected);
                compared += expected.size();
            }
            assertThat(compared).isPositive();
            String events = "SELECT * EXCLUDE (row_id, file_id) FROM events";
            assertThat(rows(b, events)).as("events").containsExactlyElementsOf(rows(a, events));
            String ledger = "SELECT path, size, sha256, content_sha256, content_bytes, compression, format, source, status, error,"
                    + " records_read, stored, duplicates, quarantined, skipped, skipped_reasons, min_time, max_time,"
                    + " hint_account_id, hint_region, hint_date, evidence_sha256, evidence_member, evidence_mode, original_path,"
                    + " original_size FROM ingest_files";
            assertThat(rows(b, ledger)).as("ledger").containsExactlyElementsOf(rows(a, ledger));
            String quarantine = "SELECT path, \"offset\", line, reason, raw FROM quarantine";
            assertThat(rows(b, quarantine)).as("quarantine").containsExactlyElementsOf(rows(a, quarantine));
            String derived = "SELECT * EXCLUDE (row_id) FROM metric_spikes";
            if (dev.cloudsift.store.CaseSchema.exists(a.connection(), "metric_spikes")) {
                assertThat(rows(b, derived)).as("metric spikes").containsExactlyElementsOf(rows(a, derived));
            }
        }
        assertThat(onSpark.resolve("catalogue/ingest_files/ingest-1.parquet")).exists();

        // The same findings, rule by rule and event by event, from the local hunt and the Spark hunt (row ids aside).
        try (CaseStore store = CaseStore.open(local, registry.formats())) {
            new Hunt(store.connection()).run(RuleLoader.builtIn());
        }
        SparkHunt.Summary hunted = new SparkHunt(spark).run(onSpark, true, List.of());
        try (CaseStore a = CaseStore.openReadOnly(local); CaseStore b = CaseStore.openReadOnly(onSpark)) {
            String findings = "SELECT rule_id, title, level, tags, kind, rule_file, time, first_time, source, event_ids, account_id,"
                    + " region, principal, src_ip, summary, group_by, counts, ingest_id FROM findings";
            List<String> expected = rows(a, findings);
            assertThat(expected).isNotEmpty();
            assertThat(rows(b, findings)).as("findings").containsExactlyElementsOf(expected);
            assertThat(hunted.total()).isEqualTo(expected.size());
            assertThat(hunted.failures()).as("rules that failed on Spark").isEmpty();
            assertThat(hunted.findings().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(rows(a, findings + " WHERE kind = 'detection'").size());
            // correlations and first-seen rules were aggregated by Spark, not by the driver's local engine (the pack has
            // no chained correlation, the one kind left to it), and fired as locally, rule by rule
            assertThat(hunted.correlations().values().stream().mapToLong(Long::longValue).sum()).isPositive();
            assertThat(hunted.onDriver()).as("rules left to the driver").isEmpty();
            Map<String, Long> perRule = new TreeMap<>();
            hunted.findings().forEach((rule, count) -> perRule.merge(rule, count, Long::sum));
            hunted.correlations().forEach((rule, count) -> perRule.merge(rule, count, Long::sum));
            hunted.onDriver().forEach((rule, count) -> perRule.merge(rule, count, Long::sum));
            perRule.values().removeIf(count -> count == 0);
            assertThat(perRule).as("findings per rule").isEqualTo(countsPerRule(a));
            assertThat(countsPerRule(b)).isEqualTo(countsPerRule(a));
        }
        assertThat(onSpark.resolve("catalogue/findings/findings.parquet")).exists();
    }

    private static Map<String, Long> countsPerRule(CaseStore store) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement statement = store.connection().createStatement();
             ResultSet result = statement.executeQuery("SELECT rule_id, count(*) FROM findings GROUP BY rule_id")) {
            while (result.next()) {
                counts.put(result.getString(1), result.getLong(2));
            }
        }
        return counts;
    }

    /** The first column of a query's rows as text, in the query's order. */
    static List<String> column(CaseStore store, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = store.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    /** Every row of a query as text, sorted: the two writers number rows differently, nothing else may differ. */
    static List<String> rows(CaseStore store, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = store.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = result.getObject(i);
                    row.put(meta.getColumnName(i), value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes)
                            : value instanceof java.sql.Array array ? java.util.Arrays.toString((Object[]) array.getArray())
                            : String.valueOf(value));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void gzip(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
