package dev.cloudsift.investigate.suspects;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.FindingsTable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ranks principals, access keys and IP addresses. The score (0-100) adds five parts, each capped so that no single
 * signal decides alone:
 * <ul>
 *   <li>findings (up to 50): per finding naming the entity, critical 40, high 25, medium 10, low 3, informational 1;</li>
 *   <li>novelty (15): first seen in the incident window while the case has records from before it;</li>
 *   <li>breadth (up to 20): 3 per source beyond the first (max 9), 2 per region beyond the first (max 6),
 *       5 for 20 or more distinct actions, 3 for 10 or more;</li>
 *   <li>errors (up to 15): 15 × the share of failed records, once there are at least 5 records;</li>
 *   <li>volume (up to 10): bytes moved, 10 from 1 GiB, 6 from 100 MiB, 3 from 10 MiB.</li>
 * </ul>
 * The incident window starts at the first high or critical finding (else the first finding); without findings it
 * is the last 24 hours of the case, unless the analyst gives a start.
 */
public final class SuspectRanking {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    private final Connection connection;

    public SuspectRanking(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The start of the incident window as described above; null for an empty case. */
    public @Nullable Instant windowStart(@Nullable Instant given) throws SQLException {
        if (given != null) {
            return given;
        }
        FindingsTable findings = new FindingsTable(connection);
        if (findings.present() && CaseTables.columns(connection, "findings").contains("time")) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT coalesce(min(time) FILTER (WHERE lower(level) IN"
                         + " ('high', 'critical')), min(time)) FROM findings")) {
                if (result.next() && result.getObject(1) != null) {
                    return CaseTables.instant(result, 1);
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT max(event_time) FROM events")) {
            if (result.next() && result.getObject(1) != null) {
                return CaseTables.instant(result, 1).minus(DEFAULT_WINDOW);
            }
        }
        return null;
    }

    public List<Suspect> rank(int top, @Nullable Instant givenStart) throws SQLException {
        Instant start = windowStart(givenStart);
        if (start == null) {
            return List.of();
        }
        Map<String, Integer> findingPoints = findingPoints();
        boolean hasHistory;
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) > 0 FROM events WHERE event_time < ?")) {
            statement.setObject(1, CaseTables.sqlTime(start));
            try (ResultSet result = statement.executeQuery()) {
                hasHistory = result.next() && result.getBoolean(1);
            }
        }
        String sql = """
                WITH e AS (
                  SELECT 'principal' AS kind, principal AS v, event_time, source, region, action, outcome, bytes FROM events
                  WHERE principal IS NOT NULL AND principal <> ''
                  UNION ALL SELECT 'access key', access_key_id, event_time, source, region, action, outcome, bytes FROM events
                  WHERE access_key_id IS NOT NULL AND access_key_id <> ''
                  UNION ALL SELECT 'ip', src_ip, event_time, source, region, action, outcome, bytes FROM events
                  WHERE src_ip IS NOT NULL)
                SELECT kind, v, count(*) AS n, min(event_time), max(event_time), list(DISTINCT source ORDER BY source),
                       count(DISTINCT region), count(DISTINCT action), count(*) FILTER (WHERE outcome = 'failure'),
                       coalesce(sum(bytes), 0)
                FROM e GROUP BY kind, v""";
        List<Suspect> suspects = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String kind = result.getString(1);
                String value = result.getString(2);
                long events = result.getLong(3);
                Instant first = CaseTables.instant(result, 4);
                Instant last = CaseTables.instant(result, 5);
                List<String> sources = strings(result.getArray(6));
                int regions = result.getInt(7);
                int actions = result.getInt(8);
                long failures = result.getLong(9);
                long bytes = result.getLong(10);
                int points = Math.min(50, findingPoints.getOrDefault(value, 0));
                boolean novel = hasHistory && first != null && !first.isBefore(start);
                suspects.add(score(kind, value, events, first, last, sources, regions, actions, failures, bytes, points, novel));
            }
        }
        suspects.sort((a, b) -> a.score() != b.score() ? Integer.compare(b.score(), a.score())
                : a.events() != b.events() ? Long.compare(b.events(), a.events()) : a.value().compareTo(b.value()));
        return suspects.subList(0, Math.min(top, suspects.size()));
    }

    static Suspect score(String kind, String value, long events, Instant first, Instant last, List<String> sources,
            int regions, int actions, long failures, long bytes, int findingPoints, boolean novel) {
        List<String> reasons = new ArrayList<>();
        int score = findingPoints;
        if (findingPoints > 0) {
            reasons.add("findings (" + findingPoints + " pts)");
        }
        if (novel) {
            score += 15;
            reasons.add("first seen during the incident window");
        }
        int breadth = Math.min(9, 3 * Math.max(0, sources.size() - 1)) + Math.min(6, 2 * Math.max(0, regions - 1))
                + (actions >= 20 ? 5 : actions >= 10 ? 3 : 0);
        score += breadth;
        if (breadth > 0) {
            reasons.add(sources.size() + " source" + (sources.size() == 1 ? "" : "s") + ", " + regions + " region"
                    + (regions == 1 ? "" : "s") + ", " + actions + " action" + (actions == 1 ? "" : "s"));
        }
        double errorRatio = events == 0 ? 0 : (double) failures / events;
        if (events >= 5 && failures > 0) {
            int errorPoints = (int) Math.round(15 * errorRatio);
            score += errorPoints;
            if (errorPoints > 0) {
                reasons.add(Math.round(100 * errorRatio) + "% failed");
            }
        }
        int volume = bytes >= (1L << 30) ? 10 : bytes >= (100L << 20) ? 6 : bytes >= (10L << 20) ? 3 : 0;
        score += volume;
        if (volume > 0) {
            reasons.add(humanBytes(bytes) + " moved");
        }
        String reason = reasons.isEmpty() ? "routine activity" : String.join("; ", reasons);
        return new Suspect(kind, value, Math.min(100, score), events, first, last, sources, regions, actions, errorRatio,
                bytes, findingPoints, novel, reason);
    }

    /** Points per entity value from the findings that name it in their principal or src_ip column. */
    private Map<String, Integer> findingPoints() throws SQLException {
        Map<String, Integer> points = new HashMap<>();
        Set<String> columns = CaseTables.columns(connection, "findings");
        if (!columns.contains("level")) {
            return points;
        }
        for (String column : List.of("principal", "src_ip", "access_key_id")) {
            if (!columns.contains(column)) {
                continue;
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT " + column + ", level, count(*) FROM findings WHERE "
                         + column + " IS NOT NULL GROUP BY ALL")) {
                while (result.next()) {
                    int each = switch (result.getString(2) == null ? "" : result.getString(2).toLowerCase(Locale.ROOT)) {
                        case "critical" -> 40;
                        case "high" -> 25;
                        case "medium" -> 10;
                        case "low" -> 3;
                        default -> 1;
                    };
                    points.merge(result.getString(1), (int) Math.min(1000, each * result.getLong(3)), Integer::sum);
                }
            }
        }
        return points;
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> values = new ArrayList<>();
        if (array != null) {
            for (Object value : (Object[]) array.getArray()) {
                if (value != null) {
                    values.add(value.toString());
                }
            }
        }
        return values;
    }

    static String humanBytes(long bytes) {
        if (bytes >= (1L << 30)) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= (1L << 20)) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
