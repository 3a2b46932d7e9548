package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** The {@code vpcflow} table shared by flow logs in text (S3, CloudWatch) and Parquet. */
public final class VpcFlowTables {
    /** Name of the column holding the protocol's name (tcp, udp, icmp...). */
    public static final String PROTOCOL_NAME = "protocol_name";
    /** Name of the column holding the decoded TCP flags (SYN,ACK). */
    public static final String TCP_FLAG_NAMES = "tcp_flag_names";
    /** Name of the JSON column holding fields this version does not know, by their header name. */
    public static final String EXTRA = "extra";
    /** Name of the column holding the account of the file's S3 path. */
    public static final String PATH_ACCOUNT_ID = "path_account_id";
    /** Name of the column holding the region of the file's S3 path. */
    public static final String PATH_REGION = "path_region";
    /** Name of the column holding the record as one readable line. */
    public static final String MESSAGE = "message";

    /** The record's resource as the events projection gives it: interface/instance, or the gateway, attachment, task. */
    private static final String RESOURCE = "CASE WHEN interface_id IS NOT NULL THEN"
            + " CASE WHEN instance_id IS NOT NULL THEN concat(interface_id, '/', instance_id)"
            + " ELSE interface_id END"
            + " ELSE COALESCE(instance_id, tgw_attachment_id, tgw_id, ecs_task_arn) END";

    /**
     * {@link #MESSAGE} computed in the views, word for word the line {@code VpcFlowRecords} writes in the Event: it is
     * not stored, as it had been half of the parts' bytes.
     */
    static final String MESSAGE_SQL = "NULLIF(rtrim(CASE"
            + " WHEN log_status IN ('NODATA', 'SKIPDATA') AND srcaddr IS NULL AND dstaddr IS NULL THEN log_status"
            + " || COALESCE(' on ' || (" + RESOURCE + "), '')"
            + " || CASE WHEN log_status = 'NODATA' THEN ': no traffic in the window'"
            + " ELSE ': records dropped in the window, a gap' END"
            + " ELSE COALESCE(action || ' ', '')"
            + " || COALESCE(protocol_name || ' ', 'protocol ' || CAST(protocol AS VARCHAR) || ' ', '')"
            + " || CASE WHEN srcaddr IS NOT NULL OR dstaddr IS NOT NULL"
            + " THEN " + endpoint("srcaddr", "srcport") + " || ' -> ' || " + endpoint("dstaddr", "dstport") + " || ' '"
            + " ELSE '' END"
            + " || COALESCE(CAST(packets AS VARCHAR) || ' packets ', '')"
            + " || COALESCE(CAST(bytes AS VARCHAR) || ' bytes ', '')"
            + " || COALESCE('on ' || (" + RESOURCE + ") || ' ', '')"
            + " || CASE WHEN log_status IS NOT NULL AND log_status <> 'OK' THEN log_status ELSE '' END"
            + " END, ' '), '')";

    /** {@code address:port}, {@code [v6]:port}, or the address alone without a port; {@code -} for no address. */
    private static String endpoint(String address, String port) {
        return "CASE WHEN " + port + " IS NULL THEN COALESCE(" + address + ", '-')"
                + " WHEN contains(COALESCE(" + address + ", '-'), ':') THEN '[' || " + address + " || ']:' || CAST(" + port
                + " AS VARCHAR)"
                + " ELSE COALESCE(" + address + ", '-') || ':' || CAST(" + port + " AS VARCHAR) END";
    }

    public static final TableSchema VPCFLOW = new TableSchema("vpcflow",
            "VPC and Transit Gateway flow log records, one per line or Parquet row, every AWS field typed",
            columns(),
            EventsProjection.builder("vpcflow")
                    .set("event_time", "COALESCE(start_time, end_time)")
                    .set("account_id", "COALESCE(account_id, path_account_id)")
                    .set("region", "COALESCE(region, path_region)")
                    .set("action", "action")
                    .set("outcome", "CASE WHEN action = 'ACCEPT' THEN 'success' WHEN action = 'REJECT' THEN 'failure'"
                            + " ELSE 'unknown' END")
                    .set("error_code", "reject_reason")
                    .set("src_ip", "srcaddr")
                    .set("dst_ip", "dstaddr")
                    .set("src_port", "srcport")
                    .set("dst_port", "dstport")
                    .set("resource", RESOURCE)
                    .set("bytes", "bytes")
                    .set("message", "message")
                    .build());

    private VpcFlowTables() {}

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (VpcFlowField field : VpcFlowField.values()) {
            columns.add(Column.of(field.column(), field.type(), field.description() + " (" + field.awsName() + ")"));
        }
        columns.add(Column.of(PROTOCOL_NAME, ColumnType.VARCHAR, "Protocol name of the protocol number (tcp, udp, icmp, ipv6-icmp...)"));
        columns.add(Column.of(TCP_FLAG_NAMES, ColumnType.VARCHAR, "tcp-flags decoded, e.g. SYN,ACK for 18 or FIN,SYN,ACK for 19"));
        columns.add(Column.of(EXTRA, ColumnType.JSON, "Fields named in the header that this version does not know: name to text"));
        columns.add(Column.of(PATH_ACCOUNT_ID, ColumnType.VARCHAR, "Account named by the file's S3 path, for records without account-id"));
        columns.add(Column.of(PATH_REGION, ColumnType.VARCHAR, "Region named by the file's S3 path, for records without region"));
        columns.add(Column.derived(MESSAGE, ColumnType.VARCHAR,
                "One readable line: action, protocol, endpoints, volume, interface, status (computed, not stored)", MESSAGE_SQL));
        return columns;
    }
}
