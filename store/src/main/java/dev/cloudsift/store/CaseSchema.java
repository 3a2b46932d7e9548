package dev.cloudsift.store;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The case's schema, owned here: the tables every case has whatever formats are installed, the findings table
 * a hunt writes, and the checks other modules use to ask what a case holds.
 */
public final class CaseSchema {
    /** Bumped when a case written by this build cannot be read by an older one (2: a folder of Parquet parts). */
    public static final int VERSION = 2;

    /**
     * The common table every source feeds, one row per log record: the columns formats project onto
     * ({@link EventsProjection#COLUMNS}, declared once in core), then the store's own.
     */
    public static final TableSchema EVENTS = new TableSchema("events", "One row per log record, across sources",
            Stream.of(EventsProjection.COLUMNS.stream(), Stream.of(
            Column.of("origin_file", ColumnType.VARCHAR, "file the record was read from"),
            Column.of("origin_offset", ColumnType.BIGINT, "byte offset of the record in the file's decompressed content"),
            Column.of("file_id", ColumnType.INTEGER, "ingest_files.file_id"),
            Column.of("origin_length", ColumnType.BIGINT, "bytes of the record from origin_offset (null: unknown)"),
            Column.of("origin_envelope", ColumnType.VARCHAR,
                    "how the record is decoded from the outer record at origin_offset (e.g. /message); null: it is those bytes"),
            Column.of("anomalies", ColumnType.VARCHAR_LIST,
                    "what is odd about the record though it was stored: no_time, time_out_of_range, duplicate_key:<path>")),
            // after every other column, so that none of them moves: what the geoip table says about src_ip, dst_ip
            addressColumns("src", "source address"), addressColumns("dst", "destination address"),
            // last, for the same reason: filters on it skip other dates' parts unread
            Stream.of(Column.of(CaseParts.PART_DATE, ColumnType.VARCHAR,
                    "UTC date (YYYY-MM-DD) of the part the record is stored in: the date of event_time; null without one")))
            .flatMap(columns -> columns).toList());

    /**
     * The catalogue table of what GeoIP and ASN databases say about each public address of the case, one row per
     * address as it is written in the records (looked-up addresses the databases do not know have a row too, with
     * nulls), with each database's name and build time. Parts stay immutable: views join it by address.
     */
    public static final String GEOIP_TABLE = "geoip";

    /** DDL of {@link #GEOIP_TABLE}. */
    public static final String GEOIP = "CREATE TABLE IF NOT EXISTS geoip (address VARCHAR, country_code VARCHAR, "
            + "country_name VARCHAR, city VARCHAR, asn BIGINT, as_org VARCHAR, country_db VARCHAR, "
            + "country_db_built TIMESTAMP, asn_db VARCHAR, asn_db_built TIMESTAMP, looked_up_at TIMESTAMP)";

    /**
     * The columns a view adds per address it joins to {@link #GEOIP_TABLE}, after the prefix ({@code src_},
     * {@code dst_}): view column suffix to geoip column.
     */
    public static final Map<String, String> ADDRESS_GEO_COLUMNS = orderedMap(
            "country", "country_code", "city", "city", "asn", "asn", "as_org", "as_org");

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Stream<Column> addressColumns(String prefix, String what) {
        return Stream.of(
                Column.of(prefix + "_country", ColumnType.VARCHAR, "ISO country code of the " + what + " (geoip table)"),
                Column.of(prefix + "_city", ColumnType.VARCHAR, "city of the " + what + " when the database has one"),
                Column.of(prefix + "_asn", ColumnType.BIGINT, "autonomous system number of the " + what),
                Column.of(prefix + "_as_org", ColumnType.VARCHAR, "autonomous system organisation of the " + what));
    }

    /** The view columns {@link #addressColumns} declares for one prefix, in order. */
    public static List<Column> addressColumns(String prefix) {
        return addressColumns(prefix, prefix.equals("src") ? "source address" : "destination address").toList();
    }

