package dev.cloudsift.formats.waf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps one AWS WAF log record (already parsed JSON) to a {@link LogRecord}: the {@code waf} row and the
 * {@code events} row. Shared by the S3/Firehose reader and the CloudWatch Logs reader (groups {@code aws-waf-logs-*}).
 * Call {@link #defect} first: {@link #map} accepts only records for which it returns null.
 */
public final class WafRecords {
    /** Longest URI, query string or header value kept; longer ones are cut and named in {@code truncated_fields}. */
    public static final int MAX_FIELD_CHARS = 8192;

    private static final TableSchema SCHEMA = WafTables.WAF;
    private static final Map<String, Integer> INDEX = indexOf(SCHEMA);
    private static final Set<String> MAPPED = Set.of("timestamp", "formatVersion", "webaclId", "action",
            "terminatingRuleId", "terminatingRuleType", "terminatingRuleMatchDetails", "httpSourceName",
            "httpSourceId", "ruleGroupList", "rateBasedRuleList", "nonTerminatingMatchingRules",
            "requestHeadersInserted", "responseCodeSent", "httpRequest", "labels", "captchaResponse",
            "challengeResponse", "ja3Fingerprint", "ja4Fingerprint", "oversizeFields", "requestBodySize",
            "requestBodySizeInspectedByWAF", "clientAsn", "forwardedAsn", "cfDistributionTenantId");
    private static final Set<String> MAPPED_REQUEST = Set.of("clientIp", "country", "headers", "uri", "args",
            "httpVersion", "httpMethod", "requestId", "fragment", "scheme", "host");

    private WafRecords() {}

    private static Map<String, Integer> indexOf(TableSchema schema) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            index.put(schema.columns().get(i).name(), i);
        }
        return Map.copyOf(index);
    }

    /**
     * Why {@code record} cannot be read as a WAF log record, or null when it can. A record needs to be an
     * object with an integral epoch-millisecond {@code timestamp} and at least one of {@code webaclId} and
     * {@code httpRequest} (an object when present).
     */
    public static @Nullable String defect(JsonNode record) {
        if (record == null || !record.isObject()) {
            return "expected a JSON object (a WAF log record), found "
                    + (record == null ? "nothing" : record.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode timestamp = record.get("timestamp");
        if (timestamp == null || timestamp.isNull()) {
            return "WAF record without \"timestamp\" (epoch milliseconds expected)";
        }
        if (!timestamp.canConvertToExactIntegral() || !timestamp.canConvertToLong()) {
            return "WAF \"timestamp\" must be an integral number of epoch milliseconds, found " + abbreviate(timestamp.toString());
        }
        JsonNode request = record.get("httpRequest");
        if (request != null && !request.isNull() && !request.isObject()) {
            return "WAF \"httpRequest\" must be an object, found " + abbreviate(request.toString());
        }
        if (!record.hasNonNull("webaclId") && (request == null || request.isNull())) {
            return "not a WAF record: neither \"webaclId\" nor \"httpRequest\" is present";
        }
        return null;
    }

    /**
     * The record's {@code waf} and {@code events} rows.
     *
     * @throws IllegalArgumentException when {@link #defect} reports a defect (callers check first)
     */
    public static LogRecord map(JsonNode record, Position position) {
        String defect = defect(record);
        if (defect != null) {
            throw new IllegalArgumentException(defect);
        }
        Object[] row = SCHEMA.newRow();
        StringBuilder truncated = new StringBuilder();

        Instant time = Instant.ofEpochMilli(record.get("timestamp").longValue());
        String webaclId = Json.string(record.get("webaclId"));
        WebAclArn arn = WebAclArn.parse(webaclId);
        String action = Json.string(record.get("action"));
        String terminatingRuleId = Json.string(record.get("terminatingRuleId"));
        JsonNode request = Json.path(record, "httpRequest");

        set(row, "event_time", time);
        set(row, "format_version", integer(record.get("formatVersion")));
        set(row, "webacl_id", webaclId);
        if (arn != null) {
            set(row, "webacl_name", arn.name());
            set(row, "webacl_scope", arn.scope());
            set(row, "webacl_account_id", arn.accountId());
            set(row, "webacl_region", arn.region());
        }
        set(row, "action", action);
        set(row, "terminating_rule_id", terminatingRuleId);
        set(row, "terminating_rule_type", Json.string(record.get("terminatingRuleType")));
        set(row, "terminating_rule_match_details", Json.text(record.get("terminatingRuleMatchDetails")));
        set(row, "http_source_name", Json.string(record.get("httpSourceName")));
        set(row, "http_source_id", Json.string(record.get("httpSourceId")));
        set(row, "rule_group_list", Json.text(record.get("ruleGroupList")));
        set(row, "rate_based_rule_list", Json.text(record.get("rateBasedRuleList")));
        set(row, "non_terminating_matching_rules", Json.text(record.get("nonTerminatingMatchingRules")));
        set(row, "request_headers_inserted", Json.text(record.get("requestHeadersInserted")));
        set(row, "response_code_sent", integer(record.get("responseCodeSent")));
        JsonNode labels = record.get("labels");
        if (labels != null && !labels.isNull()) {
            set(row, "labels", labels.toString());
            set(row, "label_names", labelNames(labels));
        }
        set(row, "client_asn", longValue(record.get("clientAsn")));
        set(row, "forwarded_asn", longValue(record.get("forwardedAsn")));
        set(row, "ja3_fingerprint", Json.string(record.get("ja3Fingerprint")));
        set(row, "ja4_fingerprint", Json.string(record.get("ja4Fingerprint")));
        set(row, "captcha_response", Json.text(record.get("captchaResponse")));
        set(row, "challenge_response", Json.text(record.get("challengeResponse")));
        set(row, "oversize_fields", Json.text(record.get("oversizeFields")));
        set(row, "request_body_size", longValue(record.get("requestBodySize")));
        set(row, "request_body_size_inspected", longValue(record.get("requestBodySizeInspectedByWAF")));
        set(row, "cf_distribution_tenant_id", Json.string(record.get("cfDistributionTenantId")));

        String clientIp = null;
        String host = null;
        String userAgent = null;
        String uri = null;
        String method = null;
        String requestId = null;
        ObjectNode otherFields = JsonNodeFactory.instance.objectNode();
        if (request != null) {
            clientIp = Json.string(request.get("clientIp"));
            String country = Json.string(request.get("country"));
            set(row, "client_ip", clientIp);
            set(row, "country", "-".equals(country) ? null : country);
            method = Json.string(request.get("httpMethod"));
            set(row, "http_method", method);
            uri = capped(Json.string(request.get("uri")), "uri", truncated);
            set(row, "uri", uri);
            set(row, "args", capped(Json.string(request.get("args")), "args", truncated));
            set(row, "fragment", capped(Json.string(request.get("fragment")), "fragment", truncated));
            set(row, "scheme", Json.string(request.get("scheme")));
            set(row, "http_version", Json.string(request.get("httpVersion")));
            requestId = Json.string(request.get("requestId"));
            set(row, "request_id", requestId);
            JsonNode headers = request.get("headers");
            if (headers != null && headers.isArray()) {
                set(row, "headers", cappedHeaders((ArrayNode) headers, truncated).toString());
                host = firstHeader(headers, "host");
                userAgent = firstHeader(headers, "user-agent");
            } else if (headers != null && !headers.isNull()) {
                set(row, "headers", headers.toString());
            }
            if (host == null) {
                host = Json.string(request.get("host"));
            }
            host = capped(host, "host", truncated);
            userAgent = capped(userAgent, "user_agent", truncated);
            set(row, "host", host);
            set(row, "user_agent", userAgent);
            collectOthers(request, MAPPED_REQUEST, "httpRequest.", otherFields);
        }
        collectOthers(record, MAPPED, "", otherFields);
        if (!otherFields.isEmpty()) {
            set(row, "other_fields", otherFields.toString());
        }
        if (truncated.length() > 0) {
            set(row, "truncated_fields", truncated.toString());
        }

        Event event = Event.builder(SCHEMA.name())
                .eventTime(time)
                .accountId(arn == null ? null : arn.accountId())
                .region(arn == null ? null : arn.region())
                .action(action)
                .outcome(outcome(action))
                .srcIp(IpAddresses.isIpAddress(clientIp) ? clientIp : null)
                .userAgent(userAgent)
                .resource(resource(host, uri))
                .eventId(requestId == null || requestId.isEmpty() || "null".equals(requestId) ? null : requestId)
                .message(message(action, method, host, uri, clientIp, terminatingRuleId,
                        Json.string(record.get("terminatingRuleType")), truncated))
                .build();
        set(row, "src_ip", event.srcIp());
        set(row, "resource", event.resource());
        set(row, "message", event.message());
        String dedupeKey = "waf:" + (webaclId == null ? "-" : webaclId) + ":" + (requestId == null ? "-" : requestId)
                + ":" + time.toEpochMilli();
        return LogRecord.of(event, new TableRow(SCHEMA.name(), row), dedupeKey, position);
    }

    /** BLOCK fails the request, ALLOW lets it through; CAPTCHA, CHALLENGE and COUNT say nothing final. */
    static Outcome outcome(@Nullable String action) {
        if ("BLOCK".equals(action)) {
            return Outcome.FAILURE;
        }
        if ("ALLOW".equals(action)) {
            return Outcome.SUCCESS;
        }
        return Outcome.UNKNOWN;
    }

    private static @Nullable String resource(@Nullable String host, @Nullable String uri) {
        if (host == null && uri == null) {
            return null;
        }
        return (host == null ? "" : host) + (uri == null ? "" : uri);
    }

    private static String message(@Nullable String action, @Nullable String method, @Nullable String host,
            @Nullable String uri, @Nullable String clientIp, @Nullable String rule, @Nullable String ruleType,
            CharSequence truncated) {
        StringBuilder text = new StringBuilder(128);
        text.append("WAF ").append(action == null ? "(no action)" : action).append(' ')
                .append(method == null ? "-" : method).append(' ')
                .append(host == null ? "" : host);
        String shownUri = uri == null ? "" : uri;
        if (shownUri.length() > 200) {
            shownUri = shownUri.substring(0, 200) + "...";
        }
        text.append(shownUri)
                .append(" from ").append(clientIp == null ? "-" : clientIp)
                .append(" by rule ").append(rule == null ? "-" : rule);
        if (ruleType != null) {
            text.append(" (").append(ruleType).append(')');
        }
        if (truncated.length() > 0) {
            text.append("; cut to ").append(MAX_FIELD_CHARS).append(" characters: ").append(truncated);
        }
        return oneLine(text.toString());
    }

    /** Log text is attacker-controlled: a message stays on one line whatever the URI holds. */
    private static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append(' ');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static @Nullable String labelNames(JsonNode labels) {
        if (!labels.isArray()) {
            return null;
        }
        StringBuilder names = new StringBuilder();
        for (JsonNode label : labels) {
            String name = label.isObject() ? Json.string(label.get("name")) : Json.string(label);
            if (name == null) {
                continue;
            }
            if (names.length() > 0) {
                names.append(',');
            }
            names.append(name);
        }
        return names.toString();
    }

    private static @Nullable String firstHeader(JsonNode headers, String lowerCaseName) {
        for (JsonNode header : headers) {
            String name = Json.string(header.get("name"));
            if (name != null && name.toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return Json.string(header.get("value"));
            }
        }
        return null;
    }

    private static JsonNode cappedHeaders(ArrayNode headers, StringBuilder truncated) {
        boolean tooLong = false;
        for (JsonNode header : headers) {
            String value = Json.string(header.get("value"));
            if (value != null && value.length() > MAX_FIELD_CHARS) {
                tooLong = true;
                break;
            }
        }
        if (!tooLong) {
            return headers;
        }
        ArrayNode copy = headers.deepCopy();
        for (JsonNode header : copy) {
            String value = Json.string(header.get("value"));
            if (header.isObject() && value != null && value.length() > MAX_FIELD_CHARS) {
                ((ObjectNode) header).put("value", value.substring(0, MAX_FIELD_CHARS));
            }
        }
        note(truncated, "headers");
        return copy;
    }

    private static @Nullable String capped(@Nullable String value, String field, StringBuilder truncated) {
        if (value == null || value.length() <= MAX_FIELD_CHARS) {
            return value;
        }
        note(truncated, field);
        return value.substring(0, MAX_FIELD_CHARS);
    }

    private static void note(StringBuilder truncated, String field) {
        if (truncated.indexOf(field) >= 0) {
            return;
        }
        if (truncated.length() > 0) {
            truncated.append(',');
        }
        truncated.append(field);
    }

    private static void collectOthers(JsonNode node, Set<String> mapped, String prefix, ObjectNode into) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!mapped.contains(field.getKey())) {
                into.set(prefix + field.getKey(), field.getValue());
            }
        }
    }

    private static @Nullable Integer integer(@Nullable JsonNode node) {
        Long value = longValue(node);
        return value == null || value != value.intValue() ? null : value.intValue();
    }

    /** Numbers sometimes arrive as JSON strings (evaluationWindowSec does in AWS samples): accept both. */
    private static @Nullable Long longValue(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            if (!text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(text);
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static void set(Object[] row, String column, @Nullable Object value) {
        row[INDEX.get(column)] = value;
    }
}
