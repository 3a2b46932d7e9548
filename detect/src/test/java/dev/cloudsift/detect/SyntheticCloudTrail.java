package dev.cloudsift.detect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Turns field values of CloudTrail's dotted names into a CloudTrail JSON record. */
final class SyntheticCloudTrail {
    private static final Set<String> JSON_ROOTS = Set.of("requestParameters", "responseElements",
            "additionalEventData", "resources", "serviceEventDetails", "userIdentity");

    private SyntheticCloudTrail() {}

    static String record(Map<String, String> fields, Instant time, String eventId) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("eventVersion", "1.08");
        record.put("eventTime", time.toString());
        record.put("eventID", eventId);
        record.put("recipientAccountId", "111122223333");
        record.put("awsRegion", "us-east-1");
        ObjectNode identity = record.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("arn", "arn:aws:iam::111122223333:user/synthetic");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String[] parts = field.getKey().split("\\.");
            String value = field.getValue();
            if (value.equals(MatchingRecords.ABSENT)) {
                remove(record, parts);
                continue;
            }
            if (parts.length == 1 && JSON_ROOTS.contains(parts[0])) {
                ArrayNode fragments = record.putArray(parts[0]);
                for (String fragment : value.split(MatchingRecords.SEPARATOR)) {
                    fragments.add(fragment.replaceAll("^\"|\"$", ""));
                }
                continue;
            }
            ObjectNode parent = record;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.get(parts[i]) instanceof ObjectNode existing ? existing : parent.putObject(parts[i]);
            }
            parent.put(parts[parts.length - 1], value.replace(MatchingRecords.SEPARATOR, " "));
        }
        return record.toString();
    }

    private static void remove(ObjectNode record, String[] parts) {
        ObjectNode parent = record;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(parent.get(parts[i]) instanceof ObjectNode child)) {
                return;
            }
            parent = child;
        }
        parent.remove(parts[parts.length - 1]);
    }
}
