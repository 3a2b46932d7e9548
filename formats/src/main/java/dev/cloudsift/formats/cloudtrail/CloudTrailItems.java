package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.DuplicateKeys;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Recognises what one JSON object found in a CloudTrail file is (a record, a LookupEvents {@code Event}, an
 * EventBridge envelope, a search-engine hit) and hands the record inside to {@link CloudTrailRecordMapper}.
 */
final class CloudTrailItems {
    private CloudTrailItems() {}

    /**
     * An item walked by {@link RecordWalker}: a plain record is mapped as walked, its text decoded only should it be
     * refused; anything else (an envelope, a LookupEvents item, lower-cased keys, a record without eventID, a key
     * named twice) is bound whole from its text and read as usual.
     */
    static ReadItem toItem(RecordFields fields, String shape, Position position, Supplier<String> rawText,
            PathHints hints) {
        if (fields.plain()) {
            return CloudTrailRecordMapper.map(fields, shapeOf(fields.string(RecordFields.EVENT_TYPE), shape), position,
                    rawText, hints);
        }
        String text = rawText.get();
        if (text == null) {
            return ParseProblem.of(position, "record text no longer held; cannot read it whole", null);
        }
        JsonNode whole;
        try {
            whole = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return ParseProblem.of(position, "record is not valid JSON: " + e.getOriginalMessage(), text);
        }
        return toItem(whole, shape, position, text, hints);
    }

    static ReadItem toItem(JsonNode node, String shape, Position position, @Nullable String rawText, PathHints hints) {
        // Taken first: the tree below may be copied, and duplicates are found by the objects Jackson built.
        List<String> duplicates = DuplicateKeys.takeFrom(node);
        JsonNode item = node;
        String raw = rawText;
        JsonNode inner;
        // An EventBridge envelope, a search hit or a Datadog log (attributes inside attributes) may nest.
        for (int depth = 0; depth < 3 && (inner = unwrap(item)) != null; depth++) {
            // Keep the wrapper in raw: it is what was read, and it says how the record travelled.
            raw = raw != null ? raw : item.toString();
            item = withWrapperTime(inner, item);
        }
        ReadItem result;
        if (isEventObject(item)) {
            result = fromEventObject(item, shape, position, raw, hints);
        } else {
            if (item instanceof ObjectNode object && LowerCaseKeys.applies(object)) {
                raw = raw != null ? raw : object.toString();
                item = LowerCaseKeys.restore(object.deepCopy());
            }
            result = CloudTrailRecordMapper.map(item, shapeOf(item, shape), position, raw, hints);
        }
        return result instanceof LogRecord record ? record.withAnomalies(duplicates) : result;
    }

    /**
     * The record inside an EventBridge envelope, an Elasticsearch/OpenSearch hit ({@code _source}) or a Datadog log
     * ({@code attributes}, {@code content} of the log API), or null when not wrapped.
     */
    private static @Nullable JsonNode unwrap(JsonNode node) {
        if (!node.isObject() || node.has("eventTime") || node.has("eventSource") || node.has("eventVersion")) {
            return null;
        }
        JsonNode detail = node.get("detail");
        if (detail != null && detail.isObject() && node.has("detail-type")) {
            return detail;
        }
        for (String wrapper : WRAPPERS) {
            JsonNode inner = node.get(wrapper);
            if (inner != null && inner.isObject()) {
                return inner;
            }
        }
        return null;
    }

    private static final String[] WRAPPERS = {"_source", "attributes", "content"};

    /**
     * The record, given the wrapper's time ({@code timestamp}, {@code @timestamp}) as {@code @timestamp} when it has
     * neither its own nor that: a Datadog log keeps the time beside the attributes that hold the record.
     */
    private static JsonNode withWrapperTime(JsonNode inner, JsonNode wrapper) {
        if (!(inner instanceof ObjectNode object) || inner.has("eventTime") || inner.has("@timestamp")) {
            return inner;
        }
        JsonNode time = wrapper.get("@timestamp");
        if (time == null || time.isNull()) {
            time = wrapper.get("timestamp");
        }
        if (time == null || time.isNull() || time.isContainerNode()) {
            return inner;
        }
        ObjectNode copy = object.deepCopy();
        copy.set("@timestamp", time);
        return copy;
    }

    /** A LookupEvents {@code Event}: {@code EventId}, {@code EventName}, ..., the record as {@code CloudTrailEvent}. */
    static boolean isEventObject(JsonNode node) {
        return node.isObject() && !node.has("eventTime")
                && (node.has("CloudTrailEvent") || node.has("EventId"));
    }

    private static String shapeOf(JsonNode record, String shape) {
        return shapeOf(JsonValues.string(record, "eventType"), shape);
    }

