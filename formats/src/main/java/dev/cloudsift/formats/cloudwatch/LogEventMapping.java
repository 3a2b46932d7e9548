package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Turns one JSON item of each CloudWatch Logs shape into a {@link LogEvent}, or says what was wrong with it. */
final class LogEventMapping {
    /** A mapped event, or the reason the item could not be read. */
    record Mapped(@Nullable LogEvent event, @Nullable String problem) {
        static Mapped of(LogEvent event) {
            return new Mapped(event, null);
        }

        static Mapped problem(String reason) {
            return new Mapped(null, reason);
        }
    }

    /** The header fields of a subscription payload, shared by its log events. */
    record Header(@Nullable String owner, @Nullable String logGroup, @Nullable String logStream,
            @Nullable String subscriptionFilters) {}

    private LogEventMapping() {}

    /** A {@code logEvents[]} item of a subscription payload: {@code id}, {@code timestamp} (ms), {@code message}. */
    static Mapped subscription(JsonNode item, Header header, String shape, Position position) {
        if (!item.isObject()) {
            return Mapped.problem("logEvents[] item is not an object");
        }
        Instant time = epochMillis(item.get("timestamp"));
        if (time == null) {
            return Mapped.problem("logEvents[] item without a numeric timestamp (epoch milliseconds)");
        }
        String message = Json.string(item.get("message"));
        if (message == null) {
            return Mapped.problem("logEvents[] item without a message string");
        }
        JsonNode extracted = item.get("extractedFields");
        return Mapped.of(new LogEvent(header.logGroup(), header.logStream(), Json.string(item.get("id")), time, null,
                message, header.owner(), header.subscriptionFilters(),
                extracted != null && extracted.isObject() ? extracted.toString() : null, shape, position));
    }

    /**
     * An {@code events[]} item of {@code aws logs filter-log-events} (with {@code logStreamName} and
     * {@code eventId}) or {@code get-log-events} (without them).
     */
    static Mapped cli(JsonNode item, @Nullable String logGroup, @Nullable String logStream, Position position) {
        if (!item.isObject()) {
            return Mapped.problem("events[] item is not an object");
        }
        Instant time = epochMillis(item.get("timestamp"));
        if (time == null) {
            return Mapped.problem("events[] item without a numeric timestamp (epoch milliseconds)");
        }
        String message = Json.string(item.get("message"));
        if (message == null) {
            return Mapped.problem("events[] item without a message string");
        }
        String stream = Json.string(item.get("logStreamName"));
        String eventId = Json.string(item.get("eventId"));
        String shape = stream != null || eventId != null ? "filter-log-events" : "get-log-events";
        return Mapped.of(new LogEvent(logGroup, stream != null ? stream : logStream, eventId, time,
                epochMillis(item.get("ingestionTime")), message, null, null, null, shape, position));
    }

    /** A {@code results[]} row of {@code get-query-results}: an array of {@code {"field","value"}} pairs. */
    static Mapped insightsPairs(JsonNode row, @Nullable String logGroup, Position position) {
        if (!row.isArray()) {
            return Mapped.problem("results[] row is not an array of field/value pairs");
        }
        ObjectNode fields = Json.MAPPER.createObjectNode();
        for (JsonNode pair : row) {
            String field = Json.string(pair.get("field"));
            if (field == null) {
                return Mapped.problem("results[] pair without a field name");
            }
            JsonNode value = pair.get("value");
            fields.set(field, value == null ? Json.MAPPER.getNodeFactory().nullNode() : value);
        }
        return insights(fields, logGroup, "insights-json", position);
    }

    /**
     * One Logs Insights result row by field name ({@code @timestamp}, {@code @message}, {@code @logStream},
     * {@code @log} = {@code account:group}, {@code @ingestionTime}); other fields go to {@code extracted_fields}.
     */
    static Mapped insights(ObjectNode fields, @Nullable String logGroup, String shape, Position position) {
        Instant time = null;
        String timestamp = Json.string(fields.get("@timestamp"));
        if (timestamp != null) {
            try {
                time = Timestamps.parseFlexible(timestamp);
            } catch (DateTimeParseException e) {
                return Mapped.problem("@timestamp '" + timestamp + "' is not a time; expected yyyy-MM-dd HH:mm:ss.SSS");
            }
        }
        String owner = null;
        String group = logGroup;
        String log = Json.string(fields.get("@log"));
        if (log != null) {
            int colon = log.indexOf(':');
            if (colon == 12 && log.substring(0, 12).chars().allMatch(Character::isDigit)) {
                owner = log.substring(0, 12);
                group = log.substring(13);
            } else {
                group = log;
            }
        }
        Instant ingestion = null;
        String ingestionText = Json.string(fields.get("@ingestionTime"));
        if (ingestionText != null) {
            try {
                ingestion = Timestamps.parseFlexible(ingestionText);
            } catch (DateTimeParseException ignored) {
                // kept in extracted_fields as written
            }
        }
        ObjectNode extra = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : fields.properties()) {
            switch (entry.getKey()) {
                case "@timestamp", "@message", "@logStream", "@log" -> { }
                case "@ingestionTime" -> {
                    if (ingestion == null) {
                        extra.set(entry.getKey(), entry.getValue());
                    }
                }
                default -> extra.set(entry.getKey(), entry.getValue());
            }
        }
        String message = Json.string(fields.get("@message"));
        if (message == null) {
            // A query without @message still returned a row: its fields are the record.
            message = extra.toString();
        }
        return Mapped.of(new LogEvent(group, Json.string(fields.get("@logStream")), null, time, ingestion, message,
                owner, null, extra.isEmpty() ? null : extra.toString(), shape, position));
    }

    /** Epoch milliseconds from a JSON number or a numeric string; null when absent or not a number. */
    static @Nullable Instant epochMillis(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli((long) node.doubleValue());
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (!text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
        }
        return null;
    }
}
