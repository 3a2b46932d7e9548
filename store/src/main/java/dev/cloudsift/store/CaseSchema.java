package dev.cloudsift.store;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The tables every case has, whatever formats are installed. */
public final class CaseSchema {
    /** Bumped when a case written by this build cannot be read by an older one. */
    public static final int VERSION = 1;

    /** The common table every source feeds, one row per log record. */
    public static final TableSchema EVENTS = new TableSchema("events", "One row per log record, across sources", List.of(
            Column.of("event_time", ColumnType.TIMESTAMP, "when it happened (UTC)"),
            Column.of("source", ColumnType.VARCHAR, "cloudtrail, vpcflow, s3access, waf, alb, cloudwatch, config, metrics"),
            Column.of("account_id", ColumnType.VARCHAR, "AWS account"),
            Column.of("region", ColumnType.VARCHAR, "AWS region"),
            Column.of("action", ColumnType.VARCHAR, "what was done: API name, operation, flow action, WAF action"),
            Column.of("outcome", ColumnType.VARCHAR, "success, failure or unknown"),
            Column.of("error_code", ColumnType.VARCHAR, "error reported by the service"),
            Column.of("principal", ColumnType.VARCHAR, "who: ARN, requester, OS user"),
            Column.of("access_key_id", ColumnType.VARCHAR, "AKIA/ASIA key used"),
            Column.of("src_ip", ColumnType.VARCHAR, "source IP address (IP addresses only)"),
            Column.of("dst_ip", ColumnType.VARCHAR, "destination IP address"),
            Column.of("src_port", ColumnType.INTEGER, "source port"),
            Column.of("dst_port", ColumnType.INTEGER, "destination port"),
            Column.of("user_agent", ColumnType.VARCHAR, "user agent"),
            Column.of("resource", ColumnType.VARCHAR, "what was acted on: ARN, bucket/key, interface, host+URI"),
            Column.of("bytes", ColumnType.BIGINT, "bytes transferred"),
            Column.of("event_id", ColumnType.VARCHAR, "the source's own record id"),
            Column.of("message", ColumnType.VARCHAR, "one readable line"),
            Column.of("origin_file", ColumnType.VARCHAR, "file the record was read from"),
            Column.of("origin_offset", ColumnType.BIGINT, "byte offset of the record in the file's decompressed content"),
            Column.of("file_id", ColumnType.INTEGER, "ingest_files.file_id"),
            Column.of("origin_length", ColumnType.BIGINT, "bytes of the record from origin_offset (null: unknown)"),
            Column.of("origin_envelope", ColumnType.VARCHAR,
                    "how the record is decoded from the outer record at origin_offset (e.g. /message); null: it is those bytes"),
            Column.of("anomalies", ColumnType.VARCHAR_LIST,
                    "what is odd about the record though it was stored: no_time, time_out_of_range, duplicate_key:<path>")));

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
            "original_size BIGINT", "original_mtime TIMESTAMP");

    static final String INGEST_FILES = "CREATE TABLE IF NOT EXISTS ingest_files (" + String.join(", ", INGEST_FILE_COLUMNS) + ")";

    static final String QUARANTINE = """
            CREATE TABLE IF NOT EXISTS quarantine (
              file_id INTEGER, path VARCHAR, "offset" BIGINT, line BIGINT, reason VARCHAR, raw BLOB)""";

    /** Natural identities of stored records, for dedupe across acquisitions. */
    static final String RECORD_KEYS = "CREATE TABLE IF NOT EXISTS record_keys (row_id BIGINT, file_id INTEGER, dedupe_key VARCHAR)";

    private CaseSchema() {}

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

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
