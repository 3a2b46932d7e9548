package dev.cloudsift.formats.cloudtrail;

import static dev.cloudsift.core.ColumnType.BIGINT;
import static dev.cloudsift.core.ColumnType.BOOLEAN;
import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The {@code cloudtrail} and {@code cloudtrail_digests} tables shared by every CloudTrail shape. */
public final class CloudTrailTables {
    private CloudTrailTables() {}

    /** sourceIPAddress when src_ip does not hold it: the reader splits the one value between the two columns. */
    static final String SOURCE_HOST_SQL = "CASE WHEN src_ip IS NULL THEN source_ip_address END";

    /**
     * The reader's Event message word for word, computed in the views: stored, it was about a seventh of the part
     * bytes and repeated six other columns. An Insights record (insight details, no event name) reads
     * {@code CloudTrail Insight <type> <state> on <target>}, its state a scalar of the details; any other record
     * {@code <source> <name> by <principal> from <address>}, then {@code failed: <error>} when it failed.
     */
    static final String MESSAGE_SQL = "CASE WHEN insight_details IS NOT NULL AND event_name IS NULL"
            + " THEN 'CloudTrail Insight ' || COALESCE(insight_type, '-') || ' '"
            + " || COALESCE(CASE WHEN json_type(insight_details, '$.state') NOT IN ('OBJECT', 'ARRAY', 'NULL')"
            + " THEN insight_details->>'$.state' END, '-') || ' on ' || COALESCE(resource, '-')"
            + " ELSE COALESCE(event_source || ' ', '') || COALESCE(event_name, '-') || COALESCE(' by ' || principal, '')"
            + " || COALESCE(' from ' || source_ip_address, '')"
            + " || CASE WHEN outcome = 'failure' THEN ' failed' || COALESCE(': ' || error_code, '') ELSE '' END END";

    public static final TableSchema CLOUDTRAIL = new TableSchema("cloudtrail",
            "Every CloudTrail record, whatever shape it arrived in, with userIdentity flattened", List.of(
            Column.of("event_time", TIMESTAMP, "eventTime (UTC)"),
            Column.of("event_version", VARCHAR, "eventVersion"),
            Column.of("event_source", VARCHAR, "eventSource, e.g. iam.amazonaws.com"),
            Column.of("event_name", VARCHAR, "eventName"),
            Column.of("aws_region", VARCHAR, "awsRegion"),
            Column.of("source_ip_address", VARCHAR, "sourceIPAddress exactly as logged"),
            Column.of("src_ip", VARCHAR, "sourceIPAddress when it is an IP address"),
            Column.derived("source_host", VARCHAR,
                    "sourceIPAddress when it is not an IP (service host name, AWS Internal; computed, not stored)",
                    SOURCE_HOST_SQL),
            Column.of("user_agent", VARCHAR, "userAgent"),
            Column.of("error_code", VARCHAR, "errorCode"),
            Column.of("error_message", VARCHAR, "errorMessage"),
            Column.of("request_id", VARCHAR, "requestID"),
            Column.of("event_id", VARCHAR, "eventID"),
            Column.of("shared_event_id", VARCHAR, "sharedEventID"),
            Column.of("event_type", VARCHAR, "eventType"),
            Column.of("event_category", VARCHAR, "eventCategory"),
            Column.of("read_only", BOOLEAN, "readOnly"),
            Column.of("management_event", BOOLEAN, "managementEvent"),
            Column.of("recipient_account_id", VARCHAR, "recipientAccountId"),
            Column.of("api_version", VARCHAR, "apiVersion"),
            Column.of("vpc_endpoint_id", VARCHAR, "vpcEndpointId"),
            Column.of("vpc_endpoint_account_id", VARCHAR, "vpcEndpointAccountId"),
            Column.of("session_credential_from_console", BOOLEAN, "sessionCredentialFromConsole (a string in the log)"),
            Column.of("tls_version", VARCHAR, "tlsDetails.tlsVersion"),
            Column.of("tls_cipher_suite", VARCHAR, "tlsDetails.cipherSuite"),
            Column.of("tls_client_host", VARCHAR, "tlsDetails.clientProvidedHostHeader"),
            Column.of("user_type", VARCHAR, "userIdentity.type"),
            Column.of("user_principal_id", VARCHAR, "userIdentity.principalId"),
            Column.of("user_arn", VARCHAR, "userIdentity.arn"),
            Column.of("user_account_id", VARCHAR, "userIdentity.accountId"),
            Column.of("user_access_key_id", VARCHAR, "userIdentity.accessKeyId"),
            Column.of("user_name", VARCHAR, "userIdentity.userName"),
            Column.of("user_invoked_by", VARCHAR, "userIdentity.invokedBy"),
            Column.of("user_identity_provider", VARCHAR, "userIdentity.identityProvider"),
            Column.of("session_issuer_type", VARCHAR, "userIdentity.sessionContext.sessionIssuer.type"),
            Column.of("session_issuer_principal_id", VARCHAR, "userIdentity.sessionContext.sessionIssuer.principalId"),
            Column.of("session_issuer_arn", VARCHAR, "userIdentity.sessionContext.sessionIssuer.arn"),
            Column.of("session_issuer_account_id", VARCHAR, "userIdentity.sessionContext.sessionIssuer.accountId"),
            Column.of("session_issuer_user_name", VARCHAR, "userIdentity.sessionContext.sessionIssuer.userName"),
            Column.of("session_mfa_authenticated", BOOLEAN, "userIdentity.sessionContext.attributes.mfaAuthenticated"),
            Column.of("session_creation_date", TIMESTAMP, "userIdentity.sessionContext.attributes.creationDate"),
            Column.of("source_identity", VARCHAR, "userIdentity.sessionContext.sourceIdentity"),
            Column.of("ec2_role_delivery", VARCHAR, "userIdentity.sessionContext.ec2RoleDelivery (1.0 = IMDSv1, 2.0 = IMDSv2)"),
            Column.of("on_behalf_of_user_id", VARCHAR, "userIdentity.onBehalfOf.userId (Identity Center)"),
            Column.of("credential_id", VARCHAR, "userIdentity.credentialId (Identity Center)"),
            Column.of("user_identity", JSON, "userIdentity as logged"),
            Column.of("request_parameters", JSON, "requestParameters"),
            Column.of("response_elements", JSON, "responseElements"),
            Column.of("additional_event_data", JSON, "additionalEventData"),
            Column.of("resources", JSON, "resources"),
            Column.of("service_event_details", JSON, "serviceEventDetails"),
            Column.of("insight_details", JSON, "insightDetails (Insights events)"),
            Column.of("other", JSON, "top-level fields no other column holds exactly (tlsDetails, addendum, new fields,"
                    + " a string where a flag was expected...), so the columns give back every value of the record"),
            Column.of("insight_type", VARCHAR, "insightDetails.insightType (Insights events)"),
            Column.of("path_account_id", VARCHAR, "account named by an exporter's attribute (Datadog usr.account_id) or else the file's S3 path, for records that lack their own"),
            Column.of("path_region", VARCHAR, "region named by the file's S3 path, for records that lack their own"),
            Column.of("principal", VARCHAR, "who acted, one string: the user or role ARN, the service, or the account"),
            Column.of("resource", VARCHAR, "what was acted on: the first resource ARN or a named request parameter"),
            Column.of("outcome", VARCHAR, "success, failure or unknown: errorCode, or a failure the response reports"),
            Column.of("bytes", BIGINT, "additionalEventData.bytesTransferredOut (S3 data events)"),
            Column.derived("message", VARCHAR,
                    "one readable line: who did what from where, and how it ended (computed, not stored)", MESSAGE_SQL),
            Column.of("shape", VARCHAR, "how the record arrived: s3, insight, lookup-events, event-history-json, event-history-csv, json-lines, json-array, cloudwatch")),
            EventsProjection.builder("cloudtrail")
                    .set("event_time", "event_time")
                    .set("account_id", "COALESCE(recipient_account_id, user_account_id, path_account_id)")
                    .set("region", "COALESCE(aws_region, path_region)")
                    .set("action", "COALESCE(event_name, insight_type)")
                    .set("outcome", "outcome")
                    .set("error_code", "error_code")
                    .set("principal", "principal")
                    .set("access_key_id", "user_access_key_id")
                    .set("src_ip", "src_ip")
                    .set("user_agent", "user_agent")
                    .set("resource", "resource")
                    .set("bytes", "bytes")
                    .set("event_id", "event_id")
                    .set("message", "message")
                    .build());

