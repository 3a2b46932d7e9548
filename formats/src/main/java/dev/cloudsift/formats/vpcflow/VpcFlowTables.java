package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
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

    public static final TableSchema VPCFLOW = new TableSchema("vpcflow",
            "VPC and Transit Gateway flow log records, one per line or Parquet row, every AWS field typed",
            columns());

    private VpcFlowTables() {}

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (VpcFlowField field : VpcFlowField.values()) {
            columns.add(Column.of(field.column(), field.type(), field.description() + " (" + field.awsName() + ")"));
        }
        columns.add(Column.of(PROTOCOL_NAME, ColumnType.VARCHAR, "Protocol name of the protocol number (tcp, udp, icmp, ipv6-icmp...)"));
        columns.add(Column.of(TCP_FLAG_NAMES, ColumnType.VARCHAR, "tcp-flags decoded, e.g. SYN,ACK for 18 or FIN,SYN,ACK for 19"));
        columns.add(Column.of(EXTRA, ColumnType.JSON, "Fields named in the header that this version does not know: name to text"));
        return columns;
    }
}
