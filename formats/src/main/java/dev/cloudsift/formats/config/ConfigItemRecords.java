package dev.cloudsift.formats.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns one configuration item, in file or API spelling, into its {@code config} row and {@code events} row.
 * File items say {@code awsAccountId}, {@code ARN}, {@code configurationItemVersion} and carry
 * {@code configuration} as an object; API items say {@code accountId}, {@code arn}, {@code version} and carry
 * {@code configuration} and the values of {@code supplementaryConfiguration} as JSON strings.
 */
final class ConfigItemRecords {
    private static final TableSchema TABLE = ConfigTables.CONFIG;
    private static final int CAPTURE_TIME = TABLE.indexOf("capture_time");
    private static final int STATUS = TABLE.indexOf("status");
    private static final int RESOURCE_TYPE = TABLE.indexOf("resource_type");
    private static final int RESOURCE_ID = TABLE.indexOf("resource_id");
    private static final int RESOURCE_NAME = TABLE.indexOf("resource_name");
    private static final int ARN = TABLE.indexOf("arn");
    private static final int ACCOUNT_ID = TABLE.indexOf("account_id");
    private static final int REGION = TABLE.indexOf("region");
    private static final int AVAILABILITY_ZONE = TABLE.indexOf("availability_zone");
    private static final int RESOURCE_CREATION_TIME = TABLE.indexOf("resource_creation_time");
    private static final int TAGS = TABLE.indexOf("tags");
    private static final int RELATIONSHIPS = TABLE.indexOf("relationships");
    private static final int RELATED_EVENTS = TABLE.indexOf("related_events");
    private static final int CONFIGURATION = TABLE.indexOf("configuration");
    private static final int SUPPLEMENTARY_CONFIGURATION = TABLE.indexOf("supplementary_configuration");
    private static final int CONFIGURATION_STATE_ID = TABLE.indexOf("configuration_state_id");
    private static final int CONFIGURATION_ITEM_VERSION = TABLE.indexOf("configuration_item_version");
    private static final int MD5_HASH = TABLE.indexOf("md5_hash");
    private static final int SHAPE = TABLE.indexOf("shape");
    private static final int CHANGE_TYPE = TABLE.indexOf("change_type");
    private static final int DIFF = TABLE.indexOf("diff");
    private static final int NOTIFICATION_TIME = TABLE.indexOf("notification_time");
    private static final int S3_LOCATION = TABLE.indexOf("s3_location");
    private static final int MESSAGE = TABLE.indexOf("message");
    private static final int OTHER = TABLE.indexOf("other");
    /** Item fields a column holds (under either the file or the API name). */
    private static final java.util.Set<String> HELD = java.util.Set.of(
            "configurationItemCaptureTime", "configurationItemStatus", "resourceType", "resourceId", "resourceName",
            "ARN", "arn", "awsAccountId", "accountId", "awsRegion", "availabilityZone", "resourceCreationTime", "tags",
            "relationships", "relatedEvents", "configuration", "supplementaryConfiguration", "configurationStateId",
            "configurationItemVersion", "version", "configurationItemMD5Hash", "configurationStateMd5Hash");

    /** The changed paths a notification's event message names before it says "and N more". */
    private static final int MESSAGE_PATHS = 8;

    /** Strict: a JSON string with trailing junk after its value is not JSON. */
    private static final com.fasterxml.jackson.databind.ObjectReader EMBEDDED = Json.MAPPER.reader()
            .with(BoundedTrees.NODES)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConfigItemRecords() {}

    /** What a change notification adds to the item it carries. */
    record Notification(@Nullable String changeType, @Nullable JsonNode changedProperties,
            @Nullable Instant notificationTime, @Nullable String s3Location, boolean oversized) {
        static final Notification NONE = new Notification(null, null, null, null, false);
    }

