package dev.cloudsift.store;

import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * One investigation's case folder: its DuckDB catalogue ({@value #CATALOGUE}), schema and version check, and the
 * connection every component queries.
 */
public final class CaseStore implements AutoCloseable {
    /** The case folder used when no {@code --case} is given. */
    public static final String DEFAULT_FOLDER = "cloudsift-case";
    /** The catalogue inside a case folder: ledger, ingests, quarantine, findings, meta and the views. */
    public static final String CATALOGUE = "catalogue.duckdb";
    /** The single-file case of earlier builds, when no {@code --case} was given. */
    static final String OLD_DEFAULT_FILE = "cloudsift.duckdb";
    /** The evidence folder inside a case folder. */
    public static final String EVIDENCE = "evidence";
    /** DuckDB's memory never goes below this, whatever the heap (its sorts and joins need room before they spill). */
    static final long MIN_MEMORY_LIMIT = 256L << 20;
    /** The folder inside a case where DuckDB spills what does not fit its memory limit while the case is written. */
    public static final String SPILL = "duckdb-spill";
    private static final java.sql.Driver DRIVER = new org.duckdb.DuckDBDriver();

    private final Path folder;
    private final Connection connection;
    private final boolean readOnly;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, TableSchema> tables = new LinkedHashMap<>();
    /** Opened for writing and ready: its tables and views are in place (a failed open is closed without exports). */
    private boolean prepared;

    private CaseStore(Path folder, Connection connection, boolean readOnly) {
        this.folder = folder;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** Opens (creating if needed) a case folder for writing and makes sure it has every table the formats declare. */
    public static CaseStore open(Path folder, Collection<LogFormat> formats) {
        return open(folder, formats, List.of());
    }

    /**
     * Opens a case for writing with source tables that no format declares, for tools that build cases from other
     * data (the investigation benchmark); see {@link #commitStaged}.
     */
    public static CaseStore openWithTables(Path folder, Collection<TableSchema> tables) {
        return open(folder, List.of(), tables);
    }

    private static CaseStore open(Path folder, Collection<LogFormat> formats, Collection<TableSchema> extraTables) {
        refuseOldCase(folder);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CaseStoreException(folder + " is a file, not a case folder");
        }
        // a case written by another engine (copied down or mounted) without its catalogue, or with an older one
        String rebuilt = CatalogueRebuild.needed(folder);
        if (rebuilt != null) {
            CatalogueRebuild.rebuild(folder, rebuilt);
        }
        CaseStore store = connect(folder, false, false);
        try {
            store.checkVersion(true);
            extraTables.forEach(table -> store.tables.putIfAbsent(table.name(), table));
            store.createTables(formats);
            if (rebuilt != null) {
                CatalogueRebuild.finish(store, store.warnings);
                store.warnings.add("rebuilt the catalogue from the Parquet copy under " + CatalogueRebuild.FOLDER + "/: " + rebuilt);
                System.err.println("cloudsift: rebuilt " + folder.resolve(CATALOGUE) + " from the Parquet copy under "
                        + CatalogueRebuild.FOLDER + "/ (" + rebuilt + ")");
            }
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw e instanceof CaseStoreException c ? c : new CaseStoreException("cannot prepare case " + folder + ": " + e.getMessage(), e);
        }
        store.prepared = true;
        return store;
    }

    /** Opens an existing case for reading only; queries cannot change it. */
    public static CaseStore openReadOnly(Path folder) {
        return openReadOnly(folder, false);
    }

    /**
     * Opens an existing case for reading with results streamed from DuckDB as they are fetched, so a result need
     * not fit in memory; only one result may be open at a time on such a store.
     */
    public static CaseStore openReadOnlyStreaming(Path folder) {
        return openReadOnly(folder, true);
    }

