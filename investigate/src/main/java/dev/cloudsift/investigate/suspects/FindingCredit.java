package dev.cloudsift.investigate.suspects;

import dev.cloudsift.investigate.CaseTables;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the findings credit one entity with: per rule, how many findings name it (successful and denied), and the
 * ATT&amp;CK techniques of its successful medium or higher findings.
 */
final class FindingCredit {
    private static final Pattern TECHNIQUE = Pattern.compile("attack\\.t(\\d{4})");
    private static final double DENIED_SHARE = 0.2;
    private static final int TECHNIQUE_POINTS = 5;

    /** One rule's findings naming the entity. */
    record RuleCount(String title, String level, long succeeded, long denied) {
        RuleCount {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(level, "level");
        }

        double points() {
            double weight = weight(level);
            return (succeeded > 0 ? weight * (1 + Math.log10(succeeded)) : 0)
                    + (denied > 0 ? DENIED_SHARE * weight * (1 + Math.log10(denied)) : 0);
        }
    }

    private final List<RuleCount> rules = new ArrayList<>();
    private final Set<String> techniques = new TreeSet<>();

    static String key(String kind, String value) {
        return kind + "\u0000" + value;
    }

    static double weight(String level) {
        return switch (level) {
            case "critical" -> 40;
            case "high" -> 25;
            case "medium" -> 10;
            case "low" -> 3;
            default -> 1;
        };
    }

    /** Severity with diminishing returns per rule, a fifth for denied findings, plus points for distinct techniques. */
    double points() {
        double points = 0;
        for (RuleCount rule : rules) {
            points += rule.points();
        }
        return points + TECHNIQUE_POINTS * Math.max(0, techniques.size() - 1);
    }

    int techniqueCount() {
        return techniques.size();
    }

    List<RuleCount> rules() {
        return List.copyOf(rules);
    }

    /** One short line: the two strongest rules with their levels and counts, how many more, the techniques, the points. */
    String why() {
        List<RuleCount> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingDouble(RuleCount::points).reversed().thenComparing(RuleCount::title));
        List<String> parts = new ArrayList<>();
        for (RuleCount rule : sorted.subList(0, Math.min(2, sorted.size()))) {
            String title = rule.title().length() > 40 ? rule.title().substring(0, 39) + "…" : rule.title();
            String count = rule.succeeded() > 0 ? (rule.succeeded() > 1 ? " ×" + rule.succeeded() : "")
                    + (rule.denied() > 0 ? " +" + rule.denied() + " denied" : "")
                    : rule.denied() == 1 ? " (denied)" : " ×" + rule.denied() + " denied";
            parts.add(rule.level() + " " + title + count);
        }
        String line = String.join(", ", parts);
        if (sorted.size() > 2) {
            line += " +" + (sorted.size() - 2) + " rule" + (sorted.size() == 3 ? "" : "s");
        }
        if (techniques.size() > 1) {
            line += "; " + techniques.size() + " techniques";
        }
        return line + " (" + Math.round(points()) + " pts)";
    }

    /**
     * Reads the credit of every entity named by a finding: in its principal or src_ip column, or as the principal,
     * access key or source address of a record it matched. A finding counts once per entity. It is denied when every
     * record it matched failed.
     */
    static Map<String, FindingCredit> read(Connection connection) throws SQLException {
        Map<String, FindingCredit> credit = new HashMap<>();
        Set<String> columns = CaseTables.columns(connection, "findings");
        if (!columns.contains("level")) {
            return credit;
        }
        String rowIds = columns.contains("row_ids") ? "TRY_CAST(CAST(row_ids AS VARCHAR) AS BIGINT[])" : "CAST(NULL AS BIGINT[])";
        String sql = "WITH f AS (SELECT row_number() OVER () AS fid, "
                + "coalesce(CAST(" + column(columns, "rule_id") + " AS VARCHAR), CAST(" + column(columns, "title") + " AS VARCHAR), '') AS rule, "
                + "coalesce(CAST(" + column(columns, "title") + " AS VARCHAR), '') AS title, lower(coalesce(level, '')) AS level, "
                + "CAST(" + column(columns, "tags") + " AS VARCHAR) AS tags, CAST(" + column(columns, "principal") + " AS VARCHAR) AS principal, "
                + "CAST(" + column(columns, "src_ip") + " AS VARCHAR) AS src_ip, " + rowIds + " AS row_ids FROM findings), "
                + """
                r AS (SELECT fid, unnest(row_ids) AS row_id FROM f WHERE row_ids IS NOT NULL),
                m AS (SELECT r.fid, e.principal, e.access_key_id, e.src_ip, e.outcome FROM r JOIN events e ON e.row_id = r.row_id),
                d AS (SELECT fid, bool_and(coalesce(outcome, '') = 'failure') AS denied FROM m GROUP BY fid),
                n AS (SELECT fid, 'principal' AS kind, principal AS v FROM m WHERE principal <> ''
                      UNION SELECT fid, 'access key', access_key_id FROM m WHERE access_key_id <> ''
                      UNION SELECT fid, 'ip', src_ip FROM m WHERE src_ip <> ''
                      UNION SELECT fid, 'principal', principal FROM f WHERE principal <> ''
                      UNION SELECT fid, 'ip', src_ip FROM f WHERE src_ip <> '')
                SELECT n.kind, n.v, f.rule, min(f.title), max(f.level),
                       count(*) FILTER (WHERE NOT coalesce(d.denied, false)), count(*) FILTER (WHERE d.denied),
                       list(DISTINCT f.tags) FILTER (WHERE NOT coalesce(d.denied, false) AND f.level IN ('medium', 'high', 'critical')
                                                     AND f.tags IS NOT NULL)
                FROM n JOIN f USING (fid) LEFT JOIN d USING (fid)
                GROUP BY n.kind, n.v, f.rule""";
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String kind = result.getString(1);
                String value = result.getString(2);
                if (kind.equals("ip") && !RankableAddress.test(value)) {
                    continue;
                }
                FindingCredit entity = credit.computeIfAbsent(key(kind, value), k -> new FindingCredit());
                entity.rules.add(new RuleCount(result.getString(4), result.getString(5).toLowerCase(Locale.ROOT), result.getLong(6),
                        result.getLong(7)));
                Array tags = result.getArray(8);
                if (tags != null) {
                    for (Object tag : (Object[]) tags.getArray()) {
                        if (tag != null) {
                            Matcher matcher = TECHNIQUE.matcher(tag.toString().toLowerCase(Locale.ROOT));
                            while (matcher.find()) {
                                entity.techniques.add(matcher.group(1));
                            }
                        }
                    }
                }
            }
        }
        return credit;
    }

    private static String column(Set<String> columns, String name) {
        return columns.contains(name) ? name : "NULL";
    }
}
