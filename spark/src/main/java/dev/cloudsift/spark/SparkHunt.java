package dev.cloudsift.spark;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.detect.ExternalDetections;
import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.HuntResult;
import dev.cloudsift.detect.RuleRun;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleLoader;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseSchema;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.CaseViews;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Hunt as a Spark job over a case folder the driver and executors reach. Each task takes one date partition of
 * the case (every table's parts of that day, so a record's rows in several tables meet), shows them to an
 * in-process DuckDB as the case's own views, and runs every detection rule with the Java evaluator, row by
 * row; the driver gathers the matched row ids and writes one finding per match into the catalogue, as the local
 * hunt does. Correlations and first-seen rules then run on the driver with the local engine over the whole case.
 * The findings are also kept as Parquet under {@code catalogue/findings/}.
 */
public final class SparkHunt {
    private final org.apache.spark.sql.SparkSession spark;

    public SparkHunt(org.apache.spark.sql.SparkSession spark) {
        this.spark = spark;
        SparkSettings.apply(spark);
    }

    /**
     * What the hunt did: findings per detection rule (evaluated on the executors) and per correlation or
     * first-seen rule (evaluated on the driver by the local engine).
     */
    public record Summary(Map<String, Long> findings, Map<String, Long> aggregateFindings) {
        public long total() {
            return findings.values().stream().mapToLong(Long::longValue).sum()
                    + aggregateFindings.values().stream().mapToLong(Long::longValue).sum();
        }

        public void print(PrintStream out) {
            out.printf("%d findings: %d detection rules on the executors, %d correlation and first-seen rules on the driver%n",
                    total(), findings.size(), aggregateFindings.size());
            java.util.Map<String, Long> all = new TreeMap<>(findings);
            aggregateFindings.forEach((rule, count) -> all.merge(rule, count, Long::sum));
            all.forEach((rule, count) -> {
                if (count > 0) {
                    out.printf("  %6d  %s%n", count, dev.cloudsift.core.TerminalText.clean(rule, 200));
                }
            });
        }
    }

    /** One task: a date partition's parts, as (case-relative path, table). */
    record Slice(String date, List<String[]> parts) implements Serializable {}

    /** The rule files a hunt reads, shipped to the executors as text so they need no access to the driver's disk. */
    record RuleText(String name, String yaml) implements Serializable {}

