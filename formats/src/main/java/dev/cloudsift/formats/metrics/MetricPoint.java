package dev.cloudsift.formats.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What identifies a metric series, and how one of its points becomes a record: one {@code metrics} row per
 * statistic, no {@code events} row (points are not events; spikes are, derived by the store's MetricSpikes).
 *
 * @param dimensions JSON object text with keys in name order, or null
 */
record MetricPoint(@Nullable String namespace, @Nullable String metric, @Nullable String dimensions,
        @Nullable String resource, @Nullable String accountId, @Nullable String region, @Nullable String metricId,
        @Nullable String label, @Nullable String statusCode, @Nullable String streamName, String shape) {

    /** Dimension names that name the resource a metric is about, most specific first. */
    private static final List<String> RESOURCE_DIMENSIONS = List.of("InstanceId", "FunctionName", "DBInstanceIdentifier",
            "DBClusterIdentifier", "BucketName", "LoadBalancer", "TargetGroup", "VolumeId", "NatGatewayId",
            "TableName", "QueueName", "TopicName", "ClusterName", "ServiceName", "AutoScalingGroupName", "ApiName",
            "DistributionId", "StreamName", "CacheClusterId", "DomainName", "ImageId", "InstanceType");

    private static final TableSchema TABLE = MetricsTables.METRICS;

    MetricPoint {
        Objects.requireNonNull(shape, "shape");
    }

    /** One statistic of a point. */
    record Statistic(@Nullable String name, double value, @Nullable String unit) {}

    LogRecord record(Instant time, List<Statistic> statistics, Position position) {
        List<TableRow> rows = new ArrayList<>(statistics.size());
        StringBuilder canonical = new StringBuilder();
        canonical.append(shape).append('\n').append(namespace).append('\n').append(metric).append('\n')
                .append(dimensions).append('\n').append(accountId).append('\n').append(region).append('\n')
                .append(time.toEpochMilli());
        if (!shape.equals("metric-stream")) {
            // Dumps carry no namespace or dimensions: the query id, label and values tell series apart.
            canonical.append('\n').append(metricId).append('\n').append(label);
        }
        for (Statistic statistic : statistics) {
            Object[] row = TABLE.newRow();
            row[0] = namespace;
            row[1] = metric;
            row[2] = dimensions;
            row[3] = resource;
            row[4] = time;
            row[5] = statistic.name();
            row[6] = statistic.value();
            row[7] = statistic.unit();
            row[8] = accountId;
            row[9] = region;
            row[10] = metricId;
            row[11] = label;
            row[12] = statusCode;
            row[13] = streamName;
            row[14] = shape;
            rows.add(new TableRow(TABLE.name(), row));
            if (!shape.equals("metric-stream")) {
                canonical.append('\n').append(statistic.name()).append('=').append(statistic.value());
            }
        }
        return new LogRecord(null, rows, RecordKeys.hashed("metrics", canonical.toString()), position);
    }

    /** Dimensions in name order as JSON text (so equal series compare equal), or null when there are none. */
    static @Nullable String canonicalDimensions(@Nullable JsonNode dimensions) {
        if (dimensions == null || !dimensions.isObject() || dimensions.isEmpty()) {
            return null;
        }
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : dimensions.properties()) {
            sorted.put(field.getKey(), field.getValue());
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        sorted.forEach(node::set);
        return node.toString();
    }

    /** {@code Name=Value,Name=Value} (the {@code metrics.dimensions} option) as a dimensions object. */
    static @Nullable JsonNode parseDimensionsOption(@Nullable String option) {
        if (option == null || option.isBlank()) {
            return null;
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (String pair : option.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                node.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return node;
    }

    /** The value of the first resource-naming dimension, else of the only dimension; null otherwise. */
    static @Nullable String resourceOf(@Nullable JsonNode dimensions) {
        if (dimensions == null || !dimensions.isObject()) {
            return null;
        }
        for (String name : RESOURCE_DIMENSIONS) {
            String value = Json.string(dimensions.get(name));
            if (value != null) {
                return value;
            }
        }
        return dimensions.size() == 1 ? Json.string(dimensions.elements().next()) : null;
    }
}
