package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The names log pipelines give CloudTrail's fields, read when CloudTrail's own names are absent.
 * <ul>
 *   <li>Logstash's {@code cloudtrail} codec moves {@code eventTime} into {@code @timestamp}; Datadog's log API
 *       gives the log's time as {@code timestamp}.</li>
 *   <li>Datadog's CloudTrail pipeline remaps fields onto its standard attributes: {@code network.client.ip}
 *       (sourceIPAddress), {@code http.useragent} (userAgent), {@code evt.name} (eventName), {@code evt.outcome}
 *       ({@code success}/{@code failure}), {@code usr.id}, {@code usr.name}, {@code usr.account_id}. A standard
 *       attribute is an object path ({@code "network":{"client":{"ip":…}}}) or, in flattened exports, one dotted
 *       key ({@code "network.client.ip"}); both are read.</li>
 * </ul>
 * See docs/formats/cloudtrail.md for the sources.
 */
final class ExportedFields {
    private ExportedFields() {}

    /** The time an exporter gave the record ({@code @timestamp}, then {@code timestamp}), or null. */
    static @Nullable Instant time(JsonNode record) {
        Instant time = timeOf(record.get("@timestamp"));
        return time != null ? time : timeOf(record.get("timestamp"));
    }

    private static @Nullable Instant timeOf(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                return Timestamps.fromEpochNumber(node.decimalValue());
            }
            if (node.isTextual()) {
                Instant time = CloudTrailTimes.eventTime(node.textValue());
                return time != null ? time : Timestamps.parseFlexible(node.textValue());
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException notATime) {
            return null;
        }
        return null;
    }

    static @Nullable String eventName(JsonNode record) {
        return attribute(record, "evt", "name");
    }

    static @Nullable String sourceIp(JsonNode record) {
        return attribute(record, "network", "client", "ip");
    }

    static @Nullable String userAgent(JsonNode record) {
        return attribute(record, "http", "useragent");
    }

    /** Datadog's {@code usr.id}, else {@code usr.name}: who, when the record lost its userIdentity. */
    static @Nullable String user(JsonNode record) {
        String id = attribute(record, "usr", "id");
        return id != null ? id : attribute(record, "usr", "name");
    }

    static @Nullable String accountId(JsonNode record) {
        return attribute(record, "usr", "account_id");
    }

    /** Datadog's {@code evt.outcome}: failure when it says so, else null (not known from it). */
    static @Nullable Outcome outcome(JsonNode record) {
        String outcome = attribute(record, "evt", "outcome");
        if (outcome == null) {
            return null;
        }
        return outcome.equalsIgnoreCase("failure") || outcome.equalsIgnoreCase("error") ? Outcome.FAILURE
                : outcome.equalsIgnoreCase("success") ? Outcome.SUCCESS : null;
    }

    /** True when the record carries any of Datadog's standard attributes this class reads. */
    static boolean hasAny(JsonNode record) {
        return eventName(record) != null || sourceIp(record) != null || userAgent(record) != null;
    }

    /** A scalar at the object path {@code names}, else at the one dotted key; blank is null. */
    private static @Nullable String attribute(JsonNode record, String... names) {
        JsonNode current = record;
        for (String name : names) {
            current = current == null || !current.isObject() ? null : current.get(name);
        }
        if (current == null || current.isNull() || current.isContainerNode()) {
            current = record.get(String.join(".", names));
        }
        if (current == null || current.isNull() || current.isContainerNode()) {
            return null;
        }
        String text = current.asText();
        return text.isBlank() ? null : text;
    }
}
