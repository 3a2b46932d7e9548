package dev.cloudsift.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import java.time.Instant;

/** A fluent CloudTrail record for correlation and first-seen tests. */
final class TrailEvent {
    private final ObjectNode record = Json.MAPPER.createObjectNode();

    private TrailEvent(String eventId, String time, String eventName) {
        record.put("eventVersion", "1.08");
        record.put("eventTime", Instant.parse(time).toString());
        record.put("eventSource", "iam.amazonaws.com");
        record.put("eventName", eventName);
        record.put("awsRegion", "us-east-1");
        record.put("sourceIPAddress", "198.51.100.1");
        record.put("eventID", eventId);
        record.put("eventType", "AwsApiCall");
        record.put("recipientAccountId", "111122223333");
        user("alice");
    }

    static TrailEvent of(String eventId, String time, String eventName) {
        return new TrailEvent(eventId, time, eventName);
    }

    TrailEvent user(String name) {
        ObjectNode identity = record.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("arn", "arn:aws:iam::111122223333:user/" + name);
        identity.put("userName", name);
        identity.put("accountId", "111122223333");
        identity.put("accessKeyId", "AKIA" + name.toUpperCase(java.util.Locale.ROOT));
        return this;
    }

    TrailEvent accessKey(String key) {
        ((ObjectNode) record.get("userIdentity")).put("accessKeyId", key);
        return this;
    }

    TrailEvent ip(String address) {
        record.put("sourceIPAddress", address);
        return this;
    }

    TrailEvent error(String code) {
        record.put("errorCode", code);
        return this;
    }

    TrailEvent parameter(String name, Object value) {
        ObjectNode parameters = record.get("requestParameters") instanceof ObjectNode existing ? existing
                : record.putObject("requestParameters");
        parameters.putPOJO(name, value);
        return this;
    }

    TrailEvent response(String name, Object value) {
        ObjectNode response = record.get("responseElements") instanceof ObjectNode existing ? existing
                : record.putObject("responseElements");
        response.putPOJO(name, value);
        return this;
    }

    TrailEvent additional(String name, Object value) {
        ObjectNode additional = record.get("additionalEventData") instanceof ObjectNode existing ? existing
                : record.putObject("additionalEventData");
        additional.putPOJO(name, value);
        return this;
    }

    TrailEvent source(String eventSource) {
        record.put("eventSource", eventSource);
        return this;
    }

    String json() {
        return record.toString();
    }
}
