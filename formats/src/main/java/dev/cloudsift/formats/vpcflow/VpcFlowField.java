package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Nullable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every flow log field AWS defines (VPC versions 2 to 8, and the Transit Gateway fields that share the
 * format), with the column it fills. Names are AWS's hyphenated names; columns replace {@code -} by {@code _}.
 */
public enum VpcFlowField {
    VERSION("version", ColumnType.INTEGER, 2, "Flow log version: the highest version among the chosen fields"),
    ACCOUNT_ID("account-id", ColumnType.VARCHAR, 2, "Account owning the interface; 'unknown' for interfaces of AWS services"),
    INTERFACE_ID("interface-id", ColumnType.VARCHAR, 2, "Network interface the traffic was recorded on"),
    SRCADDR("srcaddr", ColumnType.VARCHAR, 2, "Source address (the interface's primary address for its own traffic)"),
    DSTADDR("dstaddr", ColumnType.VARCHAR, 2, "Destination address (the interface's primary address for its own traffic)"),
    SRCPORT("srcport", ColumnType.INTEGER, 2, "Source port"),
    DSTPORT("dstport", ColumnType.INTEGER, 2, "Destination port"),
    PROTOCOL("protocol", ColumnType.INTEGER, 2, "IANA protocol number"),
    PACKETS("packets", ColumnType.BIGINT, 2, "Packets in the aggregation window"),
    BYTES("bytes", ColumnType.BIGINT, 2, "Bytes in the aggregation window"),
    START("start", "start_time", ColumnType.TIMESTAMP, 2, "First packet of the window (Unix seconds in the log)"),
    END("end", "end_time", ColumnType.TIMESTAMP, 2, "Last packet of the window (Unix seconds in the log)"),
    ACTION("action", ColumnType.VARCHAR, 2, "ACCEPT or REJECT; null for NODATA and SKIPDATA"),
    LOG_STATUS("log-status", ColumnType.VARCHAR, 2, "OK, NODATA (no traffic) or SKIPDATA (records dropped: a gap)"),
    VPC_ID("vpc-id", ColumnType.VARCHAR, 3, "VPC of the interface"),
    SUBNET_ID("subnet-id", ColumnType.VARCHAR, 3, "Subnet of the interface"),
    INSTANCE_ID("instance-id", ColumnType.VARCHAR, 3, "Instance of the interface; null for requester-managed interfaces"),
    TCP_FLAGS("tcp-flags", ColumnType.INTEGER, 3, "TCP flags OR-ed over the window (FIN 1, SYN 2, RST 4, SYN-ACK 18)"),
    TYPE("type", ColumnType.VARCHAR, 3, "IPv4, IPv6 or EFA"),
    PKT_SRCADDR("pkt-srcaddr", ColumnType.VARCHAR, 3, "Source address in the packet"),
    PKT_DSTADDR("pkt-dstaddr", ColumnType.VARCHAR, 3, "Destination address in the packet"),
    REGION("region", ColumnType.VARCHAR, 4, "Region of the interface"),
    AZ_ID("az-id", ColumnType.VARCHAR, 4, "Availability Zone id of the interface"),
    SUBLOCATION_TYPE("sublocation-type", ColumnType.VARCHAR, 4, "wavelength, outpost or localzone"),
    SUBLOCATION_ID("sublocation-id", ColumnType.VARCHAR, 4, "Id of the sublocation"),
    PKT_SRC_AWS_SERVICE("pkt-src-aws-service", ColumnType.VARCHAR, 5, "AWS service owning the source address range"),
    PKT_DST_AWS_SERVICE("pkt-dst-aws-service", ColumnType.VARCHAR, 5, "AWS service owning the destination address range"),
    FLOW_DIRECTION("flow-direction", ColumnType.VARCHAR, 5, "ingress or egress, relative to the interface"),
    TRAFFIC_PATH("traffic-path", ColumnType.INTEGER, 5, "Egress path: 1 same VPC, 2 internet or gateway endpoint, 3 VGW, 4/5 peering, 6 local gateway, 7 gateway endpoint, 8 internet gateway"),
    ECS_CLUSTER_ARN("ecs-cluster-arn", ColumnType.VARCHAR, 7, "ECS cluster ARN"),
    ECS_CLUSTER_NAME("ecs-cluster-name", ColumnType.VARCHAR, 7, "ECS cluster name"),
    ECS_CONTAINER_INSTANCE_ARN("ecs-container-instance-arn", ColumnType.VARCHAR, 7, "ECS container instance ARN"),
    ECS_CONTAINER_INSTANCE_ID("ecs-container-instance-id", ColumnType.VARCHAR, 7, "ECS container instance id"),
    ECS_CONTAINER_ID("ecs-container-id", ColumnType.VARCHAR, 7, "Docker id of the (first) container of the task"),
    ECS_SECOND_CONTAINER_ID("ecs-second-container-id", ColumnType.VARCHAR, 7, "Docker id of the second container of the task"),
    ECS_SERVICE_NAME("ecs-service-name", ColumnType.VARCHAR, 7, "ECS service name"),
    ECS_TASK_DEFINITION_ARN("ecs-task-definition-arn", ColumnType.VARCHAR, 7, "ECS task definition ARN"),
    ECS_TASK_ARN("ecs-task-arn", ColumnType.VARCHAR, 7, "ECS task ARN"),
    ECS_TASK_ID("ecs-task-id", ColumnType.VARCHAR, 7, "ECS task id"),
    REJECT_REASON("reject-reason", ColumnType.VARCHAR, 8, "Why traffic was rejected: BPA (VPC Block Public Access)"),
    RESOURCE_TYPE("resource-type", ColumnType.VARCHAR, 6, "Transit Gateway flow logs: TransitGateway or TransitGatewayAttachment"),
    TGW_ID("tgw-id", ColumnType.VARCHAR, 6, "Transit gateway"),
    TGW_ATTACHMENT_ID("tgw-attachment-id", ColumnType.VARCHAR, 6, "Transit gateway attachment"),
    TGW_SRC_VPC_ACCOUNT_ID("tgw-src-vpc-account-id", ColumnType.VARCHAR, 6, "Account of the source VPC"),
    TGW_DST_VPC_ACCOUNT_ID("tgw-dst-vpc-account-id", ColumnType.VARCHAR, 6, "Account of the destination VPC"),
    TGW_SRC_VPC_ID("tgw-src-vpc-id", ColumnType.VARCHAR, 6, "Source VPC"),
    TGW_DST_VPC_ID("tgw-dst-vpc-id", ColumnType.VARCHAR, 6, "Destination VPC"),
    TGW_SRC_SUBNET_ID("tgw-src-subnet-id", ColumnType.VARCHAR, 6, "Source subnet"),
    TGW_DST_SUBNET_ID("tgw-dst-subnet-id", ColumnType.VARCHAR, 6, "Destination subnet"),
    TGW_SRC_ENI("tgw-src-eni", ColumnType.VARCHAR, 6, "Transit gateway interface on the source side"),
    TGW_DST_ENI("tgw-dst-eni", ColumnType.VARCHAR, 6, "Transit gateway interface on the destination side"),
    TGW_SRC_AZ_ID("tgw-src-az-id", ColumnType.VARCHAR, 6, "Source Availability Zone id"),
    TGW_DST_AZ_ID("tgw-dst-az-id", ColumnType.VARCHAR, 6, "Destination Availability Zone id"),
    TGW_PAIR_ATTACHMENT_ID("tgw-pair-attachment-id", ColumnType.VARCHAR, 6, "The other attachment of the flow"),
    PACKETS_LOST_NO_ROUTE("packets-lost-no-route", ColumnType.BIGINT, 6, "Packets dropped: no route"),
    PACKETS_LOST_BLACKHOLE("packets-lost-blackhole", ColumnType.BIGINT, 6, "Packets dropped: blackhole route"),
    PACKETS_LOST_MTU_EXCEEDED("packets-lost-mtu-exceeded", ColumnType.BIGINT, 6, "Packets dropped: MTU exceeded"),
    PACKETS_LOST_TTL_EXPIRED("packets-lost-ttl-expired", ColumnType.BIGINT, 6, "Packets dropped: TTL expired");

