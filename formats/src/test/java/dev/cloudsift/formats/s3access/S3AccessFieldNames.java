package dev.cloudsift.formats.s3access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that maps peers' S3 access log field names onto our {@code s3access} columns: Elastic's
 * {@code aws.s3access.*} output, and Panther's parsed records (which {@link #pantherLine} turns back into the
 * line AWS would have written, so our tokenizer is what gets tested).
 */
final class S3AccessFieldNames {
    /** Elastic {@code aws.s3access.<name>} → our column. */
    static final Map<String, String> ELASTIC = Map.ofEntries(
            Map.entry("bucket_owner", "bucket_owner"), Map.entry("bucket", "bucket"),
            Map.entry("remote_ip", "remote_ip"), Map.entry("requester", "requester"),
            Map.entry("request_id", "request_id"), Map.entry("operation", "operation"), Map.entry("key", "key"),
            Map.entry("request_uri", "request_uri"), Map.entry("http_status", "http_status"),
            Map.entry("error_code", "error_code"), Map.entry("bytes_sent", "bytes_sent"),
            Map.entry("object_size", "object_size"), Map.entry("total_time", "total_time_ms"),
            Map.entry("turn_around_time", "turn_around_time_ms"), Map.entry("referrer", "referer"),
            Map.entry("user_agent", "user_agent"), Map.entry("version_id", "version_id"),
            Map.entry("host_id", "host_id"), Map.entry("signature_version", "signature_version"),
            Map.entry("cipher_suite", "cipher_suite"), Map.entry("authentication_type", "authentication_type"),
            Map.entry("host_header", "host_header"), Map.entry("tls_version", "tls_version"));

    /** Panther field names in log order (fields 1 to 26), with our column for each. */
    static final List<Map.Entry<String, String>> PANTHER_ORDER = List.of(
            Map.entry("bucketowner", "bucket_owner"), Map.entry("bucket", "bucket"), Map.entry("time", "request_time"),
            Map.entry("remoteip", "remote_ip"), Map.entry("requester", "requester"),
            Map.entry("requestid", "request_id"), Map.entry("operation", "operation"), Map.entry("key", "key"),
            Map.entry("requesturi", "request_uri"), Map.entry("httpstatus", "http_status"),
            Map.entry("errorcode", "error_code"), Map.entry("bytessent", "bytes_sent"),
            Map.entry("objectsize", "object_size"), Map.entry("totaltime", "total_time_ms"),
            Map.entry("turnaroundtime", "turn_around_time_ms"), Map.entry("referrer", "referer"),
            Map.entry("useragent", "user_agent"), Map.entry("versionid", "version_id"), Map.entry("hostid", "host_id"),
            Map.entry("signatureversion", "signature_version"), Map.entry("ciphersuite", "cipher_suite"),
            Map.entry("authenticationtype", "authentication_type"), Map.entry("hostheader", "host_header"),
            Map.entry("tlsversion", "tls_version"), Map.entry("accesspointarn", "access_point_arn"),
            Map.entry("aclrequired", "acl_required"));

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH);
    /**
     * Panther test logs are fragments: some lack fields every real line has. Only to make them a line at all,
     * a missing Time or Operation is filled with these (and never compared).
     */
    static final String PLACEHOLDER_TIME = "[01/Jan/2020:00:00:00 +0000]";
    static final String PLACEHOLDER_OPERATION = "REST.PLACEHOLDER.FIELD";

    private S3AccessFieldNames() {}

    /** Our column → the value Elastic expects, for the columns both sides have. */
    static Map<String, Object> elasticExpected(JsonNode expected) {
        Map<String, Object> values = new LinkedHashMap<>();
        JsonNode s3 = expected.path("aws").path("s3access");
        ELASTIC.forEach((theirs, ours) -> {
            JsonNode value = s3.get(theirs);
            if (value != null && !value.isNull()) {
                values.put(ours, value.isIntegralNumber() ? (Object) value.longValue() : value.asText());
            }
        });
        values.put("request_time", Instant.parse(expected.path("@timestamp").asText()));
        return values;
    }

    /** The access log line a Panther record was parsed from, fields in log order. */
    static String pantherLine(JsonNode log) {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, String> field : PANTHER_ORDER) {
            String name = field.getKey();
            JsonNode value = log.get(name);
            if (value == null && name.equals("tlsversion")) {
                value = log.get("tlsVersion");
            }
            String text = value == null || value.isNull() ? null : value.asText();
            if (line.length() > 0) {
                line.append(' ');
            }
            switch (name) {
                case "time" -> line.append(text == null ? PLACEHOLDER_TIME : "[" + LOG_TIME.format(
                        LocalDateTime.parse(text.replace(' ', 'T'))) + " +0000]");
                case "operation" -> line.append(text == null ? PLACEHOLDER_OPERATION : text);
                case "requesturi", "referrer", "useragent" -> line.append(text == null ? "-" : '"' + text + '"');
                default -> line.append(text == null ? "-" : text);
            }
        }
        return line.toString();
    }

    /** Our column → the value Panther's record holds, for the fields it has. */
    static Map<String, Object> pantherExpected(JsonNode log) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : PANTHER_ORDER) {
            JsonNode value = log.get(field.getKey());
            if (value == null && field.getKey().equals("tlsversion")) {
                value = log.get("tlsVersion");
            }
            if (value == null || value.isNull()) {
                continue;
            }
            Object expected = switch (field.getValue()) {
                case "request_time" -> LocalDateTime.parse(value.asText().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                case "http_status" -> value.asInt();
                case "bytes_sent", "object_size", "total_time_ms", "turn_around_time_ms" -> value.asLong();
                default -> Json.string(value);
            };
            values.put(field.getValue(), expected);
        }
        return values;
    }
}
