package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * Maps the columns of an event history CSV onto record fields by header name. Names are compared normalized (lower
 * case, letters and digits only), so the console's {@code Event time}, Athena's {@code eventtime} and a script's
 * {@code event_time} are one column.
 */
final class HistoryCsvColumns {
    /** Columns holding one top-level string field of the record. */
    private static final Map<String, String> RECORD_FIELDS = Map.ofEntries(
            Map.entry("eventid", "eventID"),
            Map.entry("eventname", "eventName"),
            Map.entry("eventsource", "eventSource"),
            Map.entry("awsregion", "awsRegion"),
            Map.entry("region", "awsRegion"),
            Map.entry("errorcode", "errorCode"),
            Map.entry("errormessage", "errorMessage"),
            Map.entry("sourceipaddress", "sourceIPAddress"),
            Map.entry("sourceip", "sourceIPAddress"),
            Map.entry("useragent", "userAgent"),
            Map.entry("eventtype", "eventType"),
            Map.entry("eventcategory", "eventCategory"),
            Map.entry("eventversion", "eventVersion"),
            Map.entry("requestid", "requestID"),
            Map.entry("sharedeventid", "sharedEventID"),
            Map.entry("recipientaccountid", "recipientAccountId"),
            Map.entry("apiversion", "apiVersion"),
            Map.entry("vpcendpointid", "vpcEndpointId"));

    /** Columns that carry nested structures; used only when the cell holds JSON (Athena renders structs otherwise). */
    private static final Map<String, String> JSON_FIELDS = Map.ofEntries(
            Map.entry("useridentity", "userIdentity"),
            Map.entry("requestparameters", "requestParameters"),
            Map.entry("responseelements", "responseElements"),
            Map.entry("additionaleventdata", "additionalEventData"),
            Map.entry("resources", "resources"),
            Map.entry("serviceeventdetails", "serviceEventDetails"),
            Map.entry("tlsdetails", "tlsDetails"),
            Map.entry("insightdetails", "insightDetails"));

    private HistoryCsvColumns() {}

    /** Lower case, letters and digits only: {@code "Event time"} → {@code eventtime}. */
    static String normalize(String header) {
        StringBuilder name = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                name.append(Character.toLowerCase(c));
            }
        }
        return name.toString();
    }

    /** Whether a column (normalized) holds the whole record as JSON text. */
    static boolean isFullRecord(String column) {
        return column.equals("cloudtrailevent") || column.equals("event") || column.equals("rawevent");
    }

    /**
     * Adds one cell to the record being rebuilt. Fields the full record already has are left alone: the cell is a
     * rendering of them. Returns a reason when the cell cannot be used (a time that is not a time).
     */
    static @Nullable String apply(String column, String value, ObjectNode record) {
        if (value.isEmpty()) {
            return null;
        }
        String field = RECORD_FIELDS.get(column);
        if (field != null) {
            if (!record.has(field)) {
                record.put(field, value);
            }
            return null;
        }
        switch (column) {
            case "eventtime" -> {
                if (!record.has("eventTime")) {
                    Instant time = ConsoleTimes.parse(value);
                    if (time == null) {
                        return "event time \"" + shorten(value) + "\" is not a time with a known zone";
                    }
                    record.put("eventTime", time.toString());
                }
                return null;
            }
            case "username", "user" -> identity(record).putIfAbsent("userName", record.textNode(value));
            case "awsaccesskey", "accesskeyid", "accesskey" ->
                    identity(record).putIfAbsent("accessKeyId", record.textNode(value));
            case "readonly" -> {
                Boolean readOnly = JsonValues.bool(Json.MAPPER.getNodeFactory().textNode(value));
                if (readOnly != null && !record.has("readOnly")) {
                    record.put("readOnly", readOnly);
                }
            }
            case "managementevent" -> {
                Boolean management = JsonValues.bool(Json.MAPPER.getNodeFactory().textNode(value));
                if (management != null && !record.has("managementEvent")) {
                    record.put("managementEvent", management);
                }
            }
            default -> {
                String jsonField = JSON_FIELDS.get(column);
                if (jsonField != null && !record.has(jsonField)) {
                    JsonNode parsed = parseJson(value);
                    if (parsed != null && parsed.isContainerNode()) {
                        record.set(jsonField, parsed);
                    }
                }
            }
        }
        return null;
    }

    /** Resource type and name columns, flattened by the console, rebuilt as one resources entry. */
    static void applyResource(@Nullable String type, @Nullable String name, ObjectNode record) {
        if ((type == null || type.isEmpty()) && (name == null || name.isEmpty()) || record.has("resources")) {
            return;
        }
        record.putArray("resources").add(CloudTrailItems.resource(emptyToNull(type), emptyToNull(name)));
    }

    static @Nullable JsonNode parseJson(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(trimmed);
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    /** The record's userIdentity to fill in; a detached node when the record holds something else there. */
    private static ObjectNode identity(ObjectNode record) {
        JsonNode existing = record.get("userIdentity");
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return existing == null || existing.isNull() ? record.putObject("userIdentity") : record.objectNode();
    }

    private static @Nullable String emptyToNull(@Nullable String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