    private static String shapeOf(@Nullable String eventType, String shape) {
        if (CloudTrailRecordMapper.SHAPE_S3.equals(shape)) {
            if (eventType != null && eventType.equalsIgnoreCase("AwsCloudTrailInsight")) {
                return CloudTrailRecordMapper.SHAPE_INSIGHT;
            }
        }
        return shape;
    }

    private static ReadItem fromEventObject(JsonNode event, String shape, Position position, @Nullable String rawText,
            PathHints hints) {
        String wholeEvent = rawText != null ? rawText : event.toString();
        JsonNode embedded = event.get("CloudTrailEvent");
        ObjectNode record;
        String raw;
        List<String> embeddedDuplicates = List.of();
        if (embedded != null && embedded.isTextual()) {
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(embedded.textValue());
            } catch (JsonProcessingException e) {
                return ParseProblem.of(position, "CloudTrailEvent is not valid JSON: " + e.getOriginalMessage(),
                        wholeEvent);
            }
            if (parsed == null || !parsed.isObject()) {
                return ParseProblem.of(position, "CloudTrailEvent holds "
                        + (parsed == null ? "nothing" : JsonValues.describe(parsed))
                        + ", expected a JSON object", wholeEvent);
            }
            record = (ObjectNode) parsed;
            raw = embedded.textValue();
            embeddedDuplicates = DuplicateKeys.takeFrom(parsed);
            position = position.withEnvelope(Envelopes.inside(position.envelope(), Envelopes.pointer("CloudTrailEvent")));
        } else if (embedded != null && embedded.isObject()) {
            // Some tools decode the string before saving; take the object as it is.
            record = ((ObjectNode) embedded).deepCopy();
            raw = embedded.toString();
        } else if (embedded == null || embedded.isNull()) {
            // No full record: keep what the summary fields say (lossy, like the console list).
            record = summaryRecord(event);
            raw = wholeEvent;
        } else {
            return ParseProblem.of(position, "CloudTrailEvent is " + JsonValues.describe(embedded)
                    + ", expected the record as a JSON string", wholeEvent);
        }
        JsonNode innerTime = record.get("eventTime");
        if (innerTime == null || innerTime.isNull()) {
            JsonNode outerTime = event.get("EventTime");
            if (outerTime != null && !outerTime.isNull()) {
                Instant time = eventTime(outerTime);
                if (time == null) {
                    return ParseProblem.of(position, "EventTime " + JsonValues.describe(outerTime)
                            + " \"" + outerTime.asText() + "\" is not a time", wholeEvent);
                }
                record.put("eventTime", time.toString());
            }
        }
        if (!record.has("eventID") && event.hasNonNull("EventId")) {
            record.set("eventID", event.get("EventId"));
        }
        ReadItem result = CloudTrailRecordMapper.map(record, shape, position, raw, hints);
        return result instanceof LogRecord mapped ? mapped.withAnomalies(embeddedDuplicates) : result;
    }

    /** EventTime as CLI v2 (ISO with offset), CLI v1 (epoch seconds with a fraction) or Python str() wrote it. */
    private static @Nullable Instant eventTime(JsonNode node) {
        try {
            if (node.isNumber()) {
                return Timestamps.fromEpochNumber(node.decimalValue());
            }
            if (node.isTextual()) {
                return Timestamps.parseFlexible(node.textValue());
            }
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
        return null;
    }

    /** A record built from the summary fields of an Event that has no CloudTrailEvent. */
    private static ObjectNode summaryRecord(JsonNode event) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        copy(event, "EventId", record, "eventID");
        copy(event, "EventName", record, "eventName");
        copy(event, "EventSource", record, "eventSource");
        Boolean readOnly = JsonValues.bool(event.get("ReadOnly"));
        if (readOnly != null) {
            record.put("readOnly", readOnly);
        }
        String userName = JsonValues.string(event, "Username");
        String accessKey = JsonValues.string(event, "AccessKeyId");
        if (userName != null || accessKey != null) {
            ObjectNode identity = record.putObject("userIdentity");
            if (userName != null) {
                identity.put("userName", userName);
            }
            if (accessKey != null) {
                identity.put("accessKeyId", accessKey);
            }
        }
        JsonNode resources = event.get("Resources");
        if (resources != null && resources.isArray()) {
            ArrayNode list = record.putArray("resources");
            for (JsonNode resource : resources) {
                list.add(resource(JsonValues.string(resource, "ResourceType"),
                        JsonValues.string(resource, "ResourceName")));
            }
        }
        return record;
    }

    /** A {@code resources} entry from a type and a name that may or may not be an ARN. */
    static ObjectNode resource(@Nullable String type, @Nullable String name) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        if (type != null) {
            entry.put("type", type);
        }
        if (name != null) {
            entry.put(name.startsWith("arn:") ? "ARN" : "resourceName", name);
        }
        return entry;
    }

    private static void copy(JsonNode from, String fromField, ObjectNode to, String toField) {
        String value = JsonValues.string(from, fromField);
        if (value != null) {
            to.put(toField, value);
        }
    }
}
