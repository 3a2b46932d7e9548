package dev.cloudsift.spark;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.PartLayout;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.ingest.ExternalIngest;
import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.FileStatus;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.store.ingest.RowIds;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;

/**
 * Ingest as a Spark job into a case folder the driver can reach. Executors list and hash every input's units
 * (files, archive members), the driver numbers them in sorted path order (file ids; row ids follow from file and
 * record index, so a rerun gives the same ids), executors read them with the formats' own readers, Spark finds
 * the copies of each dedupe key (the first in sorted path, then record, order wins; keys compared whole, also
 * against the keys the case holds) and writes the parts in the store's layout; the driver then commits parts,
 * keys, ledger and quarantine into the catalogue as a local ingest does, and keeps ledger and quarantine as
 * Parquet too.
 */
public final class SparkIngest {
    /** Folder of the case holding the catalogue's ledger, quarantine and findings as Parquet, for engines that do not read DuckDB. */
    public static final String EXPORTS = dev.cloudsift.store.CatalogueRebuild.FOLDER;

    private final SparkSession spark;

    public SparkIngest(SparkSession spark) {
        this.spark = spark;
        SparkSettings.apply(spark);
    }

    /** What the job did, per file as the ledger has it. */
    public record Summary(int ingestId, List<FileResult> files, List<String> warnings) {
        public long read() { return files.stream().mapToLong(FileResult::read).sum(); }
        public long stored() { return files.stream().mapToLong(FileResult::stored).sum(); }
        public long duplicates() { return files.stream().mapToLong(FileResult::duplicates).sum(); }
        public long quarantined() { return files.stream().mapToLong(FileResult::quarantined).sum(); }
    }

