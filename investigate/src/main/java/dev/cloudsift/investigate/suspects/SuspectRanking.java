package dev.cloudsift.investigate.suspects;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.FindingsTable;
import dev.cloudsift.investigate.movement.Movement;
import dev.cloudsift.investigate.movement.MovementFilter;
import dev.cloudsift.investigate.movement.MovementRow;
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
import java.util.HashSet;

/**
 * Ranks principals, access keys and IP addresses by what they achieved. The score adds:
 * <ul>
 *   <li>findings: per rule that names the entity (in the finding's columns or on the records it matched), the rule's
 *       level weight (critical 40, high 25, medium 10, low 3, informational 1) times {@code 1 + log10(findings)}, so a
 *       rule repeating adds little and forty high findings of one rule never equal five rules; a finding whose every
 *       record failed (AccessDenied, errorCode, a WAF block, a failed login) counts a fifth;</li>
 *   <li>techniques: 5 per distinct ATT&amp;CK technique beyond the first among the entity's successful medium or higher
 *       findings;</li>
 *   <li>linked credit: a third of the finding points of the keys used from a public address (and the reverse), half of
 *       those of the keys a principal holds (and the reverse), half of those of the keys a key issued (AssumeRole,
 *       GetSessionToken, GetFederationToken, CreateAccessKey) and a quarter of its issuer's; the strongest link counts
 *       whole, the next half, the next a quarter and so on;</li>
 *   <li>context, small beside findings: first seen in the incident window 10, breadth up to 10, a failed share up to 5,
 *       bytes moved up to 5. Bytes moved come from {@link Movement}: S3 objects read (each request once, though the
 *       access log and the CloudTrail data event both record it) credited to the reader's principal, key and address,
 *       and flow egress (each connection once, where it leaves) to the sending and the receiving address.</li>
 * </ul>
 * Redacted or meaningless addresses ({@code 0.0.0.0}, loopback, empty) and service names ({@code *.amazonaws.com},
 * {@code AWS Internal}) are never ranked as IPs. The incident window starts at the first high or critical finding (else
 * the first finding); without findings it is the last 24 hours of the case, unless the analyst gives a start.
 */
