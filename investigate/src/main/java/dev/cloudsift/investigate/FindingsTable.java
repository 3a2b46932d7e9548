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
