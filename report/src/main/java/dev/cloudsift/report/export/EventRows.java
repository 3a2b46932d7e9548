package dev.cloudsift.report.export;

import dev.cloudsift.investigate.CaseTables;
import java.sql.Connection;
import java.sql.SQLException;

/** The query every export streams: all events in time order, with CloudTrail's nested parts when the case has them. */
public final class EventRows {
    private EventRows() {}

    public static String sql(Connection connection) throws SQLException {
        boolean cloudtrail = CaseTables.exists(connection, "cloudtrail");
        return "SELECT e.event_time, e.source, e.account_id, e.region, e.action, e.outcome, e.error_code, e.principal,"
                + " e.access_key_id, e.src_ip, e.dst_ip, e.src_port, e.dst_port, e.user_agent, e.resource, e.bytes, e.event_id,"
                + " e.message, e.origin_file, e.origin_offset"
                + (cloudtrail ? ", CAST(c.request_parameters AS VARCHAR) AS request_parameters,"
                        + " CAST(c.response_elements AS VARCHAR) AS response_elements, c.event_source, c.user_type"
                        : ", NULL AS request_parameters, NULL AS response_elements, NULL AS event_source, NULL AS user_type")
                + " FROM events e" + (cloudtrail ? " LEFT JOIN cloudtrail c ON c.row_id = e.row_id" : "")
                + " ORDER BY e.event_time NULLS FIRST, e.row_id";
    }
}
