package dev.cloudsift.store;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.evidence.EvidenceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The committed Parquet parts of a case and the views over them. The {@code parts} table of the catalogue is the
 * truth: a part file is in the case once its row is committed, and any file under {@code tables/} or
 * {@code keys/} without a row is the remains of an ingest or compaction that was cut off, removed at the next
 * open for writing. Paths are relative to the case folder, which DuckDB resolves through {@code file_search_path}.
 */
public final class CaseParts {
    static final String DDL = """
            CREATE TABLE IF NOT EXISTS parts (
              path VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, date VARCHAR, rows BIGINT,
              min_time TIMESTAMP, max_time TIMESTAMP, ingest_id INTEGER, bytes BIGINT, sha256 VARCHAR)""";

    /** Table name under which dedupe key parts are listed. */
    public static final String KEYS_TABLE = "_keys";

    /** Tables the store derives after an ingest whose rows the {@code events} view includes, matched by column name. */
    public static final List<String> DERIVED_EVENT_TABLES = List.of("metric_spikes");

    /**
     * One part file: where it is (relative to the case, with {@code /}), what it holds, and its size and SHA-256
     * ({@code cloudsift verify} re-hashes it against them).
     */
    public record Part(String path, String table, String date, long rows, LocalDateTime minTime, LocalDateTime maxTime,
                       long bytes, String sha256) {}

    private CaseParts() {}