    static ReadItem toRecord(JsonNode item, ConfigShape shape, Notification notification, Position position,
            PathHints hints) {
        if (!item.isObject()) {
            return ParseProblem.of(position, "configuration item is " + describe(item) + ", expected a JSON object",
                    item.toString());
        }
        String resourceType = text(item, "resourceType");
        String resourceId = text(item, "resourceId");
        String label = (resourceType == null ? "configuration item" : resourceType)
                + (resourceId == null ? "" : " " + resourceId);
        if (resourceType == null) {
            return ParseProblem.of(position, label + " has no resourceType (expected a type such as AWS::EC2::Instance)",
                    item.toString());
        }
        String captureText = text(item, "configurationItemCaptureTime");
        Instant captureTime = null;
        if (captureText == null) {
            // select-resource-config returns only the fields the query selected; every other shape has the time.
            if (shape != ConfigShape.SELECT) {
                return ParseProblem.of(position, label + " has no configurationItemCaptureTime", item.toString());
            }
        } else {
            try {
                captureTime = ConfigTimes.parse(captureText);
            } catch (DateTimeParseException e) {
                return ParseProblem.of(position, label + " has an unreadable configurationItemCaptureTime '"
                        + captureText + "' (expected ISO-8601, epoch seconds or a Python datetime)", item.toString());
            }
        }
        Instant creationTime = null;
        String creationText = text(item, "resourceCreationTime");
        if (creationText != null) {
            try {
                creationTime = ConfigTimes.parse(creationText);
            } catch (DateTimeParseException e) {
                return ParseProblem.of(position, label + " has an unreadable resourceCreationTime '" + creationText
                        + "' (expected ISO-8601, epoch seconds or a Python datetime)", item.toString());
            }
        }
        JsonNode configuration = item.get("configuration");
        if (configuration != null && configuration.isTextual()) {
            try {
                configuration = parseEmbedded(configuration.textValue());
            } catch (JsonProcessingException e) {
                return ParseProblem.of(position, label + " has a configuration string that is not valid JSON: "
                        + jsonError(e), item.toString());
            }
        }

        Object[] values = TABLE.newRow();
        String status = text(item, "configurationItemStatus");
        String arn = first(item, "ARN", "arn");
        String accountId = first(item, "awsAccountId", "accountId");
        if (accountId == null) {
            accountId = hints.accountId();
        }
        String region = text(item, "awsRegion");
        if (region == null) {
            region = hints.region();
        }
        String stateId = text(item, "configurationStateId");
        values[CAPTURE_TIME] = captureTime;
        values[STATUS] = status;
        values[RESOURCE_TYPE] = resourceType;
        values[RESOURCE_ID] = resourceId;
        values[RESOURCE_NAME] = text(item, "resourceName");
        values[ARN] = arn;
        values[ACCOUNT_ID] = accountId;
        values[REGION] = region;
        values[AVAILABILITY_ZONE] = text(item, "availabilityZone");
        values[RESOURCE_CREATION_TIME] = creationTime;
        values[TAGS] = Json.text(tags(item.get("tags")));
        values[RELATIONSHIPS] = Json.text(relationships(item.get("relationships")));
        values[RELATED_EVENTS] = Json.text(item.get("relatedEvents"));
        values[CONFIGURATION] = Json.text(configuration);
        values[SUPPLEMENTARY_CONFIGURATION] = Json.text(supplementary(item.get("supplementaryConfiguration")));
        values[CONFIGURATION_STATE_ID] = stateId;
        values[CONFIGURATION_ITEM_VERSION] = first(item, "configurationItemVersion", "version");
        values[MD5_HASH] = first(item, "configurationItemMD5Hash", "configurationStateMd5Hash");
        values[SHAPE] = shape.columnValue();
        values[CHANGE_TYPE] = notification.changeType();
        values[DIFF] = Json.text(notification.changedProperties());
        values[NOTIFICATION_TIME] = notification.notificationTime();
        values[S3_LOCATION] = notification.s3Location();

        String action = notification.changeType() != null ? notification.changeType() : status;
        Event event = Event.builder("config")
                .eventTime(captureTime)
                .accountId(accountId)
                .region(region)
                .action(action)
                .resource(arn != null ? arn : resourceId)
                .message(message(resourceType, resourceId, status, notification))
                .build();
        values[MESSAGE] = event.message();
        values[OTHER] = other(item);
        return new LogRecord(event, java.util.List.of(new TableRow(TABLE.name(), values)),
                dedupeKey(item, resourceType, resourceId, stateId, captureText, notification), position);
    }

    /** The item's top-level fields no column holds, as one JSON object; null when there are none. */
    private static @Nullable String other(JsonNode item) {
        com.fasterxml.jackson.databind.node.ObjectNode other = null;
        for (Map.Entry<String, JsonNode> field : item.properties()) {
            if (!HELD.contains(field.getKey())) {
                if (other == null) {
                    other = Json.MAPPER.createObjectNode();
                }
                other.set(field.getKey(), field.getValue());
            }
        }
        return other == null ? null : other.toString();
    }

    private static String dedupeKey(JsonNode item, String resourceType, @Nullable String resourceId,
            @Nullable String stateId, @Nullable String captureText, Notification notification) {
        if (resourceId == null || stateId == null) {
            return RecordKeys.hashed("config", item.toString());
        }
        if (notification.oversized()) {
            // A summary is not the item: it must not take the place of the full copy from a history file.
            return "config-oversized:" + resourceType + ":" + resourceId + ":" + stateId + ":" + captureText;
        }
        return "config:" + resourceType + ":" + resourceId + ":" + stateId;
    }

