package dev.cloudsift.investigate;

import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code findings} table the detect module writes. A case that was never hunted has no such table,
 * and an older detect build may lack a column: every query uses only the columns present.
 */
public final class FindingsTable {
    private static final String TABLE = "findings";

    private final Connection connection;
    private final Set<String> columns;

    public FindingsTable(Connection connection) throws SQLException {
        this.connection = connection;
        this.columns = CaseTables.columns(connection, TABLE);
    }

    public boolean present() {
        return columns.contains("level") && columns.contains("title");
    }

    private String column(String name) {
        return columns.contains(name) ? name : "NULL";
    }

    private String select() {
        return "SELECT " + column("time") + " AS time, coalesce(level, 'unknown') AS level, "
                + "coalesce(CAST(" + column("rule_id") + " AS VARCHAR), '') AS rule_id, coalesce(title, '') AS title, "
                + "CAST(" + column("source") + " AS VARCHAR) AS source, CAST(" + column("account_id") + " AS VARCHAR) AS account_id, "
                + "CAST(" + column("principal") + " AS VARCHAR) AS principal, CAST(" + column("src_ip") + " AS VARCHAR) AS src_ip, "
                + "CAST(" + column("summary") + " AS VARCHAR) AS summary FROM " + TABLE;
    }

    /** Findings that name the entity in one of their entity columns or in their summary, most severe first. */
    public List<Finding> touching(EntityMatch entity, int limit) throws SQLException {
        if (!present()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String name : List.of("principal", "src_ip", "account_id", "access_key_id")) {
            if (columns.contains(name)) {
                parts.add(name + " = ?");
            }
        }
        if (columns.contains("principal")) {
            parts.add("contains(principal, ?)");
        }
        if (columns.contains("summary")) {
            parts.add("contains(summary, ?)");
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT * FROM (" + select() + " WHERE " + String.join(" OR ", parts) + ") ORDER BY "
                + levelOrder("level") + ", time LIMIT " + limit;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= parts.size(); i++) {
                statement.setString(i, entity.value());
            }
            return read(statement);
        }
    }

    /**
     * Findings made from any of the rows in {@code rowTable} (a table with a {@code row_id} column, such as the rows an
     * entity pivot copied aside): findings of a key's session name the role's principal, not the key, yet their rows
     * carry it. Most severe first.
     */
    public List<Finding> fromRows(String rowTable, int limit) throws SQLException {
        if (!present() || !columns.contains("row_ids") || !columns.contains("finding_id")) {
            return List.of();
        }
        String sql = "SELECT * FROM (" + select().replace(" FROM " + TABLE, ", finding_id FROM " + TABLE)
                + " WHERE finding_id IN (SELECT x.finding_id FROM (SELECT finding_id, unnest(CAST(row_ids AS BIGINT[])) AS rid"
                + " FROM " + TABLE + ") x JOIN " + rowTable + " r ON r.row_id = x.rid)) ORDER BY " + levelOrder("level")
                + ", time LIMIT " + limit;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return read(statement);
        }
    }

    /** Findings with {@code from <= time < to}, in time order. */
    public List<Finding> between(Instant from, Instant to) throws SQLException {
        if (!present() || !columns.contains("time")) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                select() + " WHERE time >= ? AND time < ? ORDER BY time")) {
            statement.setObject(1, CaseTables.sqlTime(from));
            statement.setObject(2, CaseTables.sqlTime(to));
            return read(statement);
        }
    }

    /** The findings of one rule (by id and title), in time order, at most {@code limit}. */
    public List<Finding> ofRule(String ruleId, String title, int limit) throws SQLException {
        if (!present()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM (" + select()
                + ") WHERE rule_id = ? AND title = ? ORDER BY time LIMIT " + limit)) {
            statement.setString(1, ruleId);
            statement.setString(2, title);
            return read(statement);
        }
    }

    /** Every finding, most severe first, at most {@code limit}. */
    public List<Finding> all(int limit) throws SQLException {
        if (!present()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM (" + select() + ") ORDER BY " + levelOrder("level") + ", time LIMIT " + limit)) {
            return read(statement);
        }
    }

    /**
     * One entry per rule, most severe first, then the most frequent: count, first and last time, the top
     * {@code topEntities} principals and addresses, the rule's ATT&CK techniques and its first finding's summary.
     */
    public List<RuleFindings> byRule(int topEntities) throws SQLException {
        List<RuleFindings> rules = new ArrayList<>();
        if (!present()) {
            return rules;
        }
        String first = columns.contains("first_time") ? "coalesce(first_time, time)" : column("time");
        String sql = """
                WITH f AS (SELECT coalesce(CAST(%1$s AS VARCHAR), '') AS rule_id, coalesce(title, '') AS title,
                                  coalesce(level, 'unknown') AS level, %2$s AS first_time, %3$s AS time,
                                  CAST(%4$s AS VARCHAR) AS principal, CAST(%5$s AS VARCHAR) AS src_ip,
                                  CAST(%6$s AS VARCHAR) AS tags, CAST(%7$s AS VARCHAR) AS summary, %8$s AS id FROM findings),
                r AS (SELECT rule_id, title, any_value(level) AS level, count(*) AS n, min(first_time) AS first, max(time) AS last,
                             any_value(tags) AS tags, arg_min(summary, (time, id)) AS example FROM f GROUP BY rule_id, title),
                e AS (SELECT rule_id, title, v, count(*) AS n FROM (
                        SELECT rule_id, title, principal AS v FROM f UNION ALL SELECT rule_id, title, src_ip FROM f)
                      WHERE v IS NOT NULL AND v <> '' GROUP BY rule_id, title, v
                      QUALIFY row_number() OVER (PARTITION BY rule_id, title ORDER BY n DESC, v) <= %9$d)
                SELECT * FROM (
                  SELECT r.rule_id, r.title, r.level, r.n, r.first, r.last, r.tags, r.example,
                         list(e.v ORDER BY e.n DESC, e.v) FILTER (WHERE e.v IS NOT NULL) AS ev,
                         list(e.n ORDER BY e.n DESC, e.v) FILTER (WHERE e.v IS NOT NULL) AS en
                  FROM r LEFT JOIN e ON e.rule_id = r.rule_id AND e.title = r.title
                  GROUP BY r.rule_id, r.title, r.level, r.n, r.first, r.last, r.tags, r.example)
                ORDER BY %10$s, n DESC, first, title""".formatted(column("rule_id"), first, column("time"),
                column("principal"), column("src_ip"), column("tags"), column("summary"),
                columns.contains("finding_id") ? "finding_id" : "0", topEntities, levelOrder("level"));
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<Counted> entities = new ArrayList<>();
                Object[] values = result.getArray(9) == null ? new Object[0] : (Object[]) result.getArray(9).getArray();
                Object[] counts = result.getArray(10) == null ? new Object[0] : (Object[]) result.getArray(10).getArray();
                for (int i = 0; i < values.length; i++) {
                    entities.add(new Counted(String.valueOf(values[i]), ((Number) counts[i]).longValue()));
                }
                rules.add(new RuleFindings(result.getString(1), result.getString(2), result.getString(3), result.getLong(4),
                        CaseTables.instant(result, 5), CaseTables.instant(result, 6), entities, techniques(result.getString(7)),
                        result.getString(8)));
            }
        }
        return rules;
    }

    /** ATT&CK technique ids ({@code attack.t1078.004} → {@code T1078.004}) of a tags JSON array, in order. */
    static List<String> techniques(@Nullable String tagsJson) {
        List<String> ids = new ArrayList<>();
        if (tagsJson == null) {
            return ids;
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("attack\\.(t\\d{4}(?:\\.\\d{3})?)\\b",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(tagsJson);
        while (matcher.find()) {
            String id = matcher.group(1).toUpperCase(java.util.Locale.ROOT);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Counts per level, most severe first. */
    public Map<String, Long> countsByLevel() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (!present()) {
            return counts;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(level, 'unknown') AS lvl, count(*) FROM " + TABLE + " GROUP BY lvl ORDER BY "
                        + levelOrder("lvl"));
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                counts.put(result.getString(1), result.getLong(2));
            }
        }
        return counts;
    }

    /**
     * How many findings were computed before the case's last ingest of data (by an earlier hunt, or kept by a
     * hunt limited to some rules): they may miss what the newer records show. Zero when that cannot be told.
     */
    public long stale() throws SQLException {
        if (!present() || !columns.contains("ingest_id") || CaseTables.columns(connection, "ingests").isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + TABLE
                + " WHERE coalesce(ingest_id, -1) < (SELECT max(ingest_id) FROM ingests WHERE stored IS NULL OR stored > 0)");
             ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** One sentence about stale findings for people, or null when none are. */
    public @Nullable String staleWarning() throws SQLException {
        long stale = stale();
        return stale == 0 ? null : stale + " finding(s) were computed before the last ingest and may be out of date;"
                + " run cloudsift hunt (all rules) to bring them up to date";
    }

    /** SQL that orders Sigma levels from critical to informational. */
    public static String levelOrder(String column) {
        return "CASE lower(" + column + ") WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
                + "WHEN 'low' THEN 3 WHEN 'informational' THEN 4 ELSE 5 END";
    }

    private static List<Finding> read(PreparedStatement statement) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                findings.add(new Finding(CaseTables.instant(result, "time"), result.getString("level"),
                        result.getString("rule_id"), result.getString("title"), result.getString("source"),
                        result.getString("account_id"), result.getString("principal"), result.getString("src_ip"),
                        result.getString("summary")));
            }
        }
        return findings;
    }
}