    /** Removes staging leftovers and part files no committed row lists: the case is as its last commit left it. */
    static void removeUncommitted(Path folder, Connection connection) throws SQLException {
        deleteTree(folder.resolve(PartLayout.STAGING));
        Set<String> listed = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT path FROM parts")) {
            while (rows.next()) {
                listed.add(rows.getString(1));
            }
        }
        for (String top : List.of(PartLayout.TABLES, PartLayout.KEYS)) {
            Path root = folder.resolve(top);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!listed.contains(relative(folder, file))) {
                        Files.delete(file);
                    }
                }
            } catch (IOException e) {
                throw new CaseStoreException("cannot tidy " + root + ": " + e.getMessage(), e);
            }
            removeEmptyFolders(root);
        }
    }

    /** The case-relative path of a file, always with {@code /}. */
    public static String relative(Path folder, Path file) {
        return folder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                .replace(java.io.File.separatorChar, '/');
    }

    /**
     * Moves staged files to their place in the case: {@code staged} is a folder laid out like the case
     * ({@code tables/...}, {@code keys/...}). Returns the case-relative paths moved. Nothing lists them yet.
     */
    public static List<String> moveIntoCase(Path folder, Path staged) {
        List<String> moved = new ArrayList<>();
        if (!Files.isDirectory(staged)) {
            return moved;
        }
        try (Stream<Path> files = Files.walk(staged)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = relative(staged, file);
                Path target = folder.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                moved.add(relative);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move parts into the case: " + e.getMessage(), e);
        }
        return moved;
    }

    /** Lists parts as committed (inside the caller's transaction). */
    public static void record(Connection connection, Collection<Part> parts, int ingestId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO parts (path, table_name, date, rows, min_time, max_time, ingest_id, bytes, sha256) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Part part : parts) {
                insert.setString(1, part.path());
                insert.setString(2, part.table());
                insert.setString(3, part.date());
                insert.setLong(4, part.rows());
                insert.setObject(5, part.minTime());
                insert.setObject(6, part.maxTime());
                insert.setInt(7, ingestId);
                insert.setLong(8, part.bytes());
                insert.setString(9, part.sha256());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Case-relative paths of a table's committed parts, in order. */
    public static List<String> paths(Connection connection, String table) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT path FROM parts WHERE table_name = ? ORDER BY path")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    paths.add(rows.getString(1));
                }
            }
        }
        return paths;
    }

    /** A {@code read_parquet} call over files (paths as DuckDB should see them), by column name across parts. */
    public static String readParquet(List<String> paths) {
        return "read_parquet(" + list(paths) + ", union_by_name = true)";
    }

    /**
     * The column the views give every row for the UTC date of the part it is stored in ({@code YYYY-MM-DD}, null
     * for rows without a time): a filter on it reaches the scan as a filter on the {@code date=} folder, so DuckDB
     * skips the other dates' files unread. The views' {@code event_time} is computed from the stored column (to
     * read it as UTC), which keeps a time filter from reaching the scan; a query bounding {@code event_time} adds
     * {@link #partDates} beside it.
     */
    public static final String PART_DATE = "part_date";

    /**
     * A predicate on {@link #PART_DATE} holding for every row with {@code from <= event_time < to} (either bound
     * may be null): the dates are ours, formatted from instants, so they go into the SQL as literals, which DuckDB
     * can prune by at planning time (a prepared statement's parameter it cannot).
     */
    public static String partDates(java.time.Instant from, java.time.Instant to) {
        StringBuilder sql = new StringBuilder("true");
        if (from != null) {
            sql.append(" AND ").append(PART_DATE).append(" >= '").append(utcDate(from)).append('\'');
        }
        if (to != null) {
            // the bound is exclusive: a slice ending at midnight needs nothing from the next day
            sql.append(" AND ").append(PART_DATE).append(" <= '").append(utcDate(to.minusNanos(1))).append('\'');
        }
        return sql.toString();
    }

    private static String utcDate(java.time.Instant instant) {
        return java.time.LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC).toString();
    }

    /**
     * (Re)creates, for every table, {@code stored_<table>} over its parts (every stored column, typed as declared)
     * and the table's view ({@code row_id} and the declared columns), then {@code events} over all of them and
     * the derived tables. A table without parts gets empty views of the same columns.
     */
    public static void refreshViews(Connection connection, Collection<TableSchema> tables) throws SQLException {
        refreshViews(connection, tables, false);
    }

    /** As {@link #refreshViews(Connection, Collection)}, or only {@code events} (after derived tables changed). */
    public static void refreshViews(Connection connection, Collection<TableSchema> tables, boolean eventsOnly) throws SQLException {
        Map<String, TableSchema> byName = new LinkedHashMap<>();
        tables.stream().sorted(Comparator.comparing(TableSchema::name)).forEach(t -> byName.putIfAbsent(t.name(), t));
        boolean geoip = CaseSchema.exists(connection, CaseSchema.GEOIP_TABLE);
        try (Statement statement = connection.createStatement()) {
            for (TableSchema table : eventsOnly ? List.<TableSchema>of() : byName.values()) {
                statement.execute("CREATE OR REPLACE VIEW " + stored(table.name()) + " AS " + storedSelect(connection, table));
                statement.execute("CREATE OR REPLACE VIEW " + table.name() + " AS " + tableSelect(table, geoip));
            }
            statement.execute("CREATE OR REPLACE VIEW events AS " + eventsSelect(connection, byName.values(), geoip));
        }
    }

    /**
     * Regenerates only the {@code stored_<table>} views of these tables, after their parts changed. The other views
     * name them and DuckDB binds a view when it is queried, so they read the new parts as they are; regenerating them
     * all re-read every part's schema of every table on every commit.
     */
    public static void refreshStoredViews(Connection connection, Collection<TableSchema> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (TableSchema table : tables) {
                statement.execute("CREATE OR REPLACE VIEW " + stored(table.name()) + " AS " + storedSelect(connection, table));
            }
        }
    }

    /**
     * Bumped when the views' columns change, so that a case written by an earlier build gets its views regenerated
     * when it is next opened for writing (geoip: src_/dst_ address columns; part-date: {@link #PART_DATE};
     * epoch-time: times read as microseconds since the epoch).
     */
    public static final String VIEWS_VERSION = "epoch-time-1";

    /**
     * The SQL expressions over a table's stored columns that give its source and destination IP addresses, as its
     * events projection declares them ({@code src_ip}, {@code dst_ip}), by prefix ({@code src}, {@code dst}); a
     * table without them has none. These are the addresses the geoip table is keyed by.
     */
    public static Map<String, String> addressExpressions(TableSchema table) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String prefix : List.of("src", "dst")) {
            String expression;
            if (PartLayout.keepsEvent(table)) {
                expression = PartLayout.EVENT_PREFIX + prefix + "_ip";
            } else {
                expression = table.eventsProjection().get(prefix + "_ip");
                if (expression == null || expression.replace(" ", "").toUpperCase(java.util.Locale.ROOT).startsWith("CAST(NULLAS")) {
                    continue;
                }
            }
            addresses.put(prefix, expression);
        }
        return addresses;
    }

    /**
     * A source table's view: {@code row_id} and the declared columns, then for each address it has (see
     * {@link #addressExpressions}) what the geoip table says about it, LEFT JOINed by address (typed nulls when the
     * case has no geoip table).
     */
    private static String tableSelect(TableSchema table, boolean geoip) {
        Map<String, String> addresses = addressExpressions(table);
        StringBuilder view = new StringBuilder("SELECT s.row_id");
        for (Column column : table.columns()) {
            view.append(", s.").append(CaseSchema.quote(column.name()));
        }
        view.append(geoColumns(addresses.keySet(), geoip));
        if (!geoip || addresses.isEmpty()) {
            return view.append(" FROM ").append(stored(table.name())).append(" s").toString();
        }
        // the address expressions are evaluated over the stored columns alone, so no geoip column can shadow them
        view.append(" FROM (SELECT *");
        addresses.forEach((prefix, expression) -> view.append(", CAST(").append(expression).append(" AS VARCHAR) AS ")
                .append(addressAlias(prefix)));
        view.append(" FROM ").append(stored(table.name())).append(") s");
        addresses.keySet().forEach(prefix -> view.append(geoJoin(prefix, "s." + addressAlias(prefix))));
        return view.toString();
    }

    private static String addressAlias(String prefix) {
        return "geoip_" + prefix + "_address";
    }

    /** {@code , g_src.country_code AS src_country, ...} or typed nulls without a geoip table. */
    private static String geoColumns(java.util.Collection<String> prefixes, boolean geoip) {
        StringBuilder sql = new StringBuilder();
        for (String prefix : prefixes) {
            for (Column column : CaseSchema.addressColumns(prefix)) {
                String suffix = column.name().substring(prefix.length() + 1);
                String value = geoip ? "g_" + prefix + "." + CaseSchema.ADDRESS_GEO_COLUMNS.get(suffix) : "NULL";
                sql.append(", CAST(").append(value).append(" AS ").append(column.type().sql()).append(") AS ")
                        .append(column.name());
            }
        }
        return sql.toString();
    }

    private static String geoJoin(String prefix, String address) {
        return " LEFT JOIN " + CaseSchema.GEOIP_TABLE + " g_" + prefix + " ON g_" + prefix + ".address = " + address;
    }

    /** Name of the view over every stored column of a table's parts. */
    public static String stored(String table) {
        return "stored_" + table;
    }

    private static String storedSelect(Connection connection, TableSchema table) throws SQLException {
        String stored = storedColumnsSelect(connection, table);
        StringBuilder derived = new StringBuilder();
        for (Column column : table.columns()) {
            if (!column.stored()) {
                derived.append(", CAST((").append(column.derivedSql()).append(") AS ").append(column.type().sql())
                        .append(") AS ").append(CaseSchema.quote(column.name()));
            }
        }
        // Derived columns are computed over the typed stored ones (even where there is no part yet).
        return derived.length() == 0 ? stored : "SELECT *" + derived + " FROM (" + stored + ")";
    }

    private static String storedColumnsSelect(Connection connection, TableSchema table) throws SQLException {
        List<Column> columns = PartLayout.columns(table);
        List<String> paths = paths(connection, table.name());
        Set<String> present = new HashSet<>();
        if (!paths.isEmpty()) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT DISTINCT name FROM parquet_schema(" + list(paths) + ")")) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(present.contains("row_id") ? "CAST(row_id AS BIGINT)" : "CAST(NULL AS BIGINT)").append(" AS row_id");
        for (Column column : columns) {
            String name = CaseSchema.quote(column.name());
            String value = present.contains(column.name()) ? name : "NULL";
            if (column.type() == ColumnType.TIMESTAMP && present.contains(column.name())) {
                // Parts hold UTC-adjusted timestamps: read their UTC wall time whatever the session's time zone
                // (a plain cast would shift them by the zone of whoever queries). The instant's microseconds since
                // the epoch are that wall time already: make_timestamp is arithmetic, where timezone() goes through
                // ICU per value (0.3 s CPU per million rows, paid by every query reading a time through the views).
                value = "make_timestamp(epoch_us(CAST(" + name + " AS TIMESTAMPTZ)))";
            }
            sql.append(", CAST(").append(value).append(" AS ").append(column.type().sql()).append(") AS ").append(name);
        }
        if (paths.isEmpty()) {
            // No part yet: the same columns, no rows, so queries over a source not ingested still bind.
            return sql.append(", CAST(NULL AS VARCHAR) AS ").append(PART_DATE).append(" WHERE false").toString();
        }
        // The folder's date=YYYY-MM-DD read as text (a part of rows without a time sits in Hive's default
        // partition, which reads as null); a filter on it prunes whole files before they are opened.
        return sql.append(", date AS ").append(PART_DATE).append(" FROM read_parquet(").append(list(paths))
                .append(", union_by_name = true, hive_partitioning = true, hive_types = {'date': VARCHAR})").toString();
    }

    static String list(List<String> paths) {
        StringBuilder sql = new StringBuilder("[");
        for (int i = 0; i < paths.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(literal(paths.get(i)));
        }
        return sql.append(']').toString();
    }

    /** The store's columns the {@code events} view takes from each part: the record's pointer and anomalies. */
    private static final String POINTER = "file_id, origin_offset, origin_length, origin_envelope, anomalies";
    private static final String NO_POINTER = "CAST(NULL AS INTEGER) AS file_id, CAST(NULL AS BIGINT) AS origin_offset, "
            + "CAST(NULL AS BIGINT) AS origin_length, CAST(NULL AS VARCHAR) AS origin_envelope, "
            + "CAST(NULL AS VARCHAR[]) AS anomalies";

    private static String eventsSelect(Connection connection, Collection<TableSchema> tables, boolean geoip) throws SQLException {
        List<Column> common = PartLayout.EVENT_COLUMNS;
        List<String> branches = new ArrayList<>();
        for (TableSchema table : tables) {
            StringBuilder branch = new StringBuilder("SELECT row_id");
            if (PartLayout.keepsEvent(table)) {
                for (Column column : common) {
                    branch.append(", ").append(PartLayout.EVENT_PREFIX).append(column.name()).append(" AS ").append(column.name());
                }
                branch.append(", ").append(POINTER).append(", ").append(PART_DATE).append(" FROM ").append(stored(table.name()))
                        .append(" WHERE ").append(PartLayout.EVENT_PREFIX).append("source IS NOT NULL");
            } else {
                Map<String, String> projection = table.eventsProjection();
                for (Column column : common) {
                    String expression = projection.get(column.name());
                    branch.append(", CAST(").append(expression == null ? "NULL" : expression).append(" AS ")
                            .append(column.type().sql()).append(") AS ").append(column.name());
                }
                branch.append(", ").append(POINTER).append(", ").append(PART_DATE).append(" FROM ").append(stored(table.name()))
                        .append(" WHERE events_row");
            }
            branches.add(branch.toString());
        }
        for (String derived : DERIVED_EVENT_TABLES) {
            Set<String> columns = CaseSchema.columns(connection, derived);
            if (!columns.contains("row_id") || !columns.contains("source")) {
                continue;
            }
            StringBuilder branch = new StringBuilder("SELECT CAST(row_id AS BIGINT) AS row_id");
            for (Column column : common) {
                branch.append(", CAST(").append(columns.contains(column.name()) ? CaseSchema.quote(column.name()) : "NULL")
                        .append(" AS ").append(column.type().sql()).append(") AS ").append(column.name());
            }
            branch.append(", ").append(NO_POINTER).append(", ");
            // derived rows live in the catalogue, not in dated parts: their date is their time's, for the same filters
            branch.append(columns.contains("event_time") ? "strftime(CAST(event_time AS TIMESTAMP), '%Y-%m-%d')" : "CAST(NULL AS VARCHAR)");
            branches.add(branch.append(" AS ").append(PART_DATE).append(" FROM ").append(derived).toString());
        }
        StringBuilder sql = new StringBuilder("SELECT e.row_id");
        for (Column column : common) {
            sql.append(", e.").append(column.name());
        }
        sql.append(", f.path AS origin_file, e.origin_offset, e.file_id, e.origin_length, e.origin_envelope, e.anomalies")
                .append(geoColumns(List.of("src", "dst"), geoip)).append(", e.").append(PART_DATE).append(" FROM (");
        if (branches.isEmpty()) {
            sql.append("SELECT CAST(NULL AS BIGINT) AS row_id");
            for (Column column : common) {
                sql.append(", CAST(NULL AS ").append(column.type().sql()).append(") AS ").append(column.name());
            }
            sql.append(", ").append(NO_POINTER).append(", CAST(NULL AS VARCHAR) AS ").append(PART_DATE).append(" WHERE false");
        } else {
            sql.append(String.join("\nUNION ALL ", branches));
        }
        sql.append(") e LEFT JOIN ingest_files f ON f.file_id = e.file_id");
        if (geoip) {
            sql.append(geoJoin("src", "e.src_ip")).append(geoJoin("dst", "e.dst_ip"));
        }
        return sql.toString();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** An absolute path as a SQL string literal. */
    public static String literal(Path path) {
        return literal(path.toAbsolutePath().toString());
    }

    /** Every Parquet file below a folder, in path order; none when it does not exist. */
    public static List<Path> parquetFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** A SQL list of absolute file paths. */
    public static String fileList(List<Path> files) {
        StringBuilder sql = new StringBuilder("[");
        for (int i = 0; i < files.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(literal(files.get(i)));
        }
        return sql.append(']').toString();
    }

    /**
     * Describes the parts staged in a folder laid out like the case ({@code tables/<table>/date=.../*.parquet},
     * {@code keys/*.parquet}) for the {@code parts} table, with the case-relative paths they get once moved.
     */
    public static List<Part> describeStaged(Connection connection, Path staged, Collection<TableSchema> tables) throws SQLException {
        List<Part> parts = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (TableSchema table : tables) {
                List<Path> files = parquetFiles(staged.resolve(PartLayout.TABLES).resolve(table.name()));
                if (files.isEmpty()) {
                    continue;
                }
                String time = PartLayout.timeExpression(table);
                try (ResultSet rows = statement.executeQuery("SELECT filename, count(*), CAST(min(" + time + ") AS TIMESTAMP), "
                        + "CAST(max(" + time + ") AS TIMESTAMP) FROM read_parquet(" + fileList(files)
                        + ", filename = true, union_by_name = true) GROUP BY filename")) {
                    while (rows.next()) {
                        Path file = Path.of(rows.getString(1));
                        String date = file.getParent().getFileName().toString();
                        EvidenceStore.Kept hashed = hash(file);
                        parts.add(new Part(relative(staged, file), table.name(), date.startsWith("date=") ? date.substring(5) : null,
                                rows.getLong(2), rows.getObject(3, LocalDateTime.class), rows.getObject(4, LocalDateTime.class),
                                hashed.size(), hashed.sha256()));
                    }
                }
            }
            for (Path keys : parquetFiles(staged.resolve(PartLayout.KEYS))) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM read_parquet(" + literal(keys) + ")")) {
                    rows.next();
                    EvidenceStore.Kept hashed = hash(keys);
                    parts.add(new Part(relative(staged, keys), KEYS_TABLE, null, rows.getLong(1), null, null, hashed.size(),
                            hashed.sha256()));
                }
            }
        }
        return parts;
    }

    private static EvidenceStore.Kept hash(Path file) {
        try {
            return EvidenceStore.hash(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash part " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new CaseStoreException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }

    static void removeEmptyFolders(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(root) && Files.isDirectory(path)) {
                    try (Stream<Path> children = Files.list(path)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(path);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CaseStoreException("cannot tidy " + root + ": " + e.getMessage(), e);
        }
    }
}
