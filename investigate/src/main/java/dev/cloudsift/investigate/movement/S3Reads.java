package dev.cloudsift.investigate.movement;

import dev.cloudsift.investigate.CaseTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Objects read from S3, each request once. S3 answers every request with two ids: the CloudTrail data event's
 * {@code requestID} is the access log's Request ID, and {@code additionalEventData."x-amz-id-2"} its Host Id. The two
 * logs are joined on the request id (and on the host id when both sides have one, since request ids alone can
 * repeat over the years); neither is a superset of the other, so one-sided requests count too. Bytes are the access
 * log's Bytes Sent when the access log has the request, else CloudTrail's {@code bytesTransferredOut}. Only
 * successful object reads count (GetObject, its torrent and Select forms; REST/WEBSITE GET OBJECT).
 */
final class S3Reads {
    static final String TRAIL_READS = "('GetObject', 'GetObjectTorrent', 'SelectObjectContent')";
    static final String ACCESS_READS = "('REST.GET.OBJECT', 'WEBSITE.GET.OBJECT', 'REST.GET.TORRENT',"
            + " 'REST.POST.SELECT_OBJECT_CONTENT')";

    private S3Reads() {}

    /** The rows (grouped by principal, key, address and bucket) and, last, the totals row with a null kind field. */
    static Totalled read(Connection connection, MovementFilter filter) throws SQLException {
        boolean access = CaseTables.exists(connection, "s3access");
        boolean trail = CaseTables.exists(connection, "cloudtrail");
        if (!access && !trail) {
            return Totalled.EMPTY;
        }
        Set<String> trailColumns = trail ? CaseTables.columns(connection, "cloudtrail") : Set.of();
        String accessSide = access ? """
                SELECT row_id, request_id, host_id, request_time AS t, bucket, key_decoded AS object_key,
                       CASE WHEN requester IS NULL OR requester = '-' THEN NULL ELSE requester END AS requester,
                       remote_ip, bytes_sent
                FROM s3access
                WHERE request_id IS NOT NULL AND operation IN %s AND (http_status IS NULL OR http_status < 400)
                QUALIFY row_number() OVER (PARTITION BY request_id, host_id ORDER BY row_id) = 1""".formatted(ACCESS_READS)
                : "SELECT NULL::BIGINT AS row_id, NULL AS request_id, NULL AS host_id, NULL::TIMESTAMP AS t, NULL AS bucket,"
                + " NULL AS object_key, NULL AS requester, NULL AS remote_ip, NULL::BIGINT AS bytes_sent WHERE false";
        String trailSide = trail && trailColumns.contains("bytes") ? """
                SELECT row_id, request_id,
                       COALESCE(json_extract_string(additional_event_data, '$."x-amz-id-2"'),
                                json_extract_string(additional_event_data, '$.xAmzId2')) AS host_id,
                       event_time AS t,
                       json_extract_string(request_parameters, '$.bucketName') AS bucket,
                       json_extract_string(request_parameters, '$.key') AS object_key,
                       COALESCE(user_arn, principal) AS principal, user_access_key_id AS access_key_id,
                       COALESCE(src_ip, source_ip_address) AS source_ip, bytes
                FROM cloudtrail
                WHERE event_source = 's3.amazonaws.com' AND request_id IS NOT NULL AND event_name IN %s
                  AND error_code IS NULL
                QUALIFY row_number() OVER (PARTITION BY request_id, host_id ORDER BY row_id) = 1""".formatted(TRAIL_READS)
                : "SELECT NULL::BIGINT AS row_id, NULL AS request_id, NULL AS host_id, NULL::TIMESTAMP AS t, NULL AS bucket,"
                + " NULL AS object_key, NULL AS principal, NULL AS access_key_id, NULL AS source_ip, NULL::BIGINT AS bytes"
                + " WHERE false";
        String sql = """
                WITH wanted AS (SELECT lower(CAST(? AS VARCHAR)) AS e),
                a AS (%s),
                t AS (%s),
                joined AS (
                    SELECT CASE WHEN a.row_id IS NULL THEN 'cloudtrail' WHEN t.row_id IS NULL THEN 's3access'
                                ELSE 's3access+cloudtrail' END AS seen_in,
                           COALESCE(a.t, t.t) AS read_at,
                           COALESCE(a.bucket, t.bucket) AS bucket,
                           COALESCE(a.object_key, t.object_key) AS object_key,
                           COALESCE(t.principal, a.requester) AS principal,
                           t.access_key_id,
                           COALESCE(a.remote_ip, t.source_ip) AS source_ip,
                           CASE WHEN a.row_id IS NOT NULL THEN COALESCE(a.bytes_sent, t.bytes, 0) ELSE COALESCE(t.bytes, 0) END AS bytes
                    FROM a FULL OUTER JOIN t
                      ON a.request_id = t.request_id AND (a.host_id IS NULL OR t.host_id IS NULL OR a.host_id = t.host_id)
                    QUALIFY row_number() OVER (PARTITION BY COALESCE(a.request_id, t.request_id), COALESCE(a.host_id, t.host_id)
                                               ORDER BY a.row_id, t.row_id) = 1),
                picked AS (
                    SELECT joined.* FROM joined, wanted
                    WHERE (CAST(? AS TIMESTAMP) IS NULL OR read_at >= CAST(? AS TIMESTAMP))
                      AND (CAST(? AS TIMESTAMP) IS NULL OR read_at < CAST(? AS TIMESTAMP))
                      AND %s)
                SELECT GROUPING(principal) AS total, principal, access_key_id, source_ip, 's3://' || bucket AS resource,
                       count(*), count(DISTINCT bucket || '/' || object_key), sum(bytes), min(read_at), max(read_at),
                       count(*) FILTER (WHERE seen_in = 's3access+cloudtrail'),
                       count(*) FILTER (WHERE seen_in = 's3access'),
                       count(*) FILTER (WHERE seen_in = 'cloudtrail')
                FROM picked
                GROUP BY GROUPING SETS ((principal, access_key_id, source_ip, bucket), ())
                ORDER BY total, sum(bytes) DESC, count(*) DESC, principal, source_ip, resource
                """.formatted(accessSide, trailSide, EntityCondition.sql("principal", "access_key_id", "source_ip",
                "'s3://' || bucket", "bucket"));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Bind.filter(statement, filter);
            try (ResultSet result = statement.executeQuery()) {
                Totalled.Builder out = new Totalled.Builder();
                while (result.next()) {
                    Map<String, Long> sources = new LinkedHashMap<>();
                    String[] names = {"s3access+cloudtrail", "s3access", "cloudtrail"};
                    for (int i = 0; i < names.length; i++) {
                        long count = result.getLong(11 + i);
                        if (count > 0) {
                            sources.put(names[i], count);
                        }
                    }
                    long requests = result.getLong(6);
                    if (requests == 0) {
                        continue;
                    }
                    String sourceIp = result.getString(4);
                    MovementRow row = new MovementRow(MovementKind.S3_READ, result.getString(2), result.getString(3), sourceIp,
                            result.getString(5), sourceIp, requests, result.getLong(7), result.getLong(8),
                            CaseTables.instant(result, 9), CaseTables.instant(result, 10), sources);
                    out.add(row, result.getInt(1) == 1);
                }
                return out.build();
            }
        }
    }

}
