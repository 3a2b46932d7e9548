package dev.cloudsift.formats.cloudtrail;

import java.util.Map;
import java.util.Set;

/**
 * The {@code other} column of a CloudTrail row: every top-level field of the record that no column holds exactly,
 * so that the typed columns, the JSON columns and {@code other} together give back the record's values. A field
 * counts as held only when its column gives back the same value: a string field must be a string (a number there
 * goes to {@code other}), a flag a JSON boolean, {@code eventTime} the canonical form its timestamp prints as.
 * A JSON {@code null} in a field that has a column is its column's NULL, the same as the field being absent.
 * {@link RecordWalker} applies this while it walks the record, cutting each field {@code other} holds from the input.
 */
final class OtherFields {
    /** Top-level string fields, each held verbatim by a VARCHAR column. */
    static final Map<String, String> STRING_COLUMNS = Map.ofEntries(
            Map.entry("eventVersion", "event_version"), Map.entry("eventSource", "event_source"),
            Map.entry("eventName", "event_name"), Map.entry("awsRegion", "aws_region"),
            Map.entry("sourceIPAddress", "source_ip_address"), Map.entry("userAgent", "user_agent"),
            Map.entry("errorCode", "error_code"), Map.entry("errorMessage", "error_message"),
            Map.entry("requestID", "request_id"), Map.entry("eventID", "event_id"),
            Map.entry("sharedEventID", "shared_event_id"), Map.entry("eventType", "event_type"),
            Map.entry("eventCategory", "event_category"), Map.entry("recipientAccountId", "recipient_account_id"),
            Map.entry("apiVersion", "api_version"), Map.entry("vpcEndpointId", "vpc_endpoint_id"),
            Map.entry("vpcEndpointAccountId", "vpc_endpoint_account_id"));
    /** Top-level boolean fields held by BOOLEAN columns. */
    static final Map<String, String> BOOLEAN_COLUMNS = Map.of(
            "readOnly", "read_only", "managementEvent", "management_event");
    /** Top-level fields held whole by JSON columns. */
    static final Map<String, String> JSON_COLUMNS = Map.of(
            "userIdentity", "user_identity", "requestParameters", "request_parameters",
            "responseElements", "response_elements", "additionalEventData", "additional_event_data",
            "resources", "resources", "serviceEventDetails", "service_event_details",
            "insightDetails", "insight_details");
    /** String fields whose column turns an empty string into null, so an empty value is not held. */
    private static final Set<String> EMPTY_IS_NULL = Set.of("errorCode");

    private OtherFields() {}

    /** Whether a top-level field has a column of its own (whatever value this record gives it). */
    static boolean hasColumn(String name) {
        return name.equals("eventTime") || STRING_COLUMNS.containsKey(name) || BOOLEAN_COLUMNS.containsKey(name)
                || JSON_COLUMNS.containsKey(name);
    }
}
