package dev.cloudsift.store;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.enrich.CaseEnricher;
import dev.cloudsift.store.enrich.CaseEnrichers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rebuilds a case's DuckDB catalogue from the Parquet copy of it that an engine without DuckDB at hand keeps
 * under {@value #FOLDER}/ (a Spark job: {@code ingests/}, {@code ingest_files/}, {@code quarantine/} one file per
 * ingest; {@code parts/}, {@code meta/}, {@code findings/} as of the last write). A case copied down or mounted
 * without {@code catalogue.duckdb}, or with one older than that copy (an ingest the Parquet lists and it does not),
 * gets a catalogue again when first opened: ledger, quarantine, findings, the parts list, the views and the
 * enrichers' tables. Without this, opening such a case for writing would take its parts for uncommitted leftovers.
 */
public final class CatalogueRebuild {
    /** The case folder holding the catalogue's tables as Parquet. */
    public static final String FOLDER = "catalogue";
    private static final Pattern INGEST_FILE = Pattern.compile("ingest-(\\d+)\\.parquet");

    private CatalogueRebuild() {}

    /** Whether the folder holds a Parquet catalogue: an engine other than the local CLI wrote the case. */
    public static boolean hasParquetCatalogue(Path folder) {
        return Files.isDirectory(folder.resolve(FOLDER).resolve("ingests"));
    }

    /**
     * Why the catalogue must be rebuilt from the Parquet catalogue: it is missing, or older (an ingest the Parquet
     * lists and it does not). Null when it need not be, or when the case has no Parquet catalogue.
     */
    static String needed(Path folder) {
        if (!hasParquetCatalogue(folder)) {
            return null;
        }
        Path catalogue = folder.resolve(CaseStore.CATALOGUE);
        if (!Files.exists(catalogue)) {
            return "the case has no " + CaseStore.CATALOGUE;
        }
        int exported = lastExportedIngest(folder);
        int held = lastIngest(catalogue);
        return exported <= held ? null
                : CaseStore.CATALOGUE + " lists ingests up to " + held + ", the Parquet catalogue up to " + exported;
    }

    /**
     * Builds the catalogue's tables from the Parquet catalogue beside the case's catalogue and then puts it in its
     * place, so an interrupted rebuild never leaves a catalogue without its parts; a stale catalogue is kept as
     * {@code catalogue.duckdb.stale}. The views and the enrichers' tables follow in {@link #finish}.
     */
    static void rebuild(Path folder, String why) {
        Path catalogue = folder.resolve(CaseStore.CATALOGUE);
        Path building = folder.resolve(CaseStore.CATALOGUE + ".rebuilding");
        try {
            Files.deleteIfExists(building);
            Files.deleteIfExists(folder.resolve(CaseStore.CATALOGUE + ".rebuilding.wal"));
            build(folder, building);
            if (Files.exists(catalogue)) {
                Files.move(catalogue, folder.resolve(CaseStore.CATALOGUE + ".stale"), StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(folder.resolve(CaseStore.CATALOGUE + ".wal"));
            }
            Files.move(building, catalogue, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | SQLException e) {
            throw new CaseStoreException("cannot rebuild the catalogue of " + folder + " from its Parquet copy under "
                    + FOLDER + "/ (" + why + "): " + e.getMessage(), e);
        }
    }

    /** Derives what the enrichers add to a rebuilt catalogue (opened for writing, views in place). */
    static void finish(CaseStore store, List<String> warnings) throws SQLException {
        for (CaseEnricher enricher : CaseEnrichers.all()) {
            try {
                enricher.enrich(store.connection());
            } catch (SQLException | RuntimeException e) {
                warnings.add(enricher.name() + " failed while rebuilding the catalogue: " + e.getMessage());
            }
        }
        store.refreshEventsView();
    }

    private static void build(Path folder, Path file) throws SQLException {
        Path exports = folder.resolve(FOLDER);
        Properties properties = new Properties();
        properties.setProperty("storage_compatibility_version", CaseSchema.STORAGE_VERSION);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
             Statement statement = connection.createStatement()) {
            statement.execute("SET file_search_path = " + CaseParts.literal(folder.toAbsolutePath().normalize()));
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute(CaseSchema.META);
            statement.execute(CaseSchema.INGESTS);
            statement.execute(CaseSchema.INGEST_FILES);
            statement.execute(CaseSchema.QUARANTINE);
            statement.execute(CaseSchema.FINDINGS);
            statement.execute("ALTER TABLE findings ADD COLUMN IF NOT EXISTS ingest_id BIGINT");
            statement.execute(CaseParts.DDL);
            insert(statement, "meta", exports.resolve("meta"));
            statement.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', '" + CaseSchema.VERSION + "'), "
                    + "('created_by', 'cloudsift " + Version.current() + "'), ('created_at', CAST(now() AS VARCHAR)), "
                    + "('storage_version', '" + CaseSchema.STORAGE_VERSION + "')");
            // the views are regenerated on the first open after this
            statement.execute("DELETE FROM meta WHERE key = 'views_signature'");
            insert(statement, "ingests", exports.resolve("ingests"));
            insert(statement, "ingest_files", exports.resolve("ingest_files"));
            insert(statement, "quarantine", exports.resolve("quarantine"));
            insert(statement, "findings", exports.resolve("findings"));
            if (!insert(statement, "parts", exports.resolve("parts"))) {
                // no parts list: describe the parts the folder holds, as committed by the last ingest
                List<TableSchema> tables = new ArrayList<>(FormatRegistry.load().tables().values());
                List<CaseParts.Part> parts = CaseParts.describeStaged(connection, folder, tables);
                try (ResultSet last = statement.executeQuery("SELECT coalesce(max(ingest_id), 0) FROM ingests")) {
                    last.next();
                    CaseParts.record(connection, parts, last.getInt(1));
                }
            }
            statement.execute("CHECKPOINT");
        }
    }