    private static final Map<String, VpcFlowField> BY_NAME = new HashMap<>();

    static {
        for (VpcFlowField field : values()) {
            BY_NAME.put(field.awsName, field);
        }
    }

    private final String awsName;
    private final String column;
    private final ColumnType type;
    private final int version;
    private final String description;

    VpcFlowField(String awsName, ColumnType type, int version, String description) {
        this(awsName, awsName.replace('-', '_'), type, version, description);
    }

    VpcFlowField(String awsName, String column, ColumnType type, int version, String description) {
        this.awsName = awsName;
        this.column = column;
        this.type = type;
        this.version = version;
        this.description = description;
    }

    /** The field of an AWS name ({@code account-id}) or a Parquet column name ({@code account_id}); null if unknown. */
    public static @Nullable VpcFlowField byName(String name) {
        VpcFlowField field = BY_NAME.get(name);
        if (field == null) {
            field = BY_NAME.get(name.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return field;
    }

    public String awsName() {
        return awsName;
    }

    public String column() {
        return column;
    }

    public ColumnType type() {
        return type;
    }

    /** The flow log version that introduced the field (6 for Transit Gateway fields). */
    public int version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** True for fields holding an IP address. */
    public boolean isAddress() {
        return this == SRCADDR || this == DSTADDR || this == PKT_SRCADDR || this == PKT_DSTADDR;
    }

    /** True for port fields, which must lie in 0..65535. */
    public boolean isPort() {
        return this == SRCPORT || this == DSTPORT;
    }
}
