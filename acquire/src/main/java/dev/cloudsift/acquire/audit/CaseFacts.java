package dev.cloudsift.acquire.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Facts from a case, offline: the latest AWS Config item of each resource describes trails, buckets, flow logs,
 * recorders, log groups and WAF logging as Config saw them. Config records these types in its own camelCase or in
 * the CloudFormation-style PascalCase, so both spellings are read. A source Config did not record stays unknown.
 */
public final class CaseFacts {
    /** What the case holds of one source. */
    public record CaseSource(String source, long records, @Nullable Instant first, @Nullable Instant last) {}

    private record Item(String type, String id, @Nullable String name, String region, JsonNode configuration, JsonNode supplementary) {}

    private static final List<String> TYPES = List.of("AWS::CloudTrail::Trail", "AWS::S3::Bucket", "AWS::EC2::FlowLog",
            "AWS::EC2::VPC", "AWS::Config::ConfigurationRecorder", "AWS::WAFv2::WebACL", "AWS::WAFv2::LoggingConfiguration",
            "AWS::Logs::LogGroup");

    private CaseFacts() {}

    /** The sources the case holds with their time range. */
    public static List<CaseSource> sources(Connection connection) throws SQLException {
        List<CaseSource> sources = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT source, count(*), min(event_time), max(event_time) FROM events GROUP BY source ORDER BY source")) {
            while (rows.next()) {
                sources.add(new CaseSource(rows.getString(1), rows.getLong(2), instant(rows.getTimestamp(3)), instant(rows.getTimestamp(4))));
            }
        }
        return sources;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Facts from the latest Config item of each resource of the types that describe logging. */
    public static Facts.Account gather(Connection connection) throws SQLException {
        List<Item> items = new ArrayList<>();
        String placeholders = String.join(",", TYPES.stream().map(type -> "?").toList());
        String sql = "SELECT resource_type, resource_id, resource_name, coalesce(region, 'unknown'), CAST(configuration AS VARCHAR), "
                + "CAST(supplementary_configuration AS VARCHAR), status FROM (SELECT *, row_number() OVER (PARTITION BY resource_type, "
                + "resource_id, region ORDER BY capture_time DESC) AS newest FROM config WHERE resource_type IN (" + placeholders
                + ")) WHERE newest = 1 ORDER BY resource_type, resource_id";
        String accountId = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < TYPES.size(); i++) {
                statement.setString(i + 1, TYPES.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String status = rows.getString(7);
                    if (status != null && status.startsWith("ResourceDeleted")) {
                        continue;
                    }
                    items.add(new Item(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            parse(rows.getString(5)), parse(rows.getString(6))));
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT min(account_id) FROM config")) {
            if (rows.next()) {
                accountId = rows.getString(1);
            }
        }
        Set<String> regionNames = new TreeSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT region FROM config WHERE region IS NOT NULL AND region <> 'global'")) {
            while (rows.next()) {
                regionNames.add(rows.getString(1));
            }
        }
        List<Facts.Trail> trails = new ArrayList<>();
        Map<String, List<String>> wafLogging = new TreeMap<>();
        for (Item item : items) {
            if (item.type().equals("AWS::CloudTrail::Trail")) {
                trails.add(trail(item));
            } else if (item.type().equals("AWS::WAFv2::LoggingConfiguration")) {
                List<String> destinations = new ArrayList<>();
                field(item.configuration(), "LogDestinationConfigs", "logDestinationConfigs").forEach(d -> destinations.add(d.asText()));
                wafLogging.put(text(item.configuration(), "ResourceArn", "resourceArn"), destinations);
            }
        }
        List<Facts.Region> regions = new ArrayList<>();
        for (String region : regionNames) {
            List<Item> here = items.stream().filter(item -> item.region().equals(region)).toList();
            regions.add(new Facts.Region(region,
                    trails.isEmpty() ? null : trails,
                    listOrNull(here, "AWS::Logs::LogGroup", item -> new Facts.LogGroup(
                            firstNonNull(text(item.configuration(), "LogGroupName", "logGroupName"), item.id()),
                            integer(item.configuration(), "RetentionInDays", "retentionInDays"), null)),
                    null,
                    listOrNull(here, "AWS::Config::ConfigurationRecorder", CaseFacts::recorder),
                    null,
                    listOrNull(here, "AWS::EC2::VPC", Item::id),
                    listOrNull(here, "AWS::EC2::FlowLog", CaseFacts::flowLog),
                    listOrNull(here, "AWS::WAFv2::WebACL", item -> {
                        String arn = firstNonNull(text(item.configuration(), "Arn", "arn", "ARN"), item.id());
                        return new Facts.WebAcl(firstNonNull(text(item.configuration(), "Name", "name"), firstNonNull(item.name(), item.id())),
                                arn, arn.contains(":global/") ? "CLOUDFRONT" : "REGIONAL", wafLogging.getOrDefault(arn, List.of()));
                    })));
        }
        List<Facts.Bucket> buckets = items.stream().anyMatch(item -> item.type().equals("AWS::S3::Bucket"))
                ? items.stream().filter(item -> item.type().equals("AWS::S3::Bucket")).map(CaseFacts::bucket).toList() : null;
        return new Facts.Account(accountId, regions, buckets);
    }

    private interface Mapping<T> {
        T map(Item item);
    }

    private static <T> List<T> listOrNull(List<Item> items, String type, Mapping<T> mapping) {
        List<T> found = new ArrayList<>();
        for (Item item : items) {
            if (item.type().equals(type)) {
                found.add(mapping.map(item));
            }
        }
        return found.isEmpty() ? null : found;
    }

    private static Facts.Trail trail(Item item) {
        JsonNode c = item.configuration();
        String arn = firstNonNull(text(c, "TrailARN", "trailARN", "Arn", "arn"), null);
        Boolean logging = bool(c, "IsLogging", "isLogging");
        JsonNode basic = field(c, "EventSelectors", "eventSelectors");
        JsonNode advanced = field(c, "AdvancedEventSelectors", "advancedEventSelectors");
        Facts.Selectors selectors = null;
        if (advanced.isArray() && !advanced.isEmpty()) {
            Set<String> types = new LinkedHashSet<>();
            boolean read = false;
            boolean write = false;
            for (JsonNode selector : advanced) {
                Map<String, List<String>> equals = new TreeMap<>();
                for (JsonNode fieldSelector : field(selector, "FieldSelectors", "fieldSelectors")) {
                    List<String> values = new ArrayList<>();
                    field(fieldSelector, "Equals", "equals").forEach(value -> values.add(value.asText()));
                    equals.put(text(fieldSelector, "Field", "field"), values);
                }
                List<String> category = equals.getOrDefault("eventCategory", List.of());
                List<String> readOnly = equals.get("readOnly");
                if (category.contains("Management")) {
                    read |= readOnly == null || readOnly.contains("true");
                    write |= readOnly == null || readOnly.contains("false");
                } else if (category.contains("Data")) {
                    types.addAll(equals.getOrDefault("resources.type", List.of("data")));
                }
            }
            selectors = new Facts.Selectors(true, read && write ? "All" : read ? "ReadOnly" : write ? "WriteOnly" : "None", List.copyOf(types));
        } else if (basic.isArray() && !basic.isEmpty()) {
            Set<String> types = new LinkedHashSet<>();
            boolean read = false;
            boolean write = false;
            for (JsonNode selector : basic) {
                String readWrite = firstNonNull(text(selector, "ReadWriteType", "readWriteType"), "All");
                if (!Boolean.FALSE.equals(bool(selector, "IncludeManagementEvents", "includeManagementEvents"))) {
                    read |= !readWrite.equals("WriteOnly");
                    write |= !readWrite.equals("ReadOnly");
                }
                field(selector, "DataResources", "dataResources").forEach(resource -> types.add(text(resource, "Type", "type")));
            }
            selectors = new Facts.Selectors(false, read && write ? "All" : read ? "ReadOnly" : write ? "WriteOnly" : "None", List.copyOf(types));
        }
        return new Facts.Trail(firstNonNull(text(c, "TrailName", "Name", "name"), item.id()), arn,
                firstNonNull(text(c, "HomeRegion", "homeRegion"), item.region()),
                Boolean.TRUE.equals(bool(c, "IsMultiRegionTrail", "isMultiRegionTrail")),
                Boolean.TRUE.equals(bool(c, "IsOrganizationTrail", "isOrganizationTrail")), logging, selectors,
                Boolean.TRUE.equals(bool(c, "EnableLogFileValidation", "LogFileValidationEnabled", "logFileValidationEnabled")),
                text(c, "KMSKeyId", "KmsKeyId", "kmsKeyId"), text(c, "CloudWatchLogsLogGroupArn", "cloudWatchLogsLogGroupArn"),
                text(c, "S3BucketName", "s3BucketName"), text(c, "S3KeyPrefix", "s3KeyPrefix"));
    }

    private static Facts.Recorder recorder(Item item) {
        JsonNode c = item.configuration();
        JsonNode group = field(c, "RecordingGroup", "recordingGroup");
        List<String> types = new ArrayList<>();
        field(group, "ResourceTypes", "resourceTypes").forEach(type -> types.add(type.asText()));
        return new Facts.Recorder(firstNonNull(text(c, "Name", "name"), item.id()), bool(c, "Recording", "recording"),
                Boolean.TRUE.equals(bool(group, "AllSupported", "allSupported")),
                Boolean.TRUE.equals(bool(group, "IncludeGlobalResourceTypes", "includeGlobalResourceTypes")), types,
                text(field(c, "RecordingMode", "recordingMode"), "RecordingFrequency", "recordingFrequency"));
    }

    private static Facts.FlowLog flowLog(Item item) {
        JsonNode c = item.configuration();
        return new Facts.FlowLog(firstNonNull(text(c, "Id", "FlowLogId", "flowLogId"), item.id()),
                firstNonNull(text(c, "ResourceId", "resourceId"), "unknown"), text(c, "TrafficType", "trafficType"),
                text(c, "LogFormat", "logFormat"), text(c, "LogDestinationType", "logDestinationType"),
                text(c, "LogDestination", "logDestination"), integer(c, "MaxAggregationInterval", "maxAggregationInterval"),
                text(c, "FlowLogStatus", "flowLogStatus"));
    }

    private static Facts.Bucket bucket(Item item) {
        JsonNode logging = field(item.supplementary(), "BucketLoggingConfiguration", "bucketLoggingConfiguration");
        return new Facts.Bucket(firstNonNull(item.name(), firstNonNull(text(item.configuration(), "name", "Name"), item.id())),
                item.region(), text(logging, "destinationBucketName", "DestinationBucketName"),
                text(logging, "logFilePrefix", "LogFilePrefix"));
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            // Some shapes keep the configuration as a JSON string inside the JSON.
            return node.isTextual() ? Json.MAPPER.readTree(node.asText()) : node;
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return Json.MAPPER.missingNode();
    }

    private static String text(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        return value.isMissingNode() || value.isContainerNode() ? null : value.asText();
    }

    private static Boolean bool(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        return value.isMissingNode() ? null : value.isBoolean() ? value.asBoolean() : Boolean.valueOf(value.asText());
    }

    private static Integer integer(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        if (value.isMissingNode()) {
            return null;
        }
        try {
            return Integer.valueOf(value.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }
}
