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
                    .set("resource", "CASE WHEN interface_id IS NOT NULL THEN"
                            + " CASE WHEN instance_id IS NOT NULL THEN concat(interface_id, '/', instance_id)"
                            + " ELSE interface_id END"
                            + " ELSE COALESCE(instance_id, tgw_attachment_id, tgw_id, ecs_task_arn) END")
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
        columns.add(Column.of(MESSAGE, ColumnType.VARCHAR, "One readable line: action, protocol, endpoints, volume, interface, status"));
        return columns;
    }
}
