package dev.cloudsift.investigate.movement;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bytes of S3 objects read per reader (principal, access key, reading address), each request counted once, with the
 * same join and the same choice of row and bytes as {@link S3Reads} but nothing else: no objects, buckets or times.
 * Duplicates are removed by GROUP BY on the request (which spills to disk) rather than by a window over every read.
 */
public final class ReaderBytes {
    /** One reader's bytes; any of the three names may be null. */
    public record Reader(@Nullable String principal, @Nullable String accessKeyId, @Nullable String sourceIp, long bytes) {}

    private ReaderBytes() {}

    /** Every reader with its bytes, over the whole case. */
    public static List<Reader> read(Connection connection) throws SQLException {
        boolean access = CaseTables.exists(connection, "s3access");
        boolean trail = CaseTables.exists(connection, "cloudtrail") && CaseTables.columns(connection, "cloudtrail").contains("bytes");
        if (!access && !trail) {
            return List.of();
        }
        // the row kept for a request is the one with the lowest row id, as S3Reads' row_number() keeps
        String accessSide = access ? """
                SELECT request_id, host_id, min(row_id) AS row_id,
                       arg_min({'requester': CASE WHEN requester IS NULL OR requester = '-' THEN NULL ELSE requester END,
                                'ip': remote_ip, 'bytes': bytes_sent}, row_id) AS r
                FROM s3access
                WHERE request_id IS NOT NULL AND operation IN %s AND (http_status IS NULL OR http_status < 400)
                GROUP BY request_id, host_id""".formatted(S3Reads.ACCESS_READS)
                : "SELECT NULL AS request_id, NULL AS host_id, NULL::BIGINT AS row_id,"
                + " {'requester': NULL::VARCHAR, 'ip': NULL::VARCHAR, 'bytes': NULL::BIGINT} AS r WHERE false";
        String trailSide = trail ? """
                SELECT request_id, host_id, min(row_id) AS row_id, arg_min(r, row_id) AS r
                FROM (SELECT request_id, row_id,
                             COALESCE(json_extract_string(additional_event_data, '$."x-amz-id-2"'),
                                      json_extract_string(additional_event_data, '$.xAmzId2')) AS host_id,
                             {'principal': COALESCE(user_arn, principal), 'key': user_access_key_id,
                              'ip': COALESCE(src_ip, source_ip_address), 'bytes': bytes} AS r
                      FROM cloudtrail
                      WHERE event_source = 's3.amazonaws.com' AND request_id IS NOT NULL AND event_name IN %s
                        AND error_code IS NULL)
                GROUP BY request_id, host_id""".formatted(S3Reads.TRAIL_READS)
                : "SELECT NULL AS request_id, NULL AS host_id, NULL::BIGINT AS row_id,"
                + " {'principal': NULL::VARCHAR, 'key': NULL::VARCHAR, 'ip': NULL::VARCHAR, 'bytes': NULL::BIGINT} AS r"
                + " WHERE false";
        // with one log only, each request is one row of that side already: the join and its regrouping change nothing
        String sql = !access ? """
                WITH t AS (%s)
                SELECT r.principal, r.key, r.ip, sum(COALESCE(r.bytes, 0)) FROM t
                GROUP BY r.principal, r.key, r.ip HAVING sum(COALESCE(r.bytes, 0)) > 0""".formatted(trailSide)
                : !trail ? """
                WITH a AS (%s)
                SELECT r.requester, NULL, r.ip, sum(COALESCE(r.bytes, 0)) FROM a
                GROUP BY r.requester, r.ip HAVING sum(COALESCE(r.bytes, 0)) > 0""".formatted(accessSide)
                : """
                WITH a AS (%s), t AS (%s),
                joined AS (
                    SELECT arg_min({'principal': COALESCE(t.r.principal, a.r.requester), 'key': t.r.key,
                                    'ip': COALESCE(a.r.ip, t.r.ip),
                                    'bytes': CASE WHEN a.row_id IS NOT NULL THEN COALESCE(a.r.bytes, t.r.bytes, 0)
                                                  ELSE COALESCE(t.r.bytes, 0) END},
                                   {'a': COALESCE(a.row_id, 9223372036854775807), 't': COALESCE(t.row_id, 9223372036854775807)}) AS pick
                    FROM a FULL OUTER JOIN t
                      ON a.request_id = t.request_id AND (a.host_id IS NULL OR t.host_id IS NULL OR a.host_id = t.host_id)
                    GROUP BY COALESCE(a.request_id, t.request_id), COALESCE(a.host_id, t.host_id))
                SELECT pick.principal, pick.key, pick.ip, sum(pick.bytes) FROM joined
                GROUP BY pick.principal, pick.key, pick.ip HAVING sum(pick.bytes) > 0""".formatted(accessSide, trailSide);
        List<Reader> readers = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                readers.add(new Reader(result.getString(1), result.getString(2), result.getString(3), result.getLong(4)));
            }
        }
        return readers;
    }

    /** The flow egress rows (each connection once, where it leaves), as {@link Movement} totals them. */
    public static List<MovementRow> flowEgress(Connection connection) throws SQLException {
        Set<String> nat = FlowEgress.natInterfaces(connection).keySet();
        return FlowEgress.read(connection, MovementFilter.ALL, nat).rows();
    }
}