    public Summary run(Path caseFolder, boolean builtIn, List<Path> rulePaths) throws SQLException {
        Path folder = caseFolder.toAbsolutePath().normalize();
        List<RuleText> texts = ruleTexts(rulePaths);
        List<LoadedRule> rules = load(builtIn, texts);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (CaseStore store = CaseStore.open(folder, FormatRegistry.load().formats())) {
            Map<String, List<String[]>> byDate = new TreeMap<>();
            try (Statement statement = store.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT coalesce(date, ''), path, table_name FROM parts WHERE table_name <> '"
                         + CaseParts.KEYS_TABLE + "' ORDER BY 1, 2")) {
                while (rows.next()) {
                    byDate.computeIfAbsent(rows.getString(1), d -> new ArrayList<>()).add(new String[] {rows.getString(2), rows.getString(3)});
                }
            }
            List<Slice> slices = new ArrayList<>();
            byDate.forEach((date, parts) -> slices.add(new Slice(date, parts)));
            String root = folder.toString();
            List<Tuple2<String, Long>> matched = slices.isEmpty() ? List.of()
                    : context.parallelize(slices, slices.size()).flatMap(slice -> match(root, slice, builtIn, texts).iterator()).collect();

            Map<String, Integer> byReference = new LinkedHashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                LoadedRule rule = rules.get(i);
                if (ExternalDetections.evaluable(rule) && rule.standalone()) {
                    byReference.putIfAbsent(rule.metadata().reference(), i);
                }
            }
            Map<Integer, List<Long>> matches = new TreeMap<>();
            byReference.values().forEach(index -> matches.put(index, new ArrayList<>()));
            for (Tuple2<String, Long> match : matched) {
                Integer index = byReference.get(match._1());
                if (index != null) {
                    matches.get(index).add(match._2());
                }
            }
            matches.values().forEach(rows -> rows.sort(null));
            Connection connection = store.connection();
            connection.setAutoCommit(false);
            Map<Integer, Long> written;
            try {
                written = ExternalDetections.writeFindings(connection, rules, matches);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            // Correlations and first-seen rules are not Spark aggregations yet: the driver runs them with the local
            // engine over the case (DuckDB reading the parts), which replaces only their own findings.
            Set<String> aggregates = new HashSet<>();
            for (LoadedRule rule : rules) {
                if (rule.status() == LoadedRule.Status.OK
                        && (rule.kind() == LoadedRule.Kind.CORRELATION || rule.kind() == LoadedRule.Kind.FIRST_SEEN)) {
                    aggregates.add(rule.metadata().reference());
                }
            }
            HuntResult onDriver = new Hunt(connection).run(rules, metadata -> aggregates.contains(metadata.reference()));
            Map<String, Long> aggregated = new TreeMap<>();
            for (RuleRun run : onDriver.runs()) {
                if (aggregates.contains(run.rule().reference())) {
                    aggregated.merge(run.rule().reference(), run.findings(), Long::sum);
                }
            }
            exportFindings(store);
            Map<String, Long> findings = new TreeMap<>();
            written.forEach((index, count) -> findings.merge(rules.get(index).metadata().reference(), count, Long::sum));
            return new Summary(findings, aggregated);
        }
    }

    private static List<LoadedRule> load(boolean builtIn, List<RuleText> texts) {
        if (texts.isEmpty()) {
            return new RuleLoader().load(builtIn, List.of());
        }
        try {
            Path folder = Files.createTempDirectory("cloudsift-rules-");
            try {
                for (RuleText text : texts) {
                    Path file = folder.resolve(text.name());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, text.yaml());
                }
                return new RuleLoader().load(builtIn, List.of(folder));
            } finally {
                CaseParts.deleteTree(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the rules: " + e.getMessage(), e);
        }
    }

    private static List<RuleText> ruleTexts(List<Path> paths) {
        List<RuleText> texts = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            Path path = paths.get(p);
            String prefix = "r" + p + "/";
            try (var files = Files.walk(path)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                    String name = Files.isDirectory(path) ? path.relativize(file).toString() : file.getFileName().toString();
                    texts.add(new RuleText(prefix + name, Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rules " + path + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }

    /** On an executor: every detection rule over one date partition of the case, as (rule reference, row id). */
    static List<Tuple2<String, Long>> match(String caseFolder, Slice slice, boolean builtIn, List<RuleText> texts)
            throws SQLException, IOException {
        List<LoadedRule> rules = load(builtIn, texts);
        Map<String, TableSchema> tables = FormatRegistry.load().tables();
        List<Tuple2<String, Long>> out = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET file_search_path = " + CaseParts.literal(Path.of(caseFolder)));
                statement.execute("SET TimeZone = 'UTC'");
                statement.execute("CREATE TABLE parts (path VARCHAR, table_name VARCHAR, date VARCHAR, rows BIGINT, "
                        + "min_time TIMESTAMP, max_time TIMESTAMP, ingest_id INTEGER, bytes BIGINT, sha256 VARCHAR)");
                statement.execute("CREATE TABLE ingest_files (" + String.join(", ", CaseSchema.INGEST_FILE_COLUMNS) + ")");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO parts (path, table_name, date) VALUES (?, ?, ?)")) {
                for (String[] part : slice.parts()) {
                    insert.setString(1, part[0]);
                    insert.setString(2, part[1]);
                    insert.setString(3, slice.date());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            CaseParts.refreshViews(connection, tables.values());
            try (Statement statement = connection.createStatement()) {
                if (tables.containsKey("cloudtrail") && tables.containsKey("s3access")) {
                    CaseViews.run(statement, "s3_object_access.sql");
                }
            }
            Map<String, Boolean> done = new HashMap<>();
            for (LoadedRule rule : rules) {
                if (!ExternalDetections.evaluable(rule) || done.putIfAbsent(rule.metadata().reference(), true) != null) {
                    continue;
                }
                try {
                    for (long row : ExternalDetections.matchingRows(connection, rule)) {
                        out.add(new Tuple2<>(rule.metadata().reference(), row));
                    }
                } catch (SQLException | RuntimeException e) {
                    // a rule that fails over this slice fails as it would locally: no findings from it here
                }
            }
        }
        return out;
    }

    private static void exportFindings(CaseStore store) throws SQLException {
        Path folder = store.folder().resolve(SparkIngest.EXPORTS).resolve("findings");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SQLException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        try (Statement statement = store.connection().createStatement()) {
            statement.execute("COPY (SELECT * FROM findings ORDER BY finding_id) TO "
                    + CaseParts.literal(folder.resolve("findings.parquet")) + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }
}