    static final String META = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)";

    static final String INGESTS = """
            CREATE TABLE IF NOT EXISTS ingests (
              ingest_id INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP, cloudsift_version VARCHAR,
              inputs JSON, options JSON, files BIGINT, records_read BIGINT, stored BIGINT, duplicates BIGINT,
              quarantined BIGINT, skipped BIGINT)""";

    /** Columns of the ledger, {@code name TYPE}; the ingest writes them in this order. */
    public static final List<String> INGEST_FILE_COLUMNS = List.of(
            "file_id INTEGER", "ingest_id INTEGER", "path VARCHAR", "size BIGINT", "sha256 VARCHAR",
            "content_sha256 VARCHAR", "content_bytes BIGINT", "compression VARCHAR", "format VARCHAR", "source VARCHAR",
            "status VARCHAR", "error VARCHAR", "records_read BIGINT", "stored BIGINT", "duplicates BIGINT",
            "quarantined BIGINT", "skipped BIGINT", "skipped_reasons JSON", "min_time TIMESTAMP", "max_time TIMESTAMP",
            "hint_account_id VARCHAR", "hint_region VARCHAR", "hint_date DATE", "hint_organization_id VARCHAR",
            "hint_service VARCHAR", "same_as_file_id INTEGER", "ingested_at TIMESTAMP",
            // where the original bytes are kept: evidence/sha256/<2>/<evidence_sha256>, the member inside it
            // for an archive's member, 'copy' or 'reference' (then only the original path, size and time)
            "evidence_sha256 VARCHAR", "evidence_member VARCHAR", "evidence_mode VARCHAR", "original_path VARCHAR",
            "original_size BIGINT", "original_mtime TIMESTAMP",
            // an object store's original (s3a://… on Spark): what identifies the exact object read
            "original_etag VARCHAR", "original_version_id VARCHAR");

    static final String INGEST_FILES = "CREATE TABLE IF NOT EXISTS ingest_files (" + String.join(", ", INGEST_FILE_COLUMNS) + ")";

    static final String QUARANTINE = """
            CREATE TABLE IF NOT EXISTS quarantine (
              file_id INTEGER, path VARCHAR, "offset" BIGINT, line BIGINT, reason VARCHAR, raw BLOB)""";


    /** The table a hunt writes; columns are documented in docs/detection.md. */
    public static final String FINDINGS_TABLE = "findings";

    /** DDL of {@link #FINDINGS_TABLE}; every case has it (empty until a hunt). */
    public static final String FINDINGS = "CREATE TABLE IF NOT EXISTS findings ("
            + "finding_id BIGINT, "
            + "rule_id VARCHAR, "
            + "title VARCHAR, "
            + "level VARCHAR, "
            + "tags JSON, "
            + "kind VARCHAR, "
            + "rule_file VARCHAR, "
            + "time TIMESTAMP, "
            + "first_time TIMESTAMP, "
            + "source VARCHAR, "
            + "row_ids JSON, "
            + "event_ids JSON, "
            + "account_id VARCHAR, "
            + "region VARCHAR, "
            + "principal VARCHAR, "
            + "src_ip VARCHAR, "
            + "summary VARCHAR, "
            + "group_by JSON, "
            + "counts JSON, "
            + "ingest_id BIGINT)";

    private CaseSchema() {}

    /** Whether the case has a table or view of that name. */
    public static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getLong(1) > 0;
            }
        }
    }

    /** The columns of a table or view in declared order, empty when it does not exist. */
    public static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(result.getString(1));
                }
            }
        }
        return columns;
    }

    /** Every table and view of the case with its columns and their DuckDB types (upper case). */
    public static Map<String, Map<String, String>> columnTypes(Connection connection) throws SQLException {
        Map<String, Map<String, String>> tables = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, column_name, data_type "
                     + "FROM information_schema.columns WHERE table_schema = 'main'")) {
            while (rows.next()) {
                tables.computeIfAbsent(rows.getString(1), name -> new HashMap<>())
                        .put(rows.getString(2), rows.getString(3).toUpperCase(Locale.ROOT));
            }
        }
        return tables;
    }

    /**
     * DuckDB storage format of new case files: 1.4's, readable by DuckDB 1.4 and later, which offers ZSTD for
     * columns. The default (0.10's) would limit text columns to dictionary and FSST compression.
     */
    public static final String STORAGE_VERSION = "v1.4.0";

    /**
     * DDL for a table: {@code row_id BIGINT} first, then the declared columns. With {@code zstd}, JSON columns
     * (whole records, request parameters: long, varied text) are compressed with ZSTD, which on CloudTrail
     * stores them in about a third of the space FSST takes and costs less CPU to write.
     */
    public static String createTable(TableSchema table, boolean zstd) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table.name()).append(" (row_id BIGINT");
        for (Column column : table.columns()) {
            sql.append(", ").append(quote(column.name())).append(' ').append(column.type().sql());
            if (zstd && column.type() == ColumnType.JSON) {
                sql.append(" USING COMPRESSION zstd");
            }
        }
        return sql.append(')').toString();
    }

    /** A SQL identifier in double quotes. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
