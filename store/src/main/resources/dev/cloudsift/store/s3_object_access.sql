-- s3_object_access: S3 requests seen in CloudTrail data events and in S3 server access logs, side by side.
-- The CloudTrail requestID is the access log's Request ID (x-amz-request-id) and additionalEventData."x-amz-id-2"
-- (xAmzId2 in S3 Tables events) is its Host Id. Request ids alone can repeat across the years, so when both sides
-- carry the host id they must agree too. Neither log is a superset of the other (data events are opt-in per
-- trail, access logs are best effort): the full join keeps one-sided requests, and seen_in says which.
CREATE OR REPLACE VIEW s3_object_access AS
WITH trail AS (
    SELECT
        row_id,
        event_time,
        event_name,
        request_id,
        COALESCE(json_extract_string(additional_event_data, '$."x-amz-id-2"'),
                 json_extract_string(additional_event_data, '$.xAmzId2')) AS host_id,
        json_extract_string(request_parameters, '$.bucketName') AS bucket,
        json_extract_string(request_parameters, '$.key') AS object_key,
        user_arn,
        user_access_key_id,
        source_ip_address,
        error_code,
        aws_region,
        recipient_account_id
    FROM cloudtrail
    WHERE event_source = 's3.amazonaws.com' AND request_id IS NOT NULL
)
SELECT
    CASE WHEN a.row_id IS NULL THEN 'cloudtrail' WHEN t.row_id IS NULL THEN 's3access' ELSE 'both' END AS seen_in,
    COALESCE(a.request_id, t.request_id) AS request_id,
    COALESCE(a.host_id, t.host_id) AS host_id,
    COALESCE(a.request_time, t.event_time) AS request_time,
    COALESCE(a.bucket, t.bucket) AS bucket,
    COALESCE(a.key_decoded, t.object_key) AS object_key,
    a.key AS access_log_key,
    a.operation,
    t.event_name,
    a.requester,
    t.user_arn,
    t.user_access_key_id AS access_key_id,
    a.remote_ip,
    t.source_ip_address,
    a.http_status,
    COALESCE(a.error_code, t.error_code) AS error_code,
    a.bytes_sent,
    a.object_size,
    a.user_agent,
    a.authentication_type,
    t.aws_region,
    t.recipient_account_id,
    a.row_id AS s3access_row_id,
    t.row_id AS cloudtrail_row_id
FROM s3access a
FULL OUTER JOIN trail t
    ON a.request_id = t.request_id
   AND (a.host_id IS NULL OR t.host_id IS NULL OR a.host_id = t.host_id);