    public Summary run(List<String> inputs, Path caseFolder, Map<String, String> formatOptions) throws SQLException {
        Instant started = Instant.now();
        FormatRegistry registry = FormatRegistry.load();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, String> hadoop = InputFiles.entries(spark.sparkContext().hadoopConfiguration());
        try (CaseStore store = CaseStore.open(caseFolder, registry.formats())) {
            ExternalIngest external = new ExternalIngest(store);
            int ingestId = external.nextIngestId();
            int firstFileId = external.nextFileId();
            Map<String, Integer> known = external.knownHashes();
            List<Path> caseKeys = external.keyParts();
            Path staged = external.stagingFolder(ingestId);
            CaseParts.deleteTree(staged);

            List<InputFiles.Listed> listed = InputFiles.list(inputs, hadoop, caseFolder);
            int slices = Math.max(1, Math.min(listed.size(), context.defaultParallelism() * 8));
            List<Tuple2<Integer, InputFiles.Listed>> indexed = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
                indexed.add(new Tuple2<>(i, listed.get(i)));
            }
            List<ListedUnit> units = new ArrayList<>(indexed.isEmpty() ? List.of()
                    : context.parallelize(indexed, slices).flatMap(in -> FileReading.scan(in._1(), in._2(), hadoop).iterator()).collect());
            units.sort(Comparator.comparing((ListedUnit u) -> u.displayPath).thenComparingInt(u -> u.input));

            // File ids in sorted path order; the same bytes are read once (the first path wins, as the ledger says).
            List<LedgerLine> lines = new ArrayList<>();
            Map<Integer, List<FileReading.Planned>> plan = new TreeMap<>();
            Map<String, Integer> hashes = new HashMap<>(known);
            int fileId = firstFileId;
            for (ListedUnit unit : units) {
                int id = fileId++;
                LedgerLine line = LedgerLine.of(unit, id);
                if (unit.problem != null) {
                    line.status = FileStatus.FAILED.name();
                    line.error = unit.problem;
                    lines.add(line);
                } else if (hashes.containsKey(unit.sha256)) {
                    line.status = FileStatus.ALREADY_INGESTED.name();
                    line.sameAsFileId = hashes.get(unit.sha256);
                    lines.add(line);
                } else {
                    hashes.put(unit.sha256, id);
                    plan.computeIfAbsent(unit.input, k -> new ArrayList<>()).add(new FileReading.Planned(unit, id));
                }
            }
            int endFileId = fileId;

            List<Tuple2<InputFiles.Listed, List<FileReading.Planned>>> work = new ArrayList<>();
            plan.forEach((input, planned) -> work.add(new Tuple2<>(listed.get(input), planned)));
            JavaRDD<Item> items = work.isEmpty() ? context.emptyRDD()
                    : context.parallelize(work, Math.max(1, Math.min(work.size(), context.defaultParallelism() * 8)))
                            .flatMap(w -> FileReading.read(w._1(), w._2(), hadoop, formatOptions).iterator());
            items.persist(StorageLevel.MEMORY_AND_DISK_SER());
            try {
                lines.addAll(items.filter(i -> i.kind == Item.LEDGER).map(i -> i.ledger).collect());

                Dataset<Row> keys = spark.createDataFrame(items.filter(i -> i.kind == Item.KEY).map(i -> i.row), PartRows.KEYS);
                Dataset<Row> duplicates = duplicates(keys, caseKeys).persist(StorageLevel.MEMORY_AND_DISK());
                Map<Integer, Long> perFile = new HashMap<>();
                for (Row row : duplicates.groupBy("file_id").count().collectAsList()) {
                    perFile.put(row.getInt(0), row.getLong(1));
                }
                Dataset<Row> dropped = duplicates.select("row_id");

                Map<String, TableSchema> tables = new LinkedHashMap<>(store.tables());
                List<String> written = items.filter(i -> i.kind == Item.ROW).map(i -> i.table).distinct().collect();
                for (String table : written.stream().sorted().toList()) {
                    TableSchema schema = tables.get(table);
                    Dataset<Row> rows = spark.createDataFrame(items.filter(i -> i.kind == Item.ROW && table.equals(i.table))
                            .map(i -> i.row), PartRows.schema(schema));
                    if (!perFile.isEmpty()) {
                        rows = rows.join(dropped, rows.col("row_id").equalTo(dropped.col("row_id")), "left_anti");
                    }
                    writePart(rows, schema, staged.resolve(PartLayout.TABLES).resolve(table));
                }
                keys.join(dropped, keys.col("row_id").equalTo(dropped.col("row_id")), "left_anti")
                        .select("dedupe_key", "row_id", "file_id").orderBy("row_id").coalesce(1)
                        .write().mode("overwrite").parquet(staged.resolve(PartLayout.KEYS).toString());
                Path quarantineFolder = caseFolder.resolve(PartLayout.STAGING).resolve("external-" + ingestId + "-quarantine");
                spark.createDataFrame(items.filter(i -> i.kind == Item.QUARANTINE).map(i -> i.row), PartRows.QUARANTINE)
                        .coalesce(1).write().mode("overwrite").parquet(quarantineFolder.toString());
                duplicates.unpersist();

                List<FileResult> results = new ArrayList<>();
                for (LedgerLine line : lines) {
                    results.add(line.result(perFile.getOrDefault(line.fileId, 0L)));
                }
                results.sort(Comparator.comparingInt(FileResult::fileId));
                IngestOptions options = new IngestOptions(inputs.stream().map(Path::of).toList(), formatOptions,
                        context.defaultParallelism(), EvidenceMode.REFERENCE);
                List<String> warnings = external.commit(ingestId, started, options, results, staged,
                        CaseParts.parquetFiles(quarantineFolder), RowIds.of(endFileId, 0));
                CaseParts.deleteTree(quarantineFolder);
                // ledger, quarantine, parts and findings as Parquet too: what rebuilds the catalogue elsewhere
                dev.cloudsift.store.CatalogueRebuild.export(store);
                return new Summary(ingestId, results, warnings);
            } finally {
                items.unpersist(false);
            }
        }
    }

    /**
     * Row ids of this ingest's copies: every copy of a key after the first in input order (row ids follow sorted
     * path, then record, order), and the first copy too when the case already holds the key.
     */
    static Dataset<Row> duplicates(Dataset<Row> keys, List<Path> caseKeys) {
        Dataset<Row> ranked = keys.withColumn("copy", row_number().over(Window.partitionBy("dedupe_key").orderBy("row_id")));
        Dataset<Row> later = ranked.where(col("copy").gt(1)).select("row_id", "file_id");
        if (caseKeys.isEmpty()) {
            return later;
        }
        Dataset<Row> held = keys.sparkSession().read().parquet(caseKeys.stream().map(Path::toString).toArray(String[]::new))
                .select("dedupe_key").distinct();
        Dataset<Row> first = ranked.where(col("copy").equalTo(1));
        return later.union(first.join(held, first.col("dedupe_key").equalTo(held.col("dedupe_key")), "left_semi")
                .select("row_id", "file_id"));
    }

    /**
     * Writes a table's rows as the local writer does: Hive-style date partitions of the row's time (UTC), rows
     * sorted by time then row id within a part, zstd, timestamps as UTC-adjusted microseconds.
     */
    private static void writePart(Dataset<Row> rows, TableSchema schema, Path folder) {
        String time = PartLayout.timeExpression(schema);
        Dataset<Row> dated = rows.withColumn("cloudsift_time", expr(time))
                .withColumn("date", expr("date_format(cloudsift_time, 'yyyy-MM-dd')"));
        dated.repartition(col("date"))
                .sortWithinPartitions(col("date"), col("cloudsift_time"), col("row_id"))
                .drop("cloudsift_time")
                .write().mode("overwrite").partitionBy("date").parquet(folder.toString());
    }
}