    public static final TableSchema DIGESTS = new TableSchema("cloudtrail_digests",
            "CloudTrail digest files: one row per log file a digest lists (or one row with no log file for an empty digest)",
            List.of(
            Column.of("digest_file", VARCHAR, "where the digest was read (origin path)"),
            Column.of("aws_account_id", VARCHAR, "awsAccountId"),
            Column.of("digest_start_time", TIMESTAMP, "digestStartTime"),
            Column.of("digest_end_time", TIMESTAMP, "digestEndTime"),
            Column.of("digest_s3_bucket", VARCHAR, "digestS3Bucket"),
            Column.of("digest_s3_object", VARCHAR, "digestS3Object"),
            Column.of("digest_public_key_fingerprint", VARCHAR, "digestPublicKeyFingerprint"),
            Column.of("digest_signature_algorithm", VARCHAR, "digestSignatureAlgorithm"),
            Column.of("newest_event_time", TIMESTAMP, "newestEventTime"),
            Column.of("oldest_event_time", TIMESTAMP, "oldestEventTime"),
            Column.of("previous_digest_s3_bucket", VARCHAR, "previousDigestS3Bucket"),
            Column.of("previous_digest_s3_object", VARCHAR, "previousDigestS3Object"),
            Column.of("previous_digest_hash_value", VARCHAR, "previousDigestHashValue"),
            Column.of("previous_digest_hash_algorithm", VARCHAR, "previousDigestHashAlgorithm"),
            Column.of("previous_digest_signature", VARCHAR, "previousDigestSignature"),
            Column.of("backfill", BOOLEAN, "a backfill digest (second chain)"),
            Column.of("digest_sha256", VARCHAR, "hex SHA-256 of the digest file's inflated bytes"),
            Column.of("log_file_s3_bucket", VARCHAR, "logFiles[].s3Bucket"),
            Column.of("log_file_s3_object", VARCHAR, "logFiles[].s3Object"),
            Column.of("log_file_hash_value", VARCHAR, "logFiles[].hashValue"),
            Column.of("log_file_hash_algorithm", VARCHAR, "logFiles[].hashAlgorithm"),
            Column.of("log_file_newest_event_time", TIMESTAMP, "logFiles[].newestEventTime"),
            Column.of("log_file_oldest_event_time", TIMESTAMP, "logFiles[].oldestEventTime")));
}