    private static CaseStore openReadOnly(Path folder, boolean streaming) {
        refuseOldCase(folder);
        if (CatalogueRebuild.needed(folder) != null) {
            // the rebuild writes the catalogue once; every later open reads it as it is
            open(folder, dev.cloudsift.core.FormatRegistry.load().formats()).close();
        }
        if (!Files.isRegularFile(folder.resolve(CATALOGUE))) {
            throw new CaseStoreException("no case at " + folder + " (ingest something first, or pass --case)");
        }
        CaseStore store = connect(folder, true, streaming);
        try {
            store.checkVersion(false);
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw e instanceof CaseStoreException c ? c : new CaseStoreException("cannot read case " + folder + ": " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * Earlier builds kept a case in one DuckDB file. Its rows cannot be turned into this layout without the
     * original files, so say how to get a new case rather than fail on a missing catalogue.
     */
    static void refuseOldCase(Path folder) {
        Path old = null;
        if (Files.isRegularFile(folder)) {
            if (!isDuckDbFile(folder)) {
                throw new CaseStoreException(folder + " is a file, not a case folder");
            }
            old = folder;
        } else if (!Files.exists(folder) && folder.getFileName() != null
                && folder.getFileName().toString().equals(DEFAULT_FOLDER)) {
            Path sibling = folder.resolveSibling(OLD_DEFAULT_FILE);
            if (Files.isRegularFile(sibling)) {
                old = sibling;
            }
        }
        if (old != null) {
            throw new CaseStoreException(old + " is a single-file case from an earlier Cloudsift; cases are now folders"
                    + " (catalogue.duckdb plus Parquet tables). Ingest the original log files again into a new case:"
                    + " cloudsift ingest --case NEW-FOLDER FILES... (the old file is left untouched)");
        }
    }

    /** DuckDB files carry {@code DUCK} at byte 8. */
    private static boolean isDuckDbFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(12);
            return head.length == 12 && new String(head, 8, 4, StandardCharsets.US_ASCII).equals("DUCK");
        } catch (IOException e) {
            return false;
        }
    }

    private static CaseStore connect(Path folder, boolean readOnly, boolean streaming) {
        Path file = folder.resolve(CATALOGUE);
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties properties = new Properties();
            if (readOnly) {
                properties.setProperty("duckdb.read_only", "true");
            }
            if (streaming) {
                properties.setProperty("jdbc_stream_results", "true");
            }
            Path absolute = file.toAbsolutePath();
            if (!readOnly) {
                Files.createDirectories(absolute.getParent());
            }
            // DuckDB's own buffer pool would otherwise take up to 80% of the machine's memory as a case grows;
            // bounded, it spills to its temporary folder instead, so memory stays flat however big the case.
            properties.setProperty("memory_limit", memoryLimit(System.getenv("CLOUDSIFT_DUCKDB_MEMORY"),
                    Runtime.getRuntime().maxMemory()));
            if (!readOnly) {
                // Spilled blocks go inside the case (its disk has room for the case itself), not to the working
                // folder; DuckDB removes them as it goes and when the connection closes. A read-only case may sit on
                // read-only media, so reads spill to DuckDB's default beside the catalogue only if they can.
                properties.setProperty("temp_directory", folder.toAbsolutePath().resolve(SPILL).toString());
            }
            // New case files use DuckDB 1.4's storage, which can compress columns with ZSTD (see CaseSchema);
            // a case written by an earlier build keeps its own storage version.
            properties.setProperty("storage_compatibility_version", CaseSchema.STORAGE_VERSION);
            // the driver itself rather than DriverManager, whose first use scans for drivers and whose logging
            // concatenation spins classes at run time on every command that opens a case
            Connection connection = DRIVER.connect("jdbc:duckdb:" + absolute, properties);
            try (Statement statement = connection.createStatement()) {
                // Views name their parts relative to the case folder, so the case can move; DuckDB resolves them
                // here. Parts hold UTC-adjusted timestamps, turned into the case's UTC wall times in UTC.
                statement.execute("SET file_search_path = " + CaseParts.literal(absolute.getParent().toString()));
                statement.execute("SET GLOBAL TimeZone = 'UTC'");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new CaseStore(folder, connection, readOnly);
        } catch (ClassNotFoundException | IOException e) {
            throw new CaseStoreException("cannot open case " + folder + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("lock")) {
                throw new CaseStoreException("case " + folder + " is in use by another Cloudsift process", e);
            }
            if (message.toLowerCase(Locale.ROOT).contains("not a valid duckdb") || message.contains("database file")) {
                throw new CaseStoreException(file + " is not a Cloudsift catalogue (" + message.lines().findFirst().orElse("") + ")", e);
            }
            throw new CaseStoreException("cannot open case " + folder + ": " + message, e);
        }
    }

    /**
     * DuckDB's memory limit: {@code configured} ({@code CLOUDSIFT_DUCKDB_MEMORY}, e.g. {@code 4GB}) when set, else half
     * the JVM's maximum heap and at least {@link #MIN_MEMORY_LIMIT}. The heap is the one size an analyst sets
     * ({@code -Xmx}, which the launcher defaults), so the process as a whole stays within about twice it: DuckDB's
     * buffers (Parquet writes, dedupe, compaction, hunts) live outside the heap, and unbounded they took 80% of RAM.
     */
    static String memoryLimit(@Nullable String configured, long maxHeap) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        long limit = Math.max(MIN_MEMORY_LIMIT, maxHeap == Long.MAX_VALUE ? MIN_MEMORY_LIMIT * 8 : maxHeap / 2);
        return (limit >> 20) + "MB";
    }