public final class SuspectRanking {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    private static final double DENIED_SHARE = 0.2;

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
        Map<String, FindingCredit> credit = FindingCredit.read(connection);
        Map<String, Double> linked = linkedCredit(credit);
        Map<String, Long> moved = bytesMoved(Movement.of(connection, MovementFilter.ALL));
        boolean hasHistory;
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) > 0 FROM events WHERE event_time < ?")) {
            statement.setObject(1, CaseTables.sqlTime(start));
            try (ResultSet result = statement.executeQuery()) {
                hasHistory = result.next() && result.getBoolean(1);
            }
        }
        // Two passes, because distinct counts per entity over every event do not spill and cost most of the time: first
        // the cheap per-entity figures (counts and times spill), scored with no breadth; breadth adds at most
        // MAX_BREADTH, so only entities whose breadth-free score plus that could still reach the top need their
        // sources, regions and actions, counted by GROUP BY (which spills) rather than DISTINCT.
        String sql = entities("event_time, outcome", null) + """
                SELECT kind, v, count(*), min(event_time), max(event_time), count(*) FILTER (WHERE outcome = 'failure')
                FROM e GROUP BY kind, v""";
        List<Entity> plain = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String kind = result.getString(1);
                String value = result.getString(2);
                if (kind.equals("ip") && !RankableAddress.test(value)) {
                    continue;
                }
                long events = result.getLong(3);
                Instant first = CaseTables.instant(result, 4);
                Instant last = CaseTables.instant(result, 5);
                long failures = result.getLong(6);
                long bytes = moved.getOrDefault(FindingCredit.key(kind, value), 0L);
                boolean novel = hasHistory && first != null && !first.isBefore(start);
                FindingCredit own = credit.get(FindingCredit.key(kind, value));
                double links = linked.getOrDefault(FindingCredit.key(kind, value), 0.0);
                plain.add(new Entity(kind, value, events, first, last, failures, bytes, own, links, novel));
            }
        }
        List<Entity> candidates = plain;
        if (plain.size() > top) {
            double[] scores = plain.stream().mapToDouble(entity -> entity.scored(Breadth.NONE).raw).sorted().toArray();
            // the top-th best breadth-free score: at least `top` entities reach it, so one that cannot is never shown
            double bar = scores[scores.length - top] - MAX_BREADTH - 1e-6;
            candidates = plain.stream().filter(entity -> entity.scored(Breadth.NONE).raw >= bar).toList();
        }
        Map<String, Breadth> breadth = breadth(candidates, candidates.size() < plain.size());
        List<Ranked> ranked = new ArrayList<>();
        for (Entity entity : candidates) {
            ranked.add(entity.scored(breadth.getOrDefault(FindingCredit.key(entity.kind, entity.value), Breadth.NONE)));
        }
        ranked.sort((a, b) -> a.raw != b.raw ? Double.compare(b.raw, a.raw)
                : a.suspect.events() != b.suspect.events() ? Long.compare(b.suspect.events(), a.suspect.events())
                : a.suspect.value().compareTo(b.suspect.value()));
        List<Suspect> suspects = new ArrayList<>();
        for (Ranked entry : ranked.subList(0, Math.min(top, ranked.size()))) {
            suspects.add(entry.suspect);
        }
        return suspects;
    }

    record Ranked(Suspect suspect, double raw) {}

    /** The most breadth adds to a score: 4 for sources, 3 for regions, 3 for actions. */
    private static final int MAX_BREADTH = 10;
    /** Above this many candidates the value lists would make the statement larger than the scan they save. */
    private static final int MAX_LISTED = 10_000;

    private record Breadth(List<String> sources, int regions, int actions) {
        static final Breadth NONE = new Breadth(List.of(), 0, 0);
    }

    /** An entity's figures from the cheap pass, all but its breadth. */
    private record Entity(String kind, String value, long events, Instant first, Instant last, long failures, long bytes,
            @Nullable FindingCredit own, double links, boolean novel) {
        Ranked scored(Breadth breadth) {
            return score(kind, value, events, first, last, breadth.sources, breadth.regions, breadth.actions, failures, bytes,
                    own, links, novel);
        }
    }

    /** The entity rows of every kind with the given event columns, for the candidates only when {@code only} is given. */
    private static String entities(String columns, @Nullable Map<String, List<String>> only) {
        StringBuilder sql = new StringBuilder("WITH e AS (");
        String[][] kinds = {{"principal", "principal"}, {"access key", "access_key_id"}, {"ip", "src_ip"}};
        String union = "";
        for (String[] kind : kinds) {
            sql.append(union).append("SELECT '").append(kind[0]).append("' AS kind, ").append(kind[1]).append(" AS v, ")
                    .append(columns).append(" FROM events WHERE ").append(kind[1]).append(" IS NOT NULL AND ")
                    .append(kind[1]).append(" <> ''");
            if (only != null) {
                List<String> values = only.getOrDefault(kind[0], List.of());
                sql.append(values.isEmpty() ? " AND false" : " AND " + kind[1] + " IN (" + String.join(", ", values) + ")");
            }
            union = " UNION ALL ";
        }
        return sql.append(")\n").toString();
    }

    /**
     * Distinct sources, regions and actions per entity, counted as GROUP BY on (entity, value), which spills, rather
     * than as DISTINCT aggregates, which hold every entity's sets in memory at once.
     */
    private Map<String, Breadth> breadth(List<Entity> candidates, boolean restrict) throws SQLException {
        Map<String, List<String>> only = null;
        if (restrict && candidates.size() <= MAX_LISTED) {
            only = new HashMap<>();
            for (Entity entity : candidates) {
                only.computeIfAbsent(entity.kind, k -> new ArrayList<>()).add("'" + entity.value.replace("'", "''") + "'");
            }
        }
        // GROUPING(source, region, action) is 3 for the (entity, source) set, 5 for region and 6 for action
        String sql = entities("source, region, action", only) + """
                , d AS (SELECT kind, v, source, region, action, GROUPING(source, region, action) AS g FROM e
                        GROUP BY GROUPING SETS ((kind, v, source), (kind, v, region), (kind, v, action)))
                SELECT kind, v, list(source ORDER BY source) FILTER (WHERE g = 3), count(region) FILTER (WHERE g = 5),
                       count(action) FILTER (WHERE g = 6)
                FROM d GROUP BY kind, v""";
        Map<String, Breadth> breadth = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                breadth.put(FindingCredit.key(result.getString(1), result.getString(2)),
                        new Breadth(strings(result.getArray(3)), result.getInt(4), result.getInt(5)));
            }
        }
        return breadth;
    }

    /**
     * Bytes per entity from the case's movement, each S3 request and flow connection counted once per entity it names:
     * an S3 read's principal, key and reading address; a connection's sending and receiving addresses.
     */
    static Map<String, Long> bytesMoved(Movement movement) {
        Map<String, Long> moved = new HashMap<>();
        List<MovementRow> rows = new ArrayList<>(movement.s3Reads());
        rows.addAll(movement.flowEgress());
        for (MovementRow row : rows) {
            if (row.bytes() == null || row.bytes() <= 0) {
                continue;
            }
            Set<String> named = new HashSet<>();
            if (row.principal() != null) {
                named.add(FindingCredit.key("principal", row.principal()));
            }
            if (row.accessKeyId() != null) {
                named.add(FindingCredit.key("access key", row.accessKeyId()));
            }
            if (row.sourceIp() != null) {
                named.add(FindingCredit.key("ip", row.sourceIp()));
            }
            if (row.destination() != null) {
                named.add(FindingCredit.key("ip", row.destination()));
            }
            for (String key : named) {
                moved.merge(key, row.bytes(), Long::sum);
            }
        }
        return moved;
    }

    /**
     * Credit between entities, from their own finding points: keys and the public addresses they were used from, keys
     * and the principals holding them, keys and the keys they issued.
     */
    private Map<String, Double> linkedCredit(Map<String, FindingCredit> credit) throws SQLException {
        Map<String, List<Double>> linked = new HashMap<>();
        if (credit.isEmpty()) {
            return Map.of();
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT DISTINCT access_key_id, principal, src_ip FROM events
                     WHERE access_key_id IS NOT NULL AND access_key_id <> '' AND outcome IS DISTINCT FROM 'failure'""")) {
            Set<String> seen = new HashSet<>();
            while (result.next()) {
                String key = FindingCredit.key("access key", result.getString(1));
                String principal = result.getString(2);
                String ip = result.getString(3);
                if (principal != null && !principal.isEmpty() && seen.add(key + "|p|" + principal)) {
                    share(credit, linked, key, FindingCredit.key("principal", principal), 0.5, 0.5);
                }
                if (ip != null && RankableAddress.test(ip) && RankableAddress.isPublic(ip) && seen.add(key + "|i|" + ip)) {
                    share(credit, linked, key, FindingCredit.key("ip", ip), 1 / 3.0, 1 / 3.0);
                }
            }
        }
        if (CaseTables.exists(connection, "cloudtrail")) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("""
                         SELECT DISTINCT user_access_key_id,
                                coalesce(json_extract_string(response_elements, '$.credentials.accessKeyId'),
                                         json_extract_string(response_elements, '$.accessKey.accessKeyId'))
                         FROM cloudtrail WHERE event_name IN """ + ISSUING_CALLS + " AND error_code IS NULL")) {
                while (result.next()) {
                    if (result.getString(1) != null && result.getString(2) != null) {
                        // the issuer answers for what the issued key did, and the issued key inherits a little of its issuer
                        share(credit, linked, FindingCredit.key("access key", result.getString(1)),
                                FindingCredit.key("access key", result.getString(2)), 0.5, 0.25);
                    }
                }
            }
        }
        // the strongest link counts whole, the next half, then a quarter...: a key used from hundreds of addresses
        // with a little background credit each gains no more than twice its strongest link
        Map<String, Double> combined = new HashMap<>();
        for (Map.Entry<String, List<Double>> entry : linked.entrySet()) {
            List<Double> shares = new ArrayList<>(entry.getValue());
            shares.sort(java.util.Comparator.reverseOrder());
            double total = 0;
            double weight = 1;
            for (double share : shares) {
                total += weight * share;
                weight /= 2;
            }
            combined.put(entry.getKey(), total);
        }
        return combined;
    }

    private static final String ISSUING_CALLS = "('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', "
            + "'GetSessionToken', 'GetFederationToken', 'CreateAccessKey')";

    /** {@code a} gets {@code toA} of b's own points, b gets {@code toB} of a's. */
    private static void share(Map<String, FindingCredit> credit, Map<String, List<Double>> linked, String a, String b, double toA,
            double toB) {
        FindingCredit ca = credit.get(a);
        FindingCredit cb = credit.get(b);
        if (cb != null) {
            linked.computeIfAbsent(a, k -> new ArrayList<>()).add(toA * cb.points());
        }
        if (ca != null) {
            linked.computeIfAbsent(b, k -> new ArrayList<>()).add(toB * ca.points());
        }
    }

    static Ranked score(String kind, String value, long events, Instant first, Instant last, List<String> sources,
            int regions, int actions, long failures, long bytes, @Nullable FindingCredit own, double links, boolean novel) {
        List<String> reasons = new ArrayList<>();
        double findings = own == null ? 0 : own.points();
        if (own != null) {
            reasons.add(own.why());
        }
        double raw = findings + links;
        if (links >= 1) {
            reasons.add("+" + Math.round(links) + " linked");
        }
        if (novel) {
            raw += 10;
            reasons.add("new in window");
        }
        int breadth = Math.min(4, 2 * Math.max(0, sources.size() - 1)) + Math.min(3, Math.max(0, regions - 1))
                + (actions >= 20 ? 3 : actions >= 10 ? 2 : 0);
        raw += breadth;
        if (breadth > 0) {
            reasons.add(sources.size() + " source" + (sources.size() == 1 ? "" : "s") + ", " + regions + " region"
                    + (regions == 1 ? "" : "s") + ", " + actions + " action" + (actions == 1 ? "" : "s"));
        }
        double errorRatio = events == 0 ? 0 : (double) failures / events;
        if (events >= 5 && failures > 0) {
            int errorPoints = (int) Math.round(5 * errorRatio);
            raw += errorPoints;
            if (errorPoints > 0) {
                reasons.add(Math.round(100 * errorRatio) + "% failed");
            }
        }
        int volume = bytes >= (1L << 30) ? 5 : bytes >= (100L << 20) ? 3 : bytes >= (10L << 20) ? 1 : 0;
        raw += volume;
        if (volume > 0) {
            reasons.add(humanBytes(bytes) + " moved");
        }
        String reason = reasons.isEmpty() ? "routine activity" : String.join("; ", reasons);
        int findingPoints = (int) Math.round(findings + links);
        return new Ranked(new Suspect(kind, value, (int) Math.round(raw), events, first, last, sources, regions, actions, errorRatio,
                bytes, findingPoints, novel, reason), raw);
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
