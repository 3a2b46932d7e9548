package dev.cloudsift.formats.vpcflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.TableRow;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that maps peers' names for flow log fields (Elastic's ECS documents, Panther's test records) onto
 * our columns, and renders our records the same way so tests compare like with like.
 */
final class PeerFlowFields {
    /** Elastic field (dotted) to our vpcflow column; values compared as text. */
    private static final Map<String, String> ELASTIC = Map.ofEntries(
            Map.entry("aws.vpcflow.account_id", "account_id"),
            Map.entry("cloud.account.id", "account_id"),
            Map.entry("aws.vpcflow.interface_id", "interface_id"),
            Map.entry("aws.vpcflow.instance_id", "instance_id"),
            Map.entry("cloud.instance.id", "instance_id"),
            Map.entry("aws.vpcflow.action", "action"),
            Map.entry("aws.vpcflow.log_status", "log_status"),
            Map.entry("aws.vpcflow.version", "version"),
            Map.entry("aws.vpcflow.vpc_id", "vpc_id"),
            Map.entry("aws.vpcflow.subnet_id", "subnet_id"),
            Map.entry("aws.vpcflow.type", "type"),
            Map.entry("aws.vpcflow.pkt_srcaddr", "pkt_srcaddr"),
            Map.entry("aws.vpcflow.pkt_dstaddr", "pkt_dstaddr"),
            Map.entry("aws.vpcflow.tcp_flags", "tcp_flags"),
            Map.entry("aws.vpcflow.traffic_path", "traffic_path"),
            Map.entry("aws.vpcflow.pkt_src_service", "pkt_src_aws_service"),
            Map.entry("aws.vpcflow.pkt_dst_service", "pkt_dst_aws_service"),
            Map.entry("aws.vpcflow.ecs_container_id", "ecs_container_id"),
            Map.entry("aws.vpcflow.ecs_second_container_id", "ecs_second_container_id"),
            Map.entry("aws.vpcflow.ecs_task_arn", "ecs_task_arn"),
            Map.entry("aws.vpcflow.ecs_task_definition_arn", "ecs_task_definition_arn"),
            Map.entry("aws.vpcflow.ecs_task_id", "ecs_task_id"),
            Map.entry("orchestrator.cluster.id", "ecs_cluster_arn"),
            Map.entry("orchestrator.cluster.name", "ecs_cluster_name"),
            Map.entry("orchestrator.resource.id", "ecs_container_instance_id"),
            Map.entry("orchestrator.resource.name", "ecs_container_instance_arn"),
            Map.entry("service.name", "ecs_service_name"),
            Map.entry("event.reason", "reject_reason"),
            Map.entry("cloud.region", "region"),
            Map.entry("cloud.availability_zone", "az_id"),
            Map.entry("network.direction", "flow_direction"),
            Map.entry("source.ip", "srcaddr"),
            Map.entry("destination.ip", "dstaddr"),
            Map.entry("source.port", "srcport"),
            Map.entry("destination.port", "dstport"),
            Map.entry("network.iana_number", "protocol"),
            Map.entry("network.transport", "protocol_name"),
            Map.entry("network.bytes", "bytes"),
            Map.entry("network.packets", "packets"),
            Map.entry("event.start", "start_time"),
            Map.entry("event.end", "end_time"),
            Map.entry("aws.vpcflow.tcp_flags_array", "tcp_flag_names"));

    /** Panther names that do not reduce to ours by dropping case and hyphens. */
    private static final Map<String, String> PANTHER_RENAMES = Map.of("status", "log-status", "account", "account-id");

    private PeerFlowFields() {}

    /** Elastic's values for the fields we also have, as text, keyed by our column; Elastic's "-" is no value. */
    static Map<String, String> fromElastic(JsonNode document) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", document, flat);
        Map<String, String> values = new LinkedHashMap<>();
        flat.forEach((name, value) -> {
            String column = ELASTIC.get(name);
            if (column == null || value.equals("-")) {
                return;
            }
            if (column.equals("tcp_flag_names")) {
                value = value.toUpperCase(Locale.ROOT);
            }
            if (column.endsWith("_time")) {
                value = Instant.parse(value).toString();
            }
            values.put(column, value);
        });
        return values;
    }

    /** Our values for the given columns, as text: the vpcflow row first, then the event for addresses. */
    static Map<String, String> ours(LogRecord record, Iterable<String> columns) {
        TableRow row = record.rows().get(0);
        Map<String, String> values = new LinkedHashMap<>();
        for (String column : columns) {
            Object value = row.values()[VpcFlowTables.VPCFLOW.indexOf(column)];
            if (value != null) {
                values.put(column, value.toString());
            }
        }
        return values;
    }

    /** The AWS field name of a Panther test-record key ({@code srcAddr} to {@code srcaddr}), or null if not a flow field. */
    static String awsNameOfPanther(String key) {
        if (key.startsWith("p_")) {
            return null;
        }
        String renamed = PANTHER_RENAMES.get(key);
        if (renamed != null) {
            return renamed;
        }
        String squashed = key.toLowerCase(Locale.ROOT);
        for (VpcFlowField field : VpcFlowField.values()) {
            if (field.awsName().replace("-", "").equals(squashed)) {
                return field.awsName();
            }
        }
        return null;
    }

    /** Our event's common columns, as Panther's data model names them, for the values both sides have. */
    static Map<String, Object> eventAsPanther(Event event) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("srcAddr", event.srcIp());
        values.put("dstAddr", event.dstIp());
        values.put("srcPort", event.srcPort());
        values.put("dstPort", event.dstPort());
        values.put("action", event.action());
        values.put("region", event.region());
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                flatten(name, field.getValue(), into);
            }
        } else if (node.isArray()) {
            List<String> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            into.put(prefix, String.join(",", items));
        } else {
            into.put(prefix, node.asText());
        }
    }
}
