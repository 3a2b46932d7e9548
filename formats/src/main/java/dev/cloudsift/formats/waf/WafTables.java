package dev.cloudsift.formats.waf;

import static dev.cloudsift.core.ColumnType.BIGINT;
import static dev.cloudsift.core.ColumnType.INTEGER;
import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The {@code waf} table: one row per AWS WAF web ACL log record, whatever route it came by. */
public final class WafTables {
    private WafTables() {}

    public static final TableSchema WAF = new TableSchema("waf",
            "AWS WAF web ACL traffic log records (S3, Firehose, CloudWatch Logs)", List.of(
            Column.of("event_time", TIMESTAMP, "timestamp (epoch milliseconds in the log)"),
            Column.of("format_version", INTEGER, "formatVersion"),
            Column.of("webacl_id", VARCHAR, "webaclId, the web ACL ARN"),
            Column.of("webacl_name", VARCHAR, "web ACL name parsed from the ARN"),
            Column.of("webacl_scope", VARCHAR, "regional or global, from the ARN"),
            Column.of("webacl_account_id", VARCHAR, "account from the ARN"),
            Column.of("webacl_region", VARCHAR, "region from the ARN"),
            Column.of("action", VARCHAR, "terminating action: ALLOW, BLOCK, CAPTCHA, CHALLENGE (COUNT in old material)"),
            Column.of("terminating_rule_id", VARCHAR, "terminatingRuleId (Default_Action when no rule ended evaluation)"),
            Column.of("terminating_rule_type", VARCHAR, "terminatingRuleType: REGULAR, RATE_BASED, GROUP, MANAGED_RULE_GROUP"),
            Column.of("terminating_rule_match_details", JSON, "terminatingRuleMatchDetails"),
            Column.of("http_source_name", VARCHAR, "httpSourceName: CF, ALB, APIGW, APPSYNC, ... ('-' kept as logged)"),
            Column.of("http_source_id", VARCHAR, "httpSourceId, the protected resource"),
            Column.of("rule_group_list", JSON, "ruleGroupList"),
            Column.of("rate_based_rule_list", JSON, "rateBasedRuleList"),
            Column.of("non_terminating_matching_rules", JSON, "nonTerminatingMatchingRules"),
            Column.of("request_headers_inserted", JSON, "requestHeadersInserted (custom request handling)"),
            Column.of("response_code_sent", INTEGER, "responseCodeSent (custom response)"),
            Column.of("labels", JSON, "labels as logged; null when the record has no labels key, [] when it is empty"),
            Column.of("label_names", VARCHAR, "label names joined with ',' (empty text for an empty list, null when absent)"),
            Column.of("client_ip", VARCHAR, "httpRequest.clientIp (the last hop behind CloudFront or a proxy)"),
            Column.of("country", VARCHAR, "httpRequest.country; '-' when unknown is stored as null"),
            Column.of("client_asn", BIGINT, "clientAsn (logged only when an ASN match statement is used)"),
            Column.of("forwarded_asn", BIGINT, "forwardedAsn"),
            Column.of("http_method", VARCHAR, "httpRequest.httpMethod"),
            Column.of("host", VARCHAR, "Host header (first one), else httpRequest.host"),
            Column.of("uri", VARCHAR, "httpRequest.uri, cut at 8192 characters (see truncated_fields)"),
            Column.of("args", VARCHAR, "httpRequest.args, the raw query string, cut at 8192 characters"),
            Column.of("fragment", VARCHAR, "httpRequest.fragment"),
            Column.of("scheme", VARCHAR, "httpRequest.scheme"),
            Column.of("http_version", VARCHAR, "httpRequest.httpVersion"),
            Column.of("request_id", VARCHAR, "httpRequest.requestId: CloudFront id, or the X-Amzn-Trace-Id value for ALB"),
            Column.of("user_agent", VARCHAR, "User-Agent header (first one)"),
            Column.of("headers", JSON, "httpRequest.headers as logged, every name/value pair kept in order (values cut at 8192)"),
            Column.of("ja3_fingerprint", VARCHAR, "ja3Fingerprint"),
            Column.of("ja4_fingerprint", VARCHAR, "ja4Fingerprint"),
            Column.of("captcha_response", JSON, "captchaResponse {responseCode, solveTimestamp (seconds), failureReason}"),
            Column.of("challenge_response", JSON, "challengeResponse {responseCode, solveTimestamp (seconds), failureReason}"),
            Column.of("oversize_fields", JSON, "oversizeFields: request parts larger than WAF inspects"),
            Column.of("request_body_size", BIGINT, "requestBodySize"),
            Column.of("request_body_size_inspected", BIGINT, "requestBodySizeInspectedByWAF"),
            Column.of("cf_distribution_tenant_id", VARCHAR, "cfDistributionTenantId"),
            Column.of("truncated_fields", VARCHAR, "names of fields cut to the 8192-character cap, comma separated; null when none"),
            Column.of("other_fields", JSON, "top-level keys this version does not map, kept as an object"),
            Column.of("src_ip", VARCHAR, "client_ip when it is an IP address"),
            Column.of("resource", VARCHAR, "host followed by uri"),
            Column.of("message", VARCHAR, "one readable line: action, request, client, terminating rule")),
            EventsProjection.builder("waf")
                    .set("event_time", "event_time")
                    .set("account_id", "webacl_account_id")
                    .set("region", "webacl_region")
                    .set("action", "action")
                    .set("outcome", "CASE WHEN action = 'BLOCK' THEN 'failure' WHEN action = 'ALLOW' THEN 'success'"
                            + " ELSE 'unknown' END")
                    .set("src_ip", "src_ip")
                    .set("user_agent", "user_agent")
                    .set("resource", "resource")
                    .set("event_id", "CASE WHEN request_id = '' OR request_id = 'null' THEN NULL ELSE request_id END")
                    .set("message", "message")
                    .build());
}
