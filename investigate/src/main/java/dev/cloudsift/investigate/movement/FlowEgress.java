package dev.cloudsift.investigate.movement;

import dev.cloudsift.investigate.CaseTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes sent from private to public addresses in VPC flow logs, each connection counted once, on the interface
 * where it leaves. A connection to the internet through a NAT gateway shows on three interfaces' records: the
 * instance's (egress, instance address to public address), the NAT gateway's inside leg (the same packets arriving,
 * {@code pkt-dstaddr} the public address while {@code dstaddr} is the gateway's own) and its outside leg (the same
 * bytes again, translated to the gateway's address). So:
 * <ul>
 *   <li>NAT interfaces are the ones Config names (an {@code AWS::EC2::NatGateway}'s {@code networkInterfaceId}, an
 *       {@code AWS::EC2::NetworkInterface} of type {@code nat_gateway} or described "Interface for NAT Gateway"), a
 *       flow field {@code interface-type} of {@code nat_gateway}, or any interface whose records show packets for a
 *       public address addressed to the interface itself ({@code pkt-dstaddr} public, {@code dstaddr} private: it
 *       forwards for others);</li>
 *   <li>egress on every other interface counts (accepted, {@code flow-direction} egress or absent, source private,
 *       destination public, packet addresses preferred);</li>
 *   <li>on a NAT interface only the inside leg can count, attributed to the instance address it came from, and only
 *       when no other interface recorded the same connection (addresses, ports, protocol) within an hour: it stands
 *       in for an instance whose own interface was not logged. The outside leg never counts.</li>
 * </ul>
 * Without {@code pkt-*} fields (version 2 records) a NAT interface known from Config adds nothing: the translated
 * outside leg cannot be told apart from its instances' own egress.
 */
final class FlowEgress {
    private FlowEgress() {}

    /** @param natInterfaces the interfaces {@link #natInterfaces} found, looked up once per movement */
    static Totalled read(Connection connection, MovementFilter filter, java.util.Set<String> natInterfaces) throws SQLException {
        if (!CaseTables.exists(connection, "vpcflow")) {
            return Totalled.EMPTY;
        }
        String sql = """
                WITH wanted AS (SELECT lower(CAST(? AS VARCHAR)) AS e),
                nat_enis AS (%s),
                f AS (
                    SELECT v.interface_id, v.instance_id, v.flow_direction, v.srcaddr, v.dstaddr, v.pkt_dstaddr,
                           v.srcport, v.dstport, v.protocol, v.bytes,
                           COALESCE(v.start_time, v.end_time) AS first_at, COALESCE(v.end_time, v.start_time) AS last_at,
                           COALESCE(v.pkt_srcaddr, v.srcaddr) AS psrc, COALESCE(v.pkt_dstaddr, v.dstaddr) AS pdst,
                           v.interface_id IN (SELECT eni FROM nat_enis) AS on_nat
                    FROM vpcflow v
                    WHERE v.action = 'ACCEPT' AND v.bytes > 0 AND (v.log_status IS NULL OR v.log_status = 'OK')
                      AND %s AND %s),
                own AS (SELECT * FROM f WHERE NOT on_nat AND (flow_direction IS NULL OR flow_direction = 'egress')),
                nat_unseen AS (
                    SELECT n.* FROM f n
                    WHERE n.on_nat AND n.pkt_dstaddr IS NOT NULL AND n.dstaddr IS NOT NULL AND n.pkt_dstaddr <> n.dstaddr
                      AND NOT EXISTS (
                        SELECT 1 FROM own o
                        WHERE o.psrc = n.psrc AND o.pdst = n.pdst AND o.srcport IS NOT DISTINCT FROM n.srcport
                          AND o.dstport IS NOT DISTINCT FROM n.dstport AND o.protocol IS NOT DISTINCT FROM n.protocol
                          AND abs(epoch(o.first_at) - epoch(n.first_at)) <= 3600)),
                conn AS (
                    SELECT 'vpcflow' AS seen_in, psrc, pdst, srcport, dstport, protocol, bytes, first_at, last_at,
                           COALESCE(interface_id || COALESCE(' (' || instance_id || ')', ''), instance_id) AS resource
                    FROM own
                    UNION ALL
                    SELECT 'vpcflow via NAT gateway', psrc, pdst, srcport, dstport, protocol, bytes, first_at, last_at,
                           interface_id || ' (NAT gateway)'
                    FROM nat_unseen),
                picked AS (
                    SELECT conn.* FROM conn, wanted
                    WHERE (CAST(? AS TIMESTAMP) IS NULL OR first_at >= CAST(? AS TIMESTAMP))
                      AND (CAST(? AS TIMESTAMP) IS NULL OR first_at < CAST(? AS TIMESTAMP))
                      AND %s)
                SELECT GROUPING(psrc) AS total, psrc, resource, pdst,
                       count(DISTINCT concat(psrc, '|', COALESCE(CAST(srcport AS VARCHAR), '-'), '|', pdst, '|',
                             COALESCE(CAST(dstport AS VARCHAR), '-'), '|', COALESCE(CAST(protocol AS VARCHAR), '-'))),
                       sum(bytes), min(first_at), max(last_at),
                       count(*) FILTER (WHERE seen_in = 'vpcflow'), count(*) FILTER (WHERE seen_in <> 'vpcflow')
                FROM picked
                GROUP BY GROUPING SETS ((psrc, resource, pdst), ())
                ORDER BY total, sum(bytes) DESC, psrc, pdst, resource
                """.formatted(literals(natInterfaces), PublicAddress.sql("COALESCE(v.pkt_dstaddr, v.dstaddr)"),
                PublicAddress.privateSql("COALESCE(v.pkt_srcaddr, v.srcaddr)"),
                EntityCondition.sql("NULL", "NULL", "psrc", "resource", "pdst"));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Bind.filter(statement, filter);
            try (ResultSet result = statement.executeQuery()) {
                Totalled.Builder out = new Totalled.Builder();
                while (result.next()) {
                    long connections = result.getLong(5);
                    if (connections == 0) {
                        continue;
                    }
                    Map<String, Long> sources = new LinkedHashMap<>();
                    if (result.getLong(9) > 0) {
                        sources.put("vpcflow", result.getLong(9));
                    }
                    if (result.getLong(10) > 0) {
                        sources.put("vpcflow via NAT gateway", result.getLong(10));
                    }
                    out.add(new MovementRow(MovementKind.FLOW_EGRESS, null, null, result.getString(2), result.getString(3),
                            result.getString(4), connections, null, result.getLong(6), CaseTables.instant(result, 7),
                            CaseTables.instant(result, 8), sources), result.getInt(1) == 1);
                }
                return out.build();
            }
        }
    }

    /** The interfaces taken for NAT gateways, each with how it was recognised (config, flow fields). */
    static Map<String, String> natInterfaces(Connection connection) throws SQLException {
        Map<String, String> interfaces = new LinkedHashMap<>();
        if (!CaseTables.exists(connection, "vpcflow")) {
            return interfaces;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT eni, string_agg(DISTINCT how, ', ' ORDER BY how) FROM ("
                     + natInterfacesSql(connection).replace("SELECT DISTINCT eni FROM", "SELECT eni, how FROM")
                     + ") GROUP BY eni ORDER BY eni")) {
            while (result.next()) {
                interfaces.put(result.getString(1), result.getString(2));
            }
        }
        return interfaces;
    }

    /** The interface ids as a one-column table of SQL string literals (ids come from logs: quotes are doubled). */
    private static String literals(java.util.Set<String> values) {
        if (values.isEmpty()) {
            return "SELECT CAST(NULL AS VARCHAR) AS eni WHERE false";
        }
        List<String> rows = new ArrayList<>();
        for (String value : values) {
            rows.add("('" + value.replace("'", "''") + "')");
        }
        return "SELECT eni FROM (VALUES " + String.join(", ", rows) + ") AS v(eni)";
    }

    private static String natInterfacesSql(Connection connection) throws SQLException {
        List<String> parts = new ArrayList<>();
        parts.add("SELECT interface_id AS eni, 'flow records forwarding to public addresses' AS how FROM vpcflow"
                + " WHERE pkt_dstaddr IS NOT NULL AND dstaddr IS NOT NULL AND pkt_dstaddr <> dstaddr AND "
                + PublicAddress.sql("pkt_dstaddr") + " AND " + PublicAddress.privateSql("dstaddr"));
        parts.add("SELECT interface_id, 'flow field interface-type' FROM vpcflow"
                + " WHERE json_extract_string(extra, '$.\"interface-type\"') = 'nat_gateway'");
        if (CaseTables.exists(connection, "config")) {
            parts.add("SELECT unnest(regexp_extract_all(CAST(configuration AS VARCHAR),"
                    + " '\"networkInterfaceId\"[ ]*:[ ]*\"(eni-[0-9A-Za-z]+)\"', 1)), 'Config NAT gateway' FROM config"
                    + " WHERE resource_type = 'AWS::EC2::NatGateway'");
            parts.add("SELECT resource_id, 'Config network interface' FROM config"
                    + " WHERE resource_type = 'AWS::EC2::NetworkInterface'"
                    + " AND (json_extract_string(configuration, '$.interfaceType') = 'nat_gateway'"
                    + " OR starts_with(json_extract_string(configuration, '$.description'), 'Interface for NAT Gateway'))");
        }
        return "SELECT DISTINCT eni FROM (" + String.join(" UNION ALL ", parts) + ") WHERE eni IS NOT NULL";
    }
}
