package dev.cloudsift.formats.cloudwatch;

import static dev.cloudsift.core.ColumnType.BOOLEAN;
import static dev.cloudsift.core.ColumnType.INTEGER;
import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.formats.cloudtrail.CloudTrailTables;
import dev.cloudsift.formats.vpcflow.VpcFlowTables;
import dev.cloudsift.formats.waf.WafTables;
import java.util.List;

/** The {@code cloudwatch} table written by every CloudWatch Logs shape. */
public final class CloudWatchTables {
    private CloudWatchTables() {}

    public static final TableSchema CLOUDWATCH = new TableSchema("cloudwatch",
            "CloudWatch Logs events from exports, subscription payloads, CLI dumps and Logs Insights results", List.of(
            Column.of("log_group", VARCHAR, "log group (null in exports and get-log-events dumps unless given as an option)"),
            Column.of("log_stream", VARCHAR, "log stream (from the export path for exports)"),
            Column.of("event_id", VARCHAR, "CloudWatch event id (56-digit decimal string), when the shape carries it"),
            Column.of("event_time", TIMESTAMP, "the CloudWatch event timestamp (UTC)"),
            Column.of("ingestion_time", TIMESTAMP, "ingestionTime, when the shape carries it"),
            Column.of("message", VARCHAR, "the message as logged, cut at 256 KiB (CloudWatch's event limit)"),
            Column.of("message_truncated", BOOLEAN, "true when the message was longer than 256 KiB and was cut"),
            Column.of("kind", VARCHAR, "what the message holds: cloudtrail, vpcflow, waf, sshd, sudo, useradd, su, syslog, json, text"),
            Column.of("kind_note", VARCHAR, "why a message that looked structured was kept as another kind (e.g. a cut CloudTrail record)"),
            Column.of("parsed", JSON, "the message as JSON when it is a JSON document"),
            Column.of("line_time", TIMESTAMP, "the time written in the message's own syslog prefix (year from event_time, UTC)"),
            Column.of("host", VARCHAR, "host name from a syslog prefix"),
            Column.of("program", VARCHAR, "program name from a syslog prefix (sshd, sudo, ...)"),
            Column.of("owner_account", VARCHAR, "owner account of a subscription payload, or of a Logs Insights @log value"),
            Column.of("subscription_filters", JSON, "subscriptionFilters of a subscription payload"),
            Column.of("extracted_fields", JSON, "extractedFields of a subscription payload, or extra Logs Insights columns"),
            Column.of("shape", VARCHAR, "how the event arrived: export, subscription, lambda, kinesis, filter-log-events, get-log-events, insights-json, insights-csv"),
            Column.of("path_account_id", VARCHAR, "account named by the file's S3 path, for events without owner_account"),
            Column.of("path_region", VARCHAR, "region named by the file's S3 path"),
            Column.of("action", VARCHAR, "what a recognised host line did (login, sudo, useradd...)"),
            Column.of("outcome", VARCHAR, "success, failure or unknown, from a recognised host line"),
            Column.of("principal", VARCHAR, "the OS user of a recognised host line"),
            Column.of("src_ip", VARCHAR, "the remote address of a recognised host line"),
            Column.of("src_port", INTEGER, "the remote port of a recognised host line"),
            Column.of("resource", VARCHAR, "instance id from the stream or group name, else the syslog host, else the group"),
            Column.of("summary", VARCHAR, "one readable line: the message's first line (program: text for syslog), cut")),
            EventsProjection.builder("cloudwatch")
                    .set("event_time", "event_time")
                    .set("account_id", "COALESCE(owner_account, path_account_id)")
                    .set("region", "path_region")
                    .set("action", "action")
                    .set("outcome", "outcome")
                    .set("principal", "principal")
                    .set("src_ip", "src_ip")
                    .set("src_port", "src_port")
                    .set("resource", "resource")
                    .set("event_id", "event_id")
                    .set("message", "summary")
                    .build(),
            // A message holding a CloudTrail, VPC flow or WAF record is that record's second row: its events row
            // comes from the record's own table.
            "kind NOT IN ('cloudtrail', 'vpcflow', 'waf')");

    /**
     * What every CloudWatch Logs format writes: its own table and the tables of the records messages carry.
     * Declared after {@link #CLOUDWATCH} so the class initialises it first.
     */
    public static final List<TableSchema> WRITTEN = List.of(CLOUDWATCH, CloudTrailTables.CLOUDTRAIL,
            VpcFlowTables.VPCFLOW, WafTables.WAF);
}