    private static String message(String resourceType, @Nullable String resourceId, @Nullable String status,
            Notification notification) {
        StringBuilder message = new StringBuilder(resourceType);
        if (resourceId != null) {
            message.append(' ').append(resourceId);
        }
        if (status != null) {
            message.append(' ').append(status);
        }
        if (notification.changeType() != null) {
            message.append(", ").append(notification.changeType());
        }
        JsonNode changed = notification.changedProperties();
        if (changed != null && changed.isObject() && !changed.isEmpty()) {
            message.append(": ");
            int shown = 0;
            for (Map.Entry<String, JsonNode> field : changed.properties()) {
                if (shown == MESSAGE_PATHS) {
                    message.append(" and ").append(changed.size() - shown).append(" more");
                    break;
                }
                if (shown > 0) {
                    message.append(", ");
                }
                message.append(field.getKey());
                String change = Json.pathString(field.getValue(), "changeType");
                if (change != null) {
                    message.append(" (").append(change).append(')');
                }
                shown++;
            }
        }
        if (notification.oversized()) {
            message.append("; oversized item, full copy at ")
                    .append(notification.s3Location() == null ? "an unknown S3 location" : "s3://" + notification.s3Location());
        }
        return oneLine(message);
    }

    /** Ids and paths come from the file: a line break or control character in one must not split the message. */
    private static String oneLine(StringBuilder message) {
        for (int i = 0; i < message.length(); i++) {
            if (Character.isISOControl(message.charAt(i))) {
                message.setCharAt(i, ' ');
            }
        }
        return message.toString();
    }

    /** Tags as {key: value}: files and the history API use an object, advanced queries a list of {key, value}. */
    private static @Nullable JsonNode tags(@Nullable JsonNode tags) {
        if (tags == null || !tags.isArray()) {
            return tags;
        }
        ObjectNode object = BoundedTrees.NODES.objectNode();
        for (JsonNode tag : tags) {
            String key = Json.pathString(tag, "key");
            if (key == null) {
                return tags;
            }
            object.set(key, tag.get("value") == null ? BoundedTrees.NODES.nullNode() : tag.get("value"));
        }
        return object;
    }

    /** Relationships with the file spelling {@code name}, so items from files and the API compare equal. */
    private static @Nullable JsonNode relationships(@Nullable JsonNode relationships) {
        if (relationships == null || !relationships.isArray()) {
            return relationships;
        }
        ArrayNode normalized = BoundedTrees.NODES.arrayNode();
        for (JsonNode relationship : relationships) {
            if (relationship instanceof ObjectNode object && object.has("relationshipName") && !object.has("name")) {
                ObjectNode copy = BoundedTrees.NODES.objectNode();
                object.properties().forEach(field -> copy.set(
                        field.getKey().equals("relationshipName") ? "name" : field.getKey(), field.getValue()));
                normalized.add(copy);
            } else {
                normalized.add(relationship);
            }
        }
        return normalized;
    }

    /** Supplementary configuration with JSON-encoded string values parsed (the API encodes all of them). */
    private static @Nullable JsonNode supplementary(@Nullable JsonNode supplementary) {
        if (supplementary == null || !supplementary.isObject()) {
            return supplementary;
        }
        ObjectNode normalized = BoundedTrees.NODES.objectNode();
        supplementary.properties().forEach(field -> normalized.set(field.getKey(), decoded(field.getValue())));
        return normalized;
    }

    /** A string value that holds JSON, parsed; any other value as it is. */
    static JsonNode decoded(JsonNode value) {
        if (!value.isTextual() || !looksLikeJson(value.textValue())) {
            return value;
        }
        try {
            JsonNode parsed = parseEmbedded(value.textValue());
            return parsed == null ? value : parsed;
        } catch (JsonProcessingException notJson) {
            return value;
        }
    }

    private static boolean looksLikeJson(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return false;
        }
        char first = trimmed.charAt(0);
        return first == '{' || first == '[' || first == '-' || (first >= '0' && first <= '9')
                || trimmed.equals("true") || trimmed.equals("false") || trimmed.equals("null");
    }

    /** Parses JSON held in a string; an empty string or JSON {@code null} gives null. */
    static @Nullable JsonNode parseEmbedded(String text) throws JsonProcessingException {
        if (text.isBlank()) {
            return null;
        }
        JsonNode parsed = EMBEDDED.readTree(text);
        return parsed == null || parsed.isNull() || parsed.isMissingNode() ? null : parsed;
    }

    /** Jackson's reason without its "(start marker at [Source: ...])" tail, which tells a reader nothing. */
    static String jsonError(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int tail = message.indexOf(" (start marker at");
        return tail < 0 ? message : message.substring(0, tail);
    }

    private static @Nullable String first(JsonNode item, String fileName, String apiName) {
        String value = text(item, fileName);
        return value != null ? value : text(item, apiName);
    }

    /** A scalar field as text; empty strings count as absent (files write an empty MD5 hash). */
    static @Nullable String text(JsonNode node, String field) {
        String value = Json.string(node.get(field));
        return value == null || value.isEmpty() ? null : value;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
