package dev.cloudsift.formats.s3access;

import static dev.cloudsift.core.ColumnType.BIGINT;
import static dev.cloudsift.core.ColumnType.BOOLEAN;
import static dev.cloudsift.core.ColumnType.INTEGER;
import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The {@code s3access} table: one row per S3 server access log line, every field in log order. */
public final class S3AccessTables {
    private S3AccessTables() {}

    /**
     * The record's ARN as the reader's Event gives it, computed in the views: stored, it repeated bucket and key.
     * Null without a bucket.
     */
    static final String RESOURCE_SQL = "'arn:aws:s3:::' || bucket || COALESCE('/' || key_decoded, '')";

    /**
     * The reader's Event message word for word, computed in the views: stored, it was the widest column of the
     * parts and repeated six others. The key is cut at {@value S3AccessRecords#MESSAGE_KEY_CHARACTERS} code points.
     */
    static final String MESSAGE_SQL = "operation || ' ' || COALESCE(bucket, '-')"
            + " || COALESCE('/' || CASE WHEN length(key) > " + S3AccessRecords.MESSAGE_KEY_CHARACTERS + " THEN left(key, "
            + S3AccessRecords.MESSAGE_KEY_CHARACTERS + ") || '...' ELSE key END, '')"
            + " || ' -> ' || COALESCE(CAST(http_status AS VARCHAR), '-')"
            + " || COALESCE(' ' || error_code, '')"
            + " || COALESCE(' by ' || requester, ' by an anonymous requester (''-'')')"
            + " || ' from ' || COALESCE(remote_ip, '-')";

    public static final TableSchema S3ACCESS = new TableSchema("s3access",
            "Amazon S3 server access log records (space-delimited text delivered to a log bucket)", List.of(
            Column.of("bucket_owner", VARCHAR, "1 Bucket Owner: canonical user id of the source bucket's owner"),
            Column.of("bucket", VARCHAR, "2 Bucket"),
            Column.of("request_time", TIMESTAMP, "3 Time the request was received, converted to UTC"),
            Column.of("remote_ip", VARCHAR, "4 Remote IP exactly as logged ('-' for some AWS service writes is null)"),
            Column.of("requester", VARCHAR, "5 Requester: canonical id, IAM/STS ARN, service principal; null when anonymous ('-')"),
            Column.of("request_id", VARCHAR, "6 Request ID (= CloudTrail requestID)"),
            Column.of("operation", VARCHAR, "7 Operation, e.g. REST.GET.OBJECT"),
            Column.of("key", VARCHAR, "8 Key as logged (URL-encoded)"),
            Column.of("key_decoded", VARCHAR, "Key URL-decoded, as CloudTrail's requestParameters.key shows it"),
            Column.of("request_uri", VARCHAR, "9 Request-URI without its quotes, e.g. GET /key?x HTTP/1.1"),
            Column.of("http_method", VARCHAR, "method taken from Request-URI"),
            Column.of("http_status", INTEGER, "10 HTTP status"),
            Column.of("error_code", VARCHAR, "11 Error Code"),
            Column.of("bytes_sent", BIGINT, "12 Bytes Sent (null, not 0, when logged as '-')"),
            Column.of("object_size", BIGINT, "13 Object Size"),
            Column.of("total_time_ms", BIGINT, "14 Total Time in milliseconds"),
            Column.of("turn_around_time_ms", BIGINT, "15 Turn-Around Time in milliseconds"),
            Column.of("referer", VARCHAR, "16 Referer without its quotes; \"-\" is null"),
            Column.of("user_agent", VARCHAR, "17 User-Agent without its quotes; \"-\" is null"),
            Column.of("version_id", VARCHAR, "18 Version Id"),
            Column.of("host_id", VARCHAR, "19 Host Id (= x-amz-id-2, CloudTrail additionalEventData.\"x-amz-id-2\")"),
            Column.of("signature_version", VARCHAR, "20 Signature Version: SigV2, SigV4"),
            Column.of("cipher_suite", VARCHAR, "21 Cipher Suite"),
            Column.of("authentication_type", VARCHAR, "22 Authentication Type: AuthHeader, QueryString (presigned URL)"),
            Column.of("host_header", VARCHAR, "23 Host Header: the endpoint used"),
            Column.of("tls_version", VARCHAR, "24 TLS version as logged (TLSv1.2, TLSV1.2, ...)"),
            Column.of("access_point_arn", VARCHAR, "25 Access Point ARN"),
            Column.of("acl_required", BOOLEAN, "26 aclRequired: true for 'Yes', false for '-', null when the line stops earlier"),
            Column.of("source_region", VARCHAR, "27 Source region (newest documented field)"),
            Column.of("extra", JSON, "fields after the 27 known ones (added by AWS later), as a JSON array of strings"),
            Column.of("field_count", INTEGER, "how many fields the line had (17 to 27 known; more means extra)"),
            Column.of("account_id", VARCHAR, "account of the access point ARN, else of the file's S3 path"),
            Column.of("region", VARCHAR, "region of the host header's endpoint, else of the access point ARN, else of the path"),
            Column.of("src_ip", VARCHAR, "remote_ip when it is an IP address"),
            Column.derived("resource", VARCHAR, "arn:aws:s3:::bucket/key with the key URL-decoded (computed, not stored)",
                    RESOURCE_SQL),
            Column.derived("message", VARCHAR,
                    "one readable line: operation, bucket/key, status, requester, address (computed, not stored)",
                    MESSAGE_SQL)),
            EventsProjection.builder("s3access")
                    .set("event_time", "request_time")
                    .set("account_id", "account_id")
                    .set("region", "region")
                    .set("action", "operation")
                    .set("outcome", "CASE WHEN http_status IS NULL THEN 'unknown' WHEN http_status < 400 THEN 'success'"
                            + " ELSE 'failure' END")
                    .set("error_code", "error_code")
                    .set("principal", "requester")
                    .set("src_ip", "src_ip")
                    .set("user_agent", "user_agent")
                    .set("resource", "resource")
                    .set("bytes", "bytes_sent")
                    .set("event_id", "request_id")
                    .set("message", "message")
                    .build());
}
