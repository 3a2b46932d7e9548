package dev.cloudsift.formats.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One JSON object that is not a file of items: a change notification (raw, inside an SNS envelope or an
 * EventBridge event), a Config rule event as delivered to Lambda, or a configuration item saved on its own.
 */
final class ConfigMessages {
    static final String ITEM_CHANGE = "ConfigurationItemChangeNotification";
    static final String OVERSIZED_ITEM_CHANGE = "OversizedConfigurationItemChangeNotification";

    /** Message types Config sends that carry no configuration item: skipped, counted, never quarantined. */
    static final Set<String> NOTICES = Set.of(
            "ConfigurationHistoryDeliveryCompleted",
            "ConfigurationHistoryDeliveryFailed",
            "ConfigurationSnapshotDeliveryStarted",
            "ConfigurationSnapshotDeliveryCompleted",
            "ConfigurationSnapshotDeliveryFailed",
            "ComplianceChangeNotification",
            "ConfigRulesEvaluationStarted",
            "ScheduledNotification",
            "OversizedConfigurationItemChangeDeliveryFailed");

    private ConfigMessages() {}

    /** The records, problems or skips one top-level object gives. */
    static List<ReadItem> read(JsonNode message, Position position, PathHints hints) {
        if (message.has("invokingEvent")) {
            return embedded(message.get("invokingEvent"), "invokingEvent", ConfigShape.LAMBDA_EVENT, message, position,
                    hints);
        }
        if ("Notification".equals(Json.string(message.get("Type"))) && message.has("Message")) {
            return embedded(message.get("Message"), "SNS Message", ConfigShape.NOTIFICATION, message, position, hints);
        }
        if (message.has("detail-type")) {
            return eventBridge(message, position, hints);
        }
        if (message.has("messageType")) {
            return notification(message, ConfigShape.NOTIFICATION, position, hints);
        }
        if (message.has("resourceType") || message.has("configurationItemCaptureTime")
                || message.has("configurationStateId")) {
            return List.of(ConfigItemRecords.toRecord(message, ConfigShape.ITEM, ConfigItemRecords.Notification.NONE,
                    position, hints));
        }
        return List.of(ParseProblem.of(position, "not an AWS Config record: expected configurationItems, "
                + "a configuration item or a Config notification (messageType), found keys " + keys(message),
                message.toString()));
    }

    private static List<ReadItem> embedded(JsonNode value, String what, ConfigShape shape, JsonNode envelope,
            Position position, PathHints hints) {
        JsonNode body = value;
        if (value.isTextual()) {
            try {
                body = ConfigItemRecords.parseEmbedded(value.textValue());
            } catch (JsonProcessingException e) {
                return List.of(ParseProblem.of(position, what + " is not valid JSON: " + ConfigItemRecords.jsonError(e),
                        envelope.toString()));
            }
        }
        if (body == null || !body.isObject()) {
            return List.of(ParseProblem.of(position, what + " is " + (body == null ? "empty" : ConfigItemRecords.describe(body))
                    + ", expected a Config notification object", envelope.toString()));
        }
        return notification(body, shape, position, hints);
    }

    private static List<ReadItem> eventBridge(JsonNode event, Position position, PathHints hints) {
        String detailType = Json.string(event.get("detail-type"));
        JsonNode detail = event.get("detail");
        if (detail != null && detail.isObject() && detail.has("messageType")) {
            return notification(detail, ConfigShape.NOTIFICATION, position, hints);
        }
        if (detailType != null && detailType.startsWith("Config ")) {
            return List.of(new Skipped(position, "EventBridge '" + detailType + "' event carries no configuration item"));
        }
        return List.of(ParseProblem.of(position, "EventBridge event '" + detailType
                + "' is not an AWS Config event: expected detail-type 'Config Configuration Item Change'",
                event.toString()));
    }

    private static List<ReadItem> notification(JsonNode body, ConfigShape shape, Position position, PathHints hints) {
        String messageType = Json.string(body.get("messageType"));
        if (messageType == null) {
            return List.of(ParseProblem.of(position, "Config notification has no messageType", body.toString()));
        }
        Instant notificationTime = time(body.get("notificationCreationTime"));
        if (messageType.equals(ITEM_CHANGE)) {
            JsonNode item = body.get("configurationItem");
            if (item == null || !item.isObject()) {
                return List.of(ParseProblem.of(position, ITEM_CHANGE + " without a configurationItem object",
                        body.toString()));
            }
            JsonNode diff = body.get("configurationItemDiff");
            String changeType = Json.pathString(diff, "changeType");
            JsonNode changed = Json.path(diff, "changedProperties");
            return List.of(ConfigItemRecords.toRecord(item, shape,
                    new ConfigItemRecords.Notification(changeType, changed, notificationTime, null, false), position,
                    hints));
        }
        if (messageType.equals(OVERSIZED_ITEM_CHANGE)) {
            JsonNode summary = body.get("configurationItemSummary");
            if (summary == null || !summary.isObject()) {
                return List.of(ParseProblem.of(position, OVERSIZED_ITEM_CHANGE + " without a configurationItemSummary object",
                        body.toString()));
            }
            String location = Json.pathString(body, "s3DeliverySummary", "s3BucketLocation");
            return List.of(ConfigItemRecords.toRecord(summary, shape, new ConfigItemRecords.Notification(
                    Json.string(summary.get("changeType")), null, notificationTime, location, true), position, hints));
        }
        if (NOTICES.contains(messageType)) {
            return List.of(new Skipped(position, "Config " + messageType + " notice carries no configuration item"));
        }
        return List.of(ParseProblem.of(position, "unknown Config messageType '" + messageType + "': expected "
                + ITEM_CHANGE + ", " + OVERSIZED_ITEM_CHANGE + " or a delivery, compliance or schedule notice",
                body.toString()));
    }

    private static @Nullable Instant time(@Nullable JsonNode value) {
        String text = Json.string(value);
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseFlexible(text);
        } catch (DateTimeParseException unreadable) {
            // Only the item's own capture time is essential; a bad notification time leaves the column empty.
            return null;
        }
    }

    private static String keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext() && names.size() < 10; ) {
            names.add(it.next());
        }
        return names.toString();
    }
}
