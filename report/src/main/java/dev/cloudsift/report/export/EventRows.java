package dev.cloudsift.report.export;

import dev.cloudsift.investigate.CaseTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The query every export streams: the filtered events in time order, with CloudTrail's nested parts when the case
 * has them and, for originals, each event's pointer into its evidence. The filter runs inside a subquery over {@code events} alone, so an analyst's condition names the events
 * columns unambiguously.
 */
public final class EventRows {
    /** The events columns from the case's geoip table that exports carry when the case has one. */
    public static final List<String> GEO_COLUMNS = List.of("src_country", "src_city", "src_asn", "src_as_org",
            "dst_country", "dst_city", "dst_asn", "dst_as_org");

    private EventRows() {}

    /** Every event. */
    public static String sql(Connection connection) throws SQLException {
        return sql(connection, ExportFilter.ALL);
    }

    /** The events the filter keeps, with the columns CSV, JSONL, Parquet and Timesketch carry. */
    public static String sql(Connection connection, ExportFilter filter) throws SQLException {
        return select(connection, filter, false, false);
    }

    /** As {@link #sql(Connection, ExportFilter)}, with {@link OriginalRecords#POINTER_COLUMNS} when {@code originals}. */
    public static String sql(Connection connection, ExportFilter filter, boolean originals) throws SQLException {
        return select(connection, filter, false, originals);
    }

    /**
     * As {@link #sql(Connection, ExportFilter)} plus {@code row_id} and what OCSF needs from the source tables
     * (HTTP method and status, request id, the service that invoked a call), NULL where a case lacks them.
     */
    public static String detailedSql(Connection connection, ExportFilter filter, boolean originals) throws SQLException {
        return select(connection, filter, true, originals);
    }

    private static String select(Connection connection, ExportFilter filter, boolean details, boolean originals)
            throws SQLException {
        Source cloudtrail = Source.of(connection, "cloudtrail", "c");
        StringBuilder sql = new StringBuilder("SELECT e.event_time, e.source, e.account_id, e.region, e.action,"
                + " e.outcome, e.error_code, e.principal, e.access_key_id, e.src_ip, e.dst_ip, e.src_port, e.dst_port,"
                + " e.user_agent, e.resource, e.bytes, e.event_id, e.message, e.origin_file, e.origin_offset, e.row_id, ");
        sql.append("CAST(").append(cloudtrail.column("request_parameters")).append(" AS VARCHAR) AS request_parameters, ")
                .append("CAST(").append(cloudtrail.column("response_elements")).append(" AS VARCHAR) AS response_elements, ")
                .append(cloudtrail.column("event_source")).append(" AS event_source, ")
                .append(cloudtrail.column("user_type")).append(" AS user_type");
        if (CaseTables.exists(connection, "geoip") && CaseTables.columns(connection, "events").containsAll(GEO_COLUMNS)) {
            // what the case's geoip table says about the addresses, only in cases that have one (ingest --geoip, enrich)
            GEO_COLUMNS.forEach(column -> sql.append(", e.").append(column));
        }
        Source s3 = Source.of(connection, "s3access", "s");
        Source waf = Source.of(connection, "waf", "w");
        Source alb = Source.of(connection, "alb", "a");
        if (details) {
            sql.append(", ").append(cloudtrail.column("user_invoked_by")).append(" AS invoked_by, ")
                    .append(cloudtrail.column("source_host")).append(" AS source_host")
                    .append(", coalesce(").append(cloudtrail.column("request_id")).append(", ").append(s3.column("request_id"))
                    .append(", ").append(waf.column("request_id")).append(") AS request_id")
                    .append(", upper(coalesce(").append(s3.column("http_method")).append(", ").append(waf.column("http_method"))
                    .append(", ").append(alb.column("request_method")).append(")) AS http_method")
                    .append(", coalesce(").append(s3.column("http_status")).append(", ").append(waf.column("response_code_sent"))
                    .append(", ").append(alb.column("elb_status_code")).append(") AS http_status");
        }
        Source files = Source.of(connection, "ingest_files", "f");
        boolean pointers = originals && CaseTables.columns(connection, "events").contains("file_id")
                && files.columns().contains("file_id");
        if (originals) {
            // a case written before evidence was kept has no pointers: its originals then say so
            Set<String> events = CaseTables.columns(connection, "events");
            sql.append(", ").append(events.contains("origin_length") ? "e.origin_length" : "NULL").append(" AS origin_length, ")
                    .append(events.contains("origin_envelope") ? "e.origin_envelope" : "NULL").append(" AS origin_envelope, ")
                    .append(pointers ? files.column("evidence_sha256") : "NULL").append(" AS evidence_sha256, ")
                    .append(pointers ? files.column("evidence_member") : "NULL").append(" AS evidence_member, ")
                    .append(pointers ? files.column("evidence_mode") : "NULL").append(" AS evidence_mode, ")
                    .append(pointers ? files.column("original_path") : "NULL").append(" AS original_path");
        }
        sql.append(" FROM (SELECT * FROM events").append(filter.whereClause()).append(") e")
                .append(cloudtrail.join());
        if (pointers) {
            sql.append(" LEFT JOIN ingest_files f ON f.file_id = e.file_id");
        }
        if (details) {
            sql.append(s3.join()).append(waf.join()).append(alb.join());
        }
        return sql.append(" ORDER BY e.event_time NULLS FIRST, e.row_id").toString();
    }

    /** A source table joined by row id when the case has it; its columns read as NULL otherwise. */
    private record Source(String table, String alias, Set<String> columns) {
        static Source of(Connection connection, String table, String alias) throws SQLException {
            return new Source(table, alias, CaseTables.exists(connection, table) ? CaseTables.columns(connection, table) : Set.of());
        }

        String column(String name) {
            return columns.contains(name) ? alias + "." + name : "NULL";
        }

        String join() {
            return columns.contains("row_id") ? " LEFT JOIN " + table + " " + alias + " ON " + alias + ".row_id = e.row_id" : "";
        }
    }
}
