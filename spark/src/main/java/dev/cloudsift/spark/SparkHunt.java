package dev.cloudsift.spark;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.detect.ExternalCorrelations;
import dev.cloudsift.detect.ExternalDetections;
import dev.cloudsift.detect.OneTransaction;
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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Hunt as a Spark job over a case folder the driver and executors reach. Each task takes one date partition of
 * the case (every table's parts of that day, so a record's rows in several tables meet), shows them to an
 * in-process DuckDB as the case's own views, and runs every detection rule with the Java evaluator, row by
 * row; the driver gathers the matched row ids and writes one finding per match into the catalogue, as the local
 * hunt does. The same tasks list the rows each correlation reads (its rules' matches with their group-by and value
 * fields), which Spark aggregates over the whole case ({@link SparkCorrelations}), first-seen rules included;
 * chained correlations then run on the driver with the local engine. A rule that fails in a task is reported, never dropped.
 * The findings are also kept as Parquet under {@code catalogue/findings/}.
 */
public final class SparkHunt {
    private final org.apache.spark.sql.SparkSession spark;

    public SparkHunt(org.apache.spark.sql.SparkSession spark) {
        this.spark = spark;
        SparkSettings.apply(spark);
    }

    /**
     * What the hunt did: findings per detection rule (evaluated on the executors), per correlation or first-seen
     * rule aggregated by Spark, and per chained correlation (evaluated on the driver by the local engine); and the
     * rules that failed, with the first reason (their findings are missing or incomplete).
     */
    public record Summary(Map<String, Long> findings, Map<String, Long> correlations, Map<String, Long> onDriver,
                          Map<String, String> failures) {
        public long total() {
            return findings.values().stream().mapToLong(Long::longValue).sum()
                    + correlations.values().stream().mapToLong(Long::longValue).sum()
                    + onDriver.values().stream().mapToLong(Long::longValue).sum();
        }

        public void print(PrintStream out) {
            out.printf("%d findings: %d detection rules on the executors, %d correlations and first-seen rules as Spark "
                            + "aggregations, %d chained correlations on the driver%n",
                    total(), findings.size(), correlations.size(), onDriver.size());
            Map<String, Long> all = new TreeMap<>(findings);
            correlations.forEach((rule, count) -> all.merge(rule, count, Long::sum));
            onDriver.forEach((rule, count) -> all.merge(rule, count, Long::sum));
            all.forEach((rule, count) -> {
                if (count > 0) {
                    out.printf("  %6d  %s%n", count, TerminalText.clean(rule, 200));
                }
            });
            failures.forEach((rule, error) -> out.printf("warning: rule '%s' failed (its findings are incomplete): %s%n",
                    TerminalText.clean(rule, 200), TerminalText.clean(error, 500)));
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
            List<ExternalCorrelations.Spec> specs = ExternalCorrelations.specs(rules);
            // the rows correlations read, written as Parquet by each task under the case folder (which driver and
            // executors both reach; not a hidden name, which Spark would skip) and read back as one Dataset; removed at the end
            Path scratch;
            try {
                scratch = Files.createTempDirectory(folder, "spark-hunt-rows-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a scratch folder in the case: " + e.getMessage(), e);
            }
            String rowsFolder = scratch.toString();
            JavaRDD<SliceResult> results = context.parallelize(slices, Math.max(1, slices.size()))
                    // kept as objects: serialising every slice's matches and rows to cache them cost a fifth of the
                    // hunt's CPU (Java serialisation of millions of small objects), and each is read a few times
                    .map(slice -> match(root, slice, builtIn, texts, rowsFolder)).persist(StorageLevel.MEMORY_AND_DISK());
            List<Tuple2<String, Long>> matched;
            List<SliceFailure> failed;
            Map<Integer, ExternalCorrelations.History> histories;
            SparkCorrelations.Aggregated aggregates;
            try {
                matched = slices.isEmpty() ? List.of() : results.flatMap(result -> result.matches().iterator()).collect();
                failed = slices.isEmpty() ? List.of() : results.flatMap(result -> result.failures().iterator()).collect();
                List<ExternalCorrelations.SourceSpan> spans = slices.isEmpty() ? List.of()
                        : results.flatMap(result -> result.spans().iterator()).collect();
                histories = ExternalCorrelations.histories(rules, specs, spans);
                aggregates = new SparkCorrelations(spark).run(scratch, specs, histories);
            } finally {
                results.unpersist();
                CaseParts.deleteTree(scratch);
            }

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
            Map<Integer, Long> correlated = new TreeMap<>();
            Map<Integer, Long> written = OneTransaction.run(connection, () -> {
                Map<Integer, Long> detections = ExternalDetections.writeFindings(connection, rules, matches);
                correlated.putAll(ExternalCorrelations.writeFindings(connection, rules, aggregates.firings()));
                correlated.putAll(ExternalCorrelations.writeFirstSeen(connection, rules, aggregates.firsts(), histories));
                return detections;
            });
            // Chained correlations are not Spark aggregations: the driver runs them with the local engine over the
            // case (DuckDB reading the parts), which replaces only their own findings.
            Set<String> onDriver = new HashSet<>();
            Set<Integer> aggregatedHere = new HashSet<>();
            specs.forEach(spec -> aggregatedHere.add(spec.index()));
            for (int i = 0; i < rules.size(); i++) {
                LoadedRule rule = rules.get(i);
                if (rule.status() == LoadedRule.Status.OK && !aggregatedHere.contains(i)
                        && (rule.kind() == LoadedRule.Kind.CORRELATION || rule.kind() == LoadedRule.Kind.FIRST_SEEN)) {
                    onDriver.add(rule.metadata().reference());
                }
            }
            Map<String, Long> aggregated = new TreeMap<>();
            correlated.forEach((index, count) -> aggregated.merge(rules.get(index).metadata().reference(), count, Long::sum));
            Map<String, Long> driverFindings = new TreeMap<>();
            Map<String, String> failures = new TreeMap<>();
            for (SliceFailure failure : failed) {
                failures.merge(failure.rule(), "date " + failure.date() + ": " + failure.error(), (a, b) -> a);
            }
            if (!onDriver.isEmpty()) {
                try {
                    HuntResult result = new Hunt(connection).run(rules, metadata -> onDriver.contains(metadata.reference()));
                    for (RuleRun run : result.runs()) {
                        if (onDriver.contains(run.rule().reference())) {
                            driverFindings.merge(run.rule().reference(), run.findings(), Long::sum);
                        }
                    }
                    for (RuleRun run : result.failed()) {
                        failures.putIfAbsent(run.rule().reference(), "on the driver: " + run.error());
                    }
                } catch (SQLException | RuntimeException e) {
                    // the findings written above stay; these rules are named as failed, never left out
                    onDriver.forEach(rule -> failures.putIfAbsent(rule, "on the driver: " + e.getMessage()));
                }
            }
            dev.cloudsift.store.CatalogueRebuild.export(store);
            Map<String, Long> findings = new TreeMap<>();
            written.forEach((index, count) -> findings.merge(rules.get(index).metadata().reference(), count, Long::sum));
            return new Summary(findings, aggregated, driverFindings, failures);
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

    /** A rule that failed over one date partition, and why. */
    record SliceFailure(String rule, String date, String error) implements Serializable {}

    /** What a task found in its date partition: detection matches, source spans, and failures. */
    record SliceResult(List<Tuple2<String, Long>> matches, List<ExternalCorrelations.SourceSpan> spans,
                       List<SliceFailure> failures) implements Serializable {}

    /**
     * On an executor: every detection rule over one date partition of the case, as (rule reference, row id), the
     * rows the Spark-aggregated correlations read there (written as Parquet into {@code rowsFolder}), and every rule
     * that failed there with its reason.
     */
    static SliceResult match(String caseFolder, Slice slice, boolean builtIn, List<RuleText> texts, String rowsFolder)
            throws SQLException, IOException {
        List<LoadedRule> rules = load(builtIn, texts);
        Map<String, TableSchema> tables = FormatRegistry.load().tables();
        List<Tuple2<String, Long>> out = new ArrayList<>();
        List<SliceFailure> failures = new ArrayList<>();
        List<ExternalCorrelations.SourceSpan> spans = new ArrayList<>();
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
            try {
                CaseParts.refreshViews(connection, tables.values());
                try (Statement statement = connection.createStatement()) {
                    if (tables.containsKey("cloudtrail") && tables.containsKey("s3access")) {
                        CaseViews.run(statement, "s3_object_access.sql");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // the date's parts cannot be shown (a part unreadable): every rule misses this date, each said so
                Set<String> named = new java.util.LinkedHashSet<>();
                for (LoadedRule rule : rules) {
                    if (ExternalDetections.evaluable(rule) && named.add(rule.metadata().reference())) {
                        failures.add(new SliceFailure(rule.metadata().reference(), slice.date(),
                                "the date's parts cannot be read: " + e.getMessage()));
                    }
                }
                return new SliceResult(out, spans, failures);
            }
            List<ExternalCorrelations.Spec> specs = ExternalCorrelations.specs(rules);
            Set<Integer> referenced = ExternalCorrelations.referenced(rules, specs);
            Map<Integer, List<Long>> matches = new HashMap<>();
            Map<String, Boolean> done = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                LoadedRule rule = rules.get(i);
                if (!ExternalDetections.evaluable(rule) || done.putIfAbsent(rule.metadata().reference(), true) != null) {
                    continue;
                }
                try {
                    List<Long> rows = ExternalDetections.matchingRows(connection, rule);
                    for (long row : rows) {
                        out.add(new Tuple2<>(rule.metadata().reference(), row));
                    }
                    if (referenced.contains(i) && ExternalDetections.hasSource(connection, rule)) {
                        matches.put(i, rows);
                    }
                } catch (SQLException | RuntimeException e) {
                    // reported to the driver, never dropped: the rule's findings over this date are missing
                    failures.add(new SliceFailure(rule.metadata().reference(), slice.date(), String.valueOf(e.getMessage())));
                }
            }
            if (specs.stream().anyMatch(spec -> spec.type() == dev.cloudsift.detect.CorrelationType.FIRST_SEEN)) {
                try {
                    spans.addAll(ExternalCorrelations.sourceSpans(connection));
                } catch (SQLException | RuntimeException e) {
                    // without the date's span, first-seen rules cannot know their history: each is said so
                    for (ExternalCorrelations.Spec spec : specs) {
                        if (spec.type() == dev.cloudsift.detect.CorrelationType.FIRST_SEEN) {
                            failures.add(new SliceFailure(spec.reference(), slice.date(), "source history: " + e.getMessage()));
                        }
                    }
                }
            }
            if (!specs.isEmpty()) {
                // the date in the file name keeps each slice's files apart (a date is one slice)
                Map<Integer, String> listed = ExternalCorrelations.writeInputRows(connection, rules, specs, matches,
                        Path.of(rowsFolder), "d" + slice.date() + "-");
                listed.forEach((index, error) ->
                        failures.add(new SliceFailure(rules.get(index).metadata().reference(), slice.date(), error)));
            }
        }
        return new SliceResult(out, spans, failures);
    }
}