    /** Inserts the rows of a folder's Parquet files by column name; false when it holds none. */
    private static boolean insert(Statement statement, String table, Path folder) throws SQLException {
        List<Path> files = CaseParts.parquetFiles(folder);
        if (files.isEmpty()) {
            return false;
        }
        statement.execute("INSERT INTO " + table + " BY NAME SELECT * FROM read_parquet("
                + CaseParts.fileList(files) + ", union_by_name = true)");
        return true;
    }

    private static int lastExportedIngest(Path folder) {
        int last = 0;
        try (Stream<Path> files = Files.list(folder.resolve(FOLDER).resolve("ingests"))) {
            for (Path file : files.toList()) {
                Matcher matcher = INGEST_FILE.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    last = Math.max(last, Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return last;
    }

    private static int lastIngest(Path catalogue) {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + catalogue.toAbsolutePath(), properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(max(ingest_id), 0) FROM ingests")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            // in use, or not a catalogue: opening it reports that better than a rebuild would
            return Integer.MAX_VALUE;
        }
    }

    /**
     * Brings the Parquet catalogue under {@value #FOLDER}/ in step with the DuckDB catalogue: the ledger, run and
     * quarantined records of every ingest it does not hold yet (one file per ingest, written once: an ingest's
     * lines never change afterwards), then parts, meta and findings as they now stand. The Spark jobs call it after
     * each write; {@link CaseStore#close()} calls it for every case that has a Parquet catalogue, so a local ingest,
     * hunt or compaction of a case Spark wrote leaves no stale copy for other engines or for a later rebuild.
     */
    public static void export(CaseStore store) throws SQLException {
        Path exports = store.folder().resolve(FOLDER);
        for (String table : List.of("ingests", "ingest_files", "quarantine")) {
            try {
                Files.createDirectories(exports.resolve(table));
            } catch (IOException e) {
                throw new SQLException("cannot create " + exports.resolve(table) + ": " + e.getMessage(), e);
            }
        }
        List<Integer> ingests = new ArrayList<>();
        try (Statement statement = store.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT ingest_id FROM ingests ORDER BY ingest_id")) {
            while (rows.next()) {
                ingests.add(rows.getInt(1));
            }
        }
        try (Statement statement = store.connection().createStatement()) {
            for (int ingestId : ingests) {
                String name = "ingest-" + ingestId + ".parquet";
                if (Files.exists(exports.resolve("ingests").resolve(name))) {
                    continue;
                }
                // the run's file last: it is what marks the ingest as exported (and what a rebuild counts)
                copy(statement, "SELECT * FROM ingest_files WHERE ingest_id = " + ingestId + " ORDER BY file_id",
                        exports.resolve("ingest_files").resolve(name));
                copy(statement, "SELECT q.* FROM quarantine q JOIN ingest_files f USING (file_id) WHERE f.ingest_id = "
                        + ingestId + " ORDER BY file_id, \"offset\"", exports.resolve("quarantine").resolve(name));
                copy(statement, "SELECT * FROM ingests WHERE ingest_id = " + ingestId, exports.resolve("ingests").resolve(name));
            }
        }
        exportSnapshot(store);
    }

    /** Writes a query's rows to a Parquet file, whole or not at all (written beside it, then moved into place). */
    private static void copy(Statement statement, String query, Path target) throws SQLException {
        Path written = target.resolveSibling(target.getFileName() + ".tmp");
        statement.execute("COPY (" + query + ") TO " + CaseParts.literal(written) + " (FORMAT parquet, COMPRESSION zstd)");
        try {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SQLException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the catalogue tables that change as a whole (parts, meta, findings) as Parquet under {@value #FOLDER}/,
     * for a case whose catalogue must be rebuildable; the ledger and quarantine are written per ingest by the engine.
     */
    public static void exportSnapshot(CaseStore store) throws SQLException {
        Path exports = store.folder().resolve(FOLDER);
        try (Statement statement = store.connection().createStatement()) {
            for (String table : List.of("parts", "meta", "findings")) {
                Path target = exports.resolve(table);
                try {
                    Files.createDirectories(target);
                } catch (IOException e) {
                    throw new SQLException("cannot create " + target + ": " + e.getMessage(), e);
                }
                String order = switch (table) {
                    case "parts" -> "path";
                    case "meta" -> "key";
                    default -> "finding_id";
                };
                copy(statement, "SELECT * FROM " + table + " ORDER BY " + order, target.resolve(table + ".parquet"));
            }
        }
    }
}