    private void checkVersion(boolean initialise) throws SQLException {
        boolean hasMeta = tableExists("meta");
        if (!hasMeta) {
            if (!initialise) {
                throw new CaseStoreException(folder + " holds a DuckDB file but not a Cloudsift case (no meta table)");
            }
            if (!listTables().isEmpty()) {
                throw new CaseStoreException(folder + " holds a DuckDB database that Cloudsift did not create; refusing to write into it");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(CaseSchema.META);
                statement.execute("INSERT INTO meta VALUES ('schema_version', '" + CaseSchema.VERSION + "'), "
                        + "('created_by', 'cloudsift " + Version.current() + "'), ('created_at', CAST(now() AS VARCHAR)), "
                        + "('storage_version', '" + CaseSchema.STORAGE_VERSION + "')");
            }
            return;
        }
        String value = meta("schema_version");
        int version;
        try {
            version = Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new CaseStoreException(folder + " has an unreadable schema version '" + value + "'");
        }
        if (version > CaseSchema.VERSION) {
            throw new CaseStoreException("case " + folder + " was written by a newer Cloudsift (case schema " + version
                    + "); this build (" + Version.current() + ") reads schema " + CaseSchema.VERSION
                    + " and older. Use a newer Cloudsift.");
        }
    }

    private void createTables(Collection<LogFormat> formats) throws SQLException {
        for (LogFormat format : formats) {
            for (TableSchema table : format.tables()) {
                tables.putIfAbsent(table.name(), table);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(CaseSchema.INGESTS);
            statement.execute(CaseSchema.INGEST_FILES);
            Set<String> ledgerColumns = CaseSchema.columns(connection, "ingest_files");
            for (String column : CaseSchema.INGEST_FILE_COLUMNS) {
                // a case from an earlier build gets the ledger columns added since (evidence); asked once, not
                // altered once per column on every open
                if (!ledgerColumns.contains(column.substring(0, column.indexOf(' ')))) {
                    statement.execute("ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS " + column);
                }
            }
            statement.execute(CaseSchema.QUARANTINE);
            statement.execute(CaseSchema.FINDINGS);
            statement.execute(CaseParts.DDL);
            CaseParts.removeUncommitted(folder, connection);
            // The views only change with the parts (each commit regenerates them) or with the tables this build
            // declares: skip regenerating them on every open when neither changed.
            String signature = Integer.toHexString(tables.values().stream().map(TableSchema::toString).sorted().toList().hashCode())
                    + "-" + CaseParts.VIEWS_VERSION;
            if (!signature.equals(meta("views_signature"))) {
                CaseParts.refreshViews(connection, tables.values());
                statement.execute("INSERT OR REPLACE INTO meta VALUES ('views_signature', '" + signature + "')");
            }
            Set<String> present = new HashSet<>(tables.keySet());
            present.add(CaseSchema.EVENTS.name());
            CaseViews.create(statement, present, warnings);
        }
    }

    /** The case folder. */
    public Path folder() {
        return folder;
    }

    /** The folder of the case's evidence (each input's original bytes, by SHA-256), inside the case folder. */
    public Path evidenceRoot() {
        return folder.toAbsolutePath().resolve(EVIDENCE);
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The source tables of the formats this store was opened with for writing, by name. */
    public Map<String, TableSchema> tables() {
        return java.util.Collections.unmodifiableMap(tables);
    }

    /** Regenerates the views over the committed parts; call inside the transaction that changes {@code parts}. */
    public void refreshViews() throws SQLException {
        CaseParts.refreshViews(connection, tables.values());
    }

    /**
     * Regenerates the views that list the parts of these tables (see {@link CaseParts#refreshStoredViews}); call inside
     * the transaction that changes their rows in {@code parts}. Tables this store was not opened with are skipped.
     */
    public void refreshViews(Collection<String> changedTables) throws SQLException {
        List<TableSchema> changed = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(changedTables)) {
            TableSchema table = tables.get(name);
            if (table != null) {
                changed.add(table);
            }
        }
        CaseParts.refreshStoredViews(connection, changed);
    }

    /**
     * Commits parts staged in a folder laid out like the case ({@code tables/<table>/date=.../*.parquet}): moves
     * them into place and lists them in one transaction, then removes the staging folder.
     */
    public void commitStaged(Path staged, int ingestId) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            List<CaseParts.Part> parts = CaseParts.describeStaged(connection, staged, tables.values());
            CaseParts.moveIntoCase(folder, staged);
            CaseParts.record(connection, parts, ingestId);
            refreshViews(parts.stream().map(CaseParts.Part::table).toList());
            connection.commit();
            committed = true;
        } finally {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(autoCommit);
            CaseParts.deleteTree(staged);
        }
    }

    /**
     * Confines this connection to the case: files outside its {@code tables/} and {@code keys/} folders can no
     * longer be read or written (DuckDB's external access off, those folders allowed so the views still read).
     */
    public void confineToCase() throws SQLException {
        Path root = folder.toAbsolutePath().normalize();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET allowed_directories = [" + String.join(", ",
                    CaseParts.literal(PartLayout.TABLES + "/"), CaseParts.literal(PartLayout.KEYS + "/"),
                    CaseParts.literal(root.resolve(PartLayout.TABLES) + java.io.File.separator),
                    CaseParts.literal(root.resolve(PartLayout.KEYS) + java.io.File.separator)) + "]");
            statement.execute("SET enable_external_access = false");
        }
    }

    /** Regenerates the {@code events} view alone, after derived tables it includes changed. */
    public void refreshEventsView() throws SQLException {
        CaseParts.refreshViews(connection, tables.values(), true);
    }

    /** Problems met while opening that did not stop it (a view that could not be created). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The case's connection: one per store, not thread-safe; components use it from one thread at a time. */
    public Connection connection() {
        return connection;
    }

    public boolean tableExists(String name) throws SQLException {
        return CaseSchema.exists(connection, name);
    }

    public List<String> listTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        return tables;
    }

    public @Nullable String meta(String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** A single number from a query such as {@code SELECT count(*) FROM events}. */
    public long scalarLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /**
     * Closes the case. A case that other engines read through its Parquet catalogue (one a Spark job wrote) gets
     * that catalogue brought in step first, whatever this store wrote (an ingest, findings, a compaction), so the
     * Parquet copy never tells another engine, or a later rebuild, less than {@value #CATALOGUE} holds.
     */
    @Override
    public void close() {
        if (prepared && CatalogueRebuild.hasParquetCatalogue(folder)) {
            prepared = false;
            try {
                if (!connection.isClosed()) {
                    CatalogueRebuild.export(this);
                }
            } catch (SQLException | RuntimeException e) {
                System.err.println("cloudsift: warning: the Parquet catalogue under " + folder.resolve(CatalogueRebuild.FOLDER)
                        + " could not be brought in step with " + CATALOGUE + " (other engines and a rebuild see the case as"
                        + " it was before this command): " + dev.cloudsift.core.TerminalText.clean(String.valueOf(e.getMessage()), 500));
            }
        }
        try {
            if (!readOnly && !connection.isClosed()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CHECKPOINT");
                } catch (SQLException ignored) {
                    // a failed checkpoint is redone from the write-ahead log at the next open
                }
            }
            connection.close();
        } catch (SQLException ignored) {
            // closing cannot lose committed data
        }
    }
}
