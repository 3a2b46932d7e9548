package dev.cloudsift.formats.waf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that maps peers' WAF field names onto our {@code waf} columns. Elastic's corpus is raw AWS
 * records; Panther's test logs are AWS records after Panther's normalisation (timestamp as ISO text), which
 * {@link #pantherToAws} undoes.
 */
final class WafFieldNames {
    /** Our column ← AWS path (dot separated). */
    static final Map<String, String> COLUMN_TO_AWS_PATH = Map.ofEntries(
            Map.entry("webacl_id", "webaclId"),
            Map.entry("action", "action"),
            Map.entry("terminating_rule_id", "terminatingRuleId"),
            Map.entry("terminating_rule_type", "terminatingRuleType"),
            Map.entry("http_source_name", "httpSourceName"),
            Map.entry("http_source_id", "httpSourceId"),
            Map.entry("client_ip", "httpRequest.clientIp"),
            Map.entry("uri", "httpRequest.uri"),
            Map.entry("args", "httpRequest.args"),
            Map.entry("http_method", "httpRequest.httpMethod"),
            Map.entry("http_version", "httpRequest.httpVersion"),
            Map.entry("request_id", "httpRequest.requestId"),
            Map.entry("ja3_fingerprint", "ja3Fingerprint"));

    private WafFieldNames() {}

    /** The column values an AWS-shaped record must produce, for the columns both sides have. */
    static Map<String, Object> expectedColumns(JsonNode aws) {
        Map<String, Object> expected = new LinkedHashMap<>();
        COLUMN_TO_AWS_PATH.forEach((column, path) -> {
            String value = Json.pathString(aws, path.split("\\."));
            if (value != null) {
                expected.put(column, value);
            }
        });
        String country = Json.pathString(aws, "httpRequest", "country");
        if (country != null && !country.equals("-")) {
            expected.put("country", country);
        }
        expected.put("event_time", Instant.ofEpochMilli(aws.get("timestamp").longValue()));
        return expected;
    }

    /** Panther stores {@code timestamp} as ISO text; AWS writes epoch milliseconds. */
    static ObjectNode pantherToAws(JsonNode panther) {
        ObjectNode aws = panther.deepCopy();
        JsonNode timestamp = aws.get("timestamp");
        if (timestamp != null && timestamp.isTextual()) {
            aws.put("timestamp", Instant.parse(timestamp.textValue()).toEpochMilli());
        }
        aws.remove(aws.properties().stream().map(Map.Entry::getKey).filter(name -> name.startsWith("p_")).toList());
        return aws;
    }
}
