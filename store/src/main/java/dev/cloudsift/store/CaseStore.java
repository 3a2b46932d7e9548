package dev.cloudsift.store;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/** One investigation's DuckDB file: schema, version check, and the connection every component queries. */
public final class CaseStore implements AutoCloseable {
    /** The file name used when no {@code --case} is given. */
    public static final String DEFAULT_FILE = "cloudsift.duckdb";
    /** DuckDB's memory for a case unless {@code CLOUDSIFT_DUCKDB_MEMORY} says otherwise. */
    public static final String DEFAULT_MEMORY_LIMIT = "2GB";

    private final Path file;
    private final Connection connection;
    private final boolean readOnly;
    private final List<String> warnings = new ArrayList<>();

    private CaseStore(Path file, Connection connection, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** Opens (creating if needed) a case for writing and makes sure it has every table the formats declare. */
    public static CaseStore open(Path file, Collection<LogFormat> formats) {
        CaseStore store = connect(file, false, false);
        try {
            store.checkVersion(true);
            store.createTables(formats);
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw e instanceof CaseStoreException c ? c : new CaseStoreException("cannot prepare case " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** Opens an existing case for reading only; queries cannot change it. */
    public static CaseStore openReadOnly(Path file) {
        return openReadOnly(file, false);
    }

    /**
     * Opens an existing case for reading with results streamed from DuckDB as they are fetched, so a result need
     * not fit in memory; only one result may be open at a time on such a store.
     */
    public static CaseStore openReadOnlyStreaming(Path file) {
        return openReadOnly(file, true);
    }

    private static CaseStore openReadOnly(Path file, boolean streaming) {
        if (!Files.isRegularFile(file)) {
            throw new CaseStoreException("no case file at " + file + " (ingest something first, or pass --case)");
        }
        CaseStore store = connect(file, true, streaming);
        try {
            store.checkVersion(false);
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw e instanceof CaseStoreException c ? c : new CaseStoreException("cannot read case " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static CaseStore connect(Path file, boolean readOnly, boolean streaming) {
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
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            // DuckDB's own buffer pool would otherwise take up to 80% of the machine's memory as a case grows;
            // bounded, it spills to its temporary folder instead, so memory stays flat however big the case.
            properties.setProperty("memory_limit", memoryLimit());
            // New case files use DuckDB 1.4's storage, which can compress columns with ZSTD (see CaseSchema);
            // a case written by an earlier build keeps its own storage version.
            properties.setProperty("storage_compatibility_version", CaseSchema.STORAGE_VERSION);
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + absolute, properties);
            return new CaseStore(file, connection, readOnly);
        } catch (ClassNotFoundException | IOException e) {
            throw new CaseStoreException("cannot open case " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("lock")) {
                throw new CaseStoreException("case " + file + " is in use by another Cloudsift process", e);
            }
            if (message.toLowerCase(Locale.ROOT).contains("not a valid duckdb") || message.contains("database file")) {
                throw new CaseStoreException(file + " is not a Cloudsift case file (" + message.lines().findFirst().orElse("") + ")", e);
            }
            throw new CaseStoreException("cannot open case " + file + ": " + message, e);
        }
    }

    /** {@code CLOUDSIFT_DUCKDB_MEMORY} (e.g. {@code 4GB}) or {@link #DEFAULT_MEMORY_LIMIT}. */
    static String memoryLimit() {
        String configured = System.getenv("CLOUDSIFT_DUCKDB_MEMORY");
        return configured == null || configured.isBlank() ? DEFAULT_MEMORY_LIMIT : configured.strip();
    }

    private void checkVersion(boolean initialise) throws SQLException {
        boolean hasMeta = tableExists("meta");
        if (!hasMeta) {
            if (!initialise) {
                throw new CaseStoreException(file + " is a DuckDB file but not a Cloudsift case (no meta table)");
            }
            if (!listTables().isEmpty()) {
                throw new CaseStoreException(file + " is a DuckDB database that Cloudsift did not create; refusing to write into it");
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
            throw new CaseStoreException(file + " has an unreadable schema version '" + value + "'");
        }
        if (version > CaseSchema.VERSION) {
            throw new CaseStoreException("case " + file + " was written by a newer Cloudsift (case schema " + version
                    + "); this build (" + Version.current() + ") reads schema " + CaseSchema.VERSION
                    + " and older. Use a newer Cloudsift.");
        }
    }

    private void createTables(Collection<LogFormat> formats) throws SQLException {
        // ZSTD exists only in the storage new cases get; an older case file would silently store such columns raw.
        boolean zstd = CaseSchema.STORAGE_VERSION.equals(meta("storage_version"));
        try (Statement statement = connection.createStatement()) {
            statement.execute(CaseSchema.INGESTS);
            statement.execute(CaseSchema.INGEST_FILES);
            for (String column : CaseSchema.INGEST_FILE_COLUMNS) {
                // a case from an earlier build gets the ledger columns added since (evidence)
                statement.execute("ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS " + column);
            }
            statement.execute(CaseSchema.QUARANTINE);
            statement.execute(CaseSchema.RECORD_KEYS);
            ensureTable(statement, CaseSchema.EVENTS, zstd);
            Set<String> done = new HashSet<>();
            for (LogFormat format : formats) {
                for (TableSchema table : format.tables()) {
                    if (done.add(table.name())) {
                        ensureTable(statement, table, zstd);
                    }
                }
            }
            done.add(CaseSchema.EVENTS.name());
            CaseViews.create(statement, done, warnings);
        }
    }

    /** Creates the table, or adds the columns a newer build declares to an older case. */
    private void ensureTable(Statement statement, TableSchema table, boolean zstd) throws SQLException {
        statement.execute(CaseSchema.createTable(table, zstd));
        Set<String> existing = new HashSet<>();
        try (ResultSet columns = statement.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = '" + table.name() + "'")) {
            while (columns.next()) {
                existing.add(columns.getString(1));
            }
        }
        for (Column column : table.columns()) {
            if (!existing.contains(column.name())) {
                statement.execute("ALTER TABLE " + table.name() + " ADD COLUMN " + CaseSchema.quote(column.name()) + " "
                        + column.type().sql());
            }
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The folder of the case's evidence (each input's original bytes, by SHA-256): beside the case file, named
     * after it with {@code .evidence} appended.
     */
    public Path evidenceRoot() {
        Path absolute = file.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".evidence");
    }

    public boolean readOnly() {
        return readOnly;
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
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1) > 0;
            }
        }
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

    @Override
    public void close() {
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
