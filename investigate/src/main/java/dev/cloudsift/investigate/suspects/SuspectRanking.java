package dev.cloudsift.investigate.suspects;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.FindingsTable;
import dev.cloudsift.investigate.movement.ReaderBytes;
import dev.cloudsift.investigate.movement.MovementRow;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.PartLayout;
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
 *       bytes moved up to 5. Bytes moved are those {@code movement} totals: S3 objects read (each request once, though the
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
        return windowStart(given, EntityProfiles.of(connection));
    }

    private @Nullable Instant windowStart(@Nullable Instant given, EntityProfiles.Figures figures) throws SQLException {
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
        Instant[] span = span(figures);
        return span == null ? null : span[1].minus(DEFAULT_WINDOW);
    }

    /** The case's first and last event time, or null when it has none. */
    private Instant @Nullable [] span(EntityProfiles.Figures figures) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(figures.span())) {
            if (result.next() && result.getObject(1) != null && result.getObject(2) != null) {
                return new Instant[] {CaseTables.instant(result, 1), CaseTables.instant(result, 2)};
            }
        }
        return null;
    }

    public List<Suspect> rank(int top, @Nullable Instant givenStart) throws SQLException {
        EntityProfiles.Figures figures = EntityProfiles.of(connection);
        Instant start = windowStart(givenStart, figures);
        Instant[] span = span(figures);
        if (start == null || span == null || top <= 0) {
            return List.of();
        }
        Map<String, FindingCredit> credit = FindingCredit.read(connection);
        Map<String, Double> linked = linkedCredit(credit);
        Map<String, Long> moved = bytesMoved(connection);
        boolean hasHistory = span[0].isBefore(start);
        // Only the candidates leave DuckDB: with every address distinct, ten million entity rows would not fit the heap.
        // Each entity's score without its action count (low) is exact from the per-entity figures; actions add at most
        // 3, and only to entities with 10 or more events (high = low + that). The top `cut` entities by low are certain
        // to score at least as much, so an entity whose high does not reach the last of them is never shown; the
        // others get their exact sources, regions and actions.
        List<Entity> candidates = figures.stored()
                ? new StoredCandidates(connection, figures.relation(), hasHistory, start, points(credit, linked), volumes(moved)).find(top)
                : candidates(figures, top, hasHistory, start, credit, linked, moved);
        Map<String, Breadth> breadth = breadth(candidates);
        List<Ranked> ranked = new ArrayList<>();
        for (Entity entity : candidates) {
            Entity withBytes = entity.withBytes(moved.getOrDefault(FindingCredit.key(entity.kind, entity.value), 0L),
                    credit.get(FindingCredit.key(entity.kind, entity.value)),
                    linked.getOrDefault(FindingCredit.key(entity.kind, entity.value), 0.0), hasHistory, start);
            ranked.add(withBytes.scored(breadth.getOrDefault(FindingCredit.key(entity.kind, entity.value), Breadth.NONE)));
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

    /** The candidates found by querying figures that are not stored: two queries, each grouping every event. */
    private List<Entity> candidates(EntityProfiles.Figures figures, int top, boolean hasHistory, Instant start,
            Map<String, FindingCredit> credit, Map<String, Double> linked, Map<String, Long> moved) throws SQLException {
        String scored = scoredSql(figures.relation(), pointsRelation(credit, linked), volumeRelation(moved));
        int cut = top;
        while (true) {
            List<Entity> leaders = select(scored + " ORDER BY low DESC, events DESC, v LIMIT " + cut, hasHistory, start, null);
            long rankableLeaders = leaders.stream().filter(Entity::rankable).count();
            if (rankableLeaders < top && leaders.size() == cut) {
                cut += (int) (top - rankableLeaders); // unrankable addresses took places among the leaders
                continue;
            }
            Entity last = leaders.size() < cut ? null : leaders.get(leaders.size() - 1);
            return (last == null ? leaders : select(scored + " WHERE high > ? OR (high = ? AND (events > ?"
                    + " OR (events = ? AND v <= ?)))", hasHistory, start, last)).stream().filter(Entity::rankable).toList();
        }
    }

    /** Finding and linked points per entity key, for the entities that have any. */
    private static Map<String, Double> points(Map<String, FindingCredit> credit, Map<String, Double> linked) {
        Map<String, Double> points = new HashMap<>();
        credit.forEach((key, own) -> points.put(key, own.points() + linked.getOrDefault(key, 0.0)));
        linked.forEach((key, links) -> points.putIfAbsent(key, 0.0 + links));
        return points;
    }

    /** Volume points per entity key, for the entities that moved 10 MiB or more. */
    private static Map<String, Integer> volumes(Map<String, Long> moved) {
        Map<String, Integer> volumes = new HashMap<>();
        moved.forEach((key, bytes) -> {
            if (volumePoints(bytes) > 0) {
                volumes.put(key, volumePoints(bytes));
            }
        });
        return volumes;
    }

    /** The most an entity's distinct actions add to its score: 3 from 20, 2 from 10, so never for fewer events. */
    static int slack(long events) {
        return events >= 20 ? 3 : events >= 10 ? 2 : 0;
    }

    record Ranked(Suspect suspect, double raw) {}

    /** Candidates per breadth query: more values would make the statement larger than the scan it saves. */
    private static final int MAX_LISTED = 5_000;

    private record Breadth(List<String> sources, int regions, int actions) {
        static final Breadth NONE = new Breadth(List.of(), 0, 0);
    }

    /** An entity's figures from the per-entity profile, all but its actions and its exact list of sources. */
    record Entity(String kind, String value, long events, Instant first, Instant last, long failures, int sources,
            int regions, double low, double high, long bytes, @Nullable FindingCredit own, double links, boolean novel) {
        boolean rankable() {
            return !kind.equals("ip") || RankableAddress.test(value);
        }

        Entity withBytes(long moved, @Nullable FindingCredit credit, double linkedPoints, boolean hasHistory, Instant start) {
            boolean isNovel = hasHistory && first != null && !first.isBefore(start);
            return new Entity(kind, value, events, first, last, failures, sources, regions, low, high, moved, credit,
                    linkedPoints, isNovel);
        }

        Ranked scored(Breadth breadth) {
            return score(kind, value, events, first, last, breadth.sources, breadth.regions, breadth.actions, failures, bytes,
                    own, links, novel);
        }
    }

    /**
     * The profile with each entity's score without actions (low) and with the most actions can add (high), as a query
     * with two parameters (whether the case has events before the window, the window start).
     */
    private static String scoredSql(String relation, @Nullable String points, @Nullable String volume) {
        // without findings or bytes the joins would still hash every entity's value: leave them out
        String joins = (points == null ? "" : " LEFT JOIN c ON c.kind = p.kind AND c.v = p.v")
                + (volume == null ? "" : " LEFT JOIN b ON b.kind = p.kind AND b.v = p.v");
        return """
                WITH c AS (%s), b AS (%s),
                s AS (SELECT p.kind, p.v, p.events, p.first_at, p.last_at, p.failures, p.sources, p.regions,
                             %s + CAST(
                               CASE WHEN ? AND p.first_at >= ? THEN 10 ELSE 0 END
                               + least(4, 2 * greatest(0, p.sources - 1)) + least(3, greatest(0, p.regions - 1))
                               + CASE WHEN p.events >= 5 AND p.failures > 0
                                      THEN CAST(round(5 * (CAST(p.failures AS DOUBLE) / p.events)) AS INTEGER) ELSE 0 END
                               + %s AS DOUBLE) AS low,
                             CASE WHEN p.events >= 20 THEN 3 WHEN p.events >= 10 THEN 2 ELSE 0 END AS slack
                      FROM %s p%s)
                SELECT * FROM (SELECT *, low + slack AS high FROM s)""".formatted(points == null ? NONE : points,
                volume == null ? NONE : volume, points == null ? "CAST(0 AS DOUBLE)" : "coalesce(c.pts, CAST(0 AS DOUBLE))",
                volume == null ? "0" : "coalesce(b.vol, 0)", relation, joins);
    }

    private static final String NONE = "SELECT NULL::VARCHAR AS kind, NULL::VARCHAR AS v WHERE false";

    /** The scored profile's rows after a tail, bound to the last leader's key when one is given. */
    private List<Entity> select(String sql, boolean hasHistory, Instant start, @Nullable Entity last) throws SQLException {
        List<Entity> entities = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBoolean(1, hasHistory);
            statement.setObject(2, CaseTables.sqlTime(start));
            if (last != null) {
                statement.setDouble(3, last.low);
                statement.setDouble(4, last.low);
                statement.setLong(5, last.events);
                statement.setLong(6, last.events);
                statement.setString(7, last.value);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    entities.add(new Entity(result.getString("kind"), result.getString("v"), result.getLong("events"),
                            CaseTables.instant(result, "first_at"), CaseTables.instant(result, "last_at"),
                            result.getLong("failures"), result.getInt("sources"), result.getInt("regions"),
                            result.getDouble("low"), result.getDouble("high"), 0, null, 0, false));
                }
            }
        }
        return entities;
    }

    /** Finding and linked points per entity, as a SQL relation (kind, v, pts), for the entities that have any; null for none. */
    private static @Nullable String pointsRelation(Map<String, FindingCredit> credit, Map<String, Double> linked) {
        Map<String, Double> points = new HashMap<>();
        credit.forEach((key, own) -> points.put(key, own.points() + linked.getOrDefault(key, 0.0)));
        linked.forEach((key, links) -> points.putIfAbsent(key, 0.0 + links));
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, Double> entry : points.entrySet()) {
            String[] kindValue = entry.getKey().split("\u0000", 2);
            values.append(values.length() == 0 ? "" : ", ").append('(').append(EntityProfiles.literal(kindValue[0])).append(", ")
                    .append(EntityProfiles.literal(kindValue[1])).append(", CAST('").append(entry.getValue()).append("' AS DOUBLE))");
        }
        return values.length() == 0 ? null : "SELECT * FROM (VALUES " + values + ") AS t(kind, v, pts)";
    }

    /** Volume points per entity, as a SQL relation (kind, v, vol), for the entities that moved 10 MiB or more; null for none. */
    private static @Nullable String volumeRelation(Map<String, Long> moved) {
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, Long> entry : moved.entrySet()) {
            int points = volumePoints(entry.getValue());
            if (points > 0) {
                String[] kindValue = entry.getKey().split("\u0000", 2);
                values.append(values.length() == 0 ? "" : ", ").append('(').append(EntityProfiles.literal(kindValue[0]))
                        .append(", ").append(EntityProfiles.literal(kindValue[1])).append(", ").append(points).append(')');
            }
        }
        return values.length() == 0 ? null : "SELECT * FROM (VALUES " + values + ") AS t(kind, v, vol)";
    }

    private static int volumePoints(long bytes) {
        return bytes >= (1L << 30) ? 5 : bytes >= (100L << 20) ? 3 : bytes >= (10L << 20) ? 1 : 0;
    }

    /**
     * Distinct sources, regions and actions of the candidates, counted as GROUP BY on (entity, value), which spills,
     * rather than as DISTINCT aggregates, which hold every entity's sets in memory at once; in chunks of values.
     */
    private Map<String, Breadth> breadth(List<Entity> candidates) throws SQLException {
        Map<String, Breadth> breadth = new HashMap<>();
        for (int from = 0; from < candidates.size(); from += MAX_LISTED) {
            Map<String, List<String>> only = new HashMap<>();
            List<Entity> chunk = candidates.subList(from, Math.min(candidates.size(), from + MAX_LISTED));
            for (Entity entity : chunk) {
                only.computeIfAbsent(entity.kind, k -> new ArrayList<>()).add(EntityProfiles.literal(entity.value));
            }
            // GROUPING(source, region, action) is 3 for the (entity, source) set, 5 for region and 6 for action
            String sql = entities("source, region, action", only, dates(chunk)) + """
                    , d AS (SELECT kind, v, source, region, action, GROUPING(source, region, action) AS g FROM e
                            GROUP BY GROUPING SETS ((kind, v, source), (kind, v, region), (kind, v, action)))
                    SELECT kind, v, list(source ORDER BY source) FILTER (WHERE g = 3), count(region) FILTER (WHERE g = 5),
                           count(action) FILTER (WHERE g = 6)
                    FROM d GROUP BY kind, v""";
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    breadth.put(FindingCredit.key(result.getString(1), result.getString(2)),
                            new Breadth(strings(result.getArray(3)), result.getInt(4), result.getInt(5)));
                }
            }
        }
        return breadth;
    }

    /**
     * A predicate on the part date admitting every event of the given entities: the dates from their first to their
     * last event, and the undated rows, so DuckDB opens only those days' parts (on 10M events, ten entities new in the
     * window are read from one day's parts instead of all thirty). {@code true} when a time is missing or outside the
     * years the part dates spell in order.
     */
    static String dates(List<Entity> entities) {
        Instant first = null;
        Instant last = null;
        for (Entity entity : entities) {
            if (entity.first == null || entity.last == null || entity.first.isBefore(FIRST_DATED) || !entity.last.isBefore(LAST_DATED)) {
                return "true";
            }
            first = first == null || entity.first.isBefore(first) ? entity.first : first;
            last = last == null || entity.last.isAfter(last) ? entity.last : last;
        }
        if (first == null) {
            return "true";
        }
        return "(" + CaseParts.PART_DATE + " IS NULL OR " + CaseParts.PART_DATE + " = " + EntityProfiles.literal(PartLayout.NO_DATE)
                + " OR (" + CaseParts.partDates(first, last.plusNanos(1)) + "))";
    }

    private static final Instant FIRST_DATED = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_DATED = Instant.parse("9999-12-31T00:00:00Z");

    /** The entity rows of every kind with the given event columns, for the listed values only, where {@code dates} holds. */
    private static String entities(String columns, Map<String, List<String>> only, String dates) {
        StringBuilder sql = new StringBuilder("WITH e AS (");
        String[][] kinds = {{"principal", "principal"}, {"access key", "access_key_id"}, {"ip", "src_ip"}};
        String union = "";
        for (String[] kind : kinds) {
            List<String> values = only.getOrDefault(kind[0], List.of());
            if (values.isEmpty()) {
                continue;
            }
            sql.append(union).append("SELECT '").append(kind[0]).append("' AS kind, ").append(kind[1]).append(" AS v, ")
                    .append(columns).append(" FROM events WHERE ").append(dates).append(" AND ").append(kind[1]).append(" IN (")
                    .append(String.join(", ", values)).append(")");
            union = " UNION ALL ";
        }
        if (union.isEmpty()) {
            sql.append("SELECT NULL AS kind, NULL AS v, NULL AS source, NULL AS region, NULL AS action WHERE false");
        }
        return sql.append(")\n").toString();
    }

    /**
     * Bytes per entity, each S3 request and flow connection counted once per entity it names: an S3 read's principal,
     * key and reading address ({@link ReaderBytes}, the bytes {@link dev.cloudsift.investigate.movement.Movement}
     * totals, without its objects and times); a connection's sending and receiving addresses.
     */
    static Map<String, Long> bytesMoved(Connection connection) throws SQLException {
        Map<String, Long> moved = new HashMap<>();
        for (ReaderBytes.Reader reader : ReaderBytes.read(connection)) {
            credit(moved, reader.bytes(), reader.principal(), reader.accessKeyId(), reader.sourceIp(), null);
        }
        for (MovementRow row : ReaderBytes.flowEgress(connection)) {
            if (row.bytes() != null && row.bytes() > 0) {
                credit(moved, row.bytes(), row.principal(), row.accessKeyId(), row.sourceIp(), row.destination());
            }
        }
        return moved;
    }

    private static void credit(Map<String, Long> moved, long bytes, @Nullable String principal, @Nullable String accessKey,
            @Nullable String sourceIp, @Nullable String destination) {
        Set<String> named = new HashSet<>();
        if (principal != null) {
            named.add(FindingCredit.key("principal", principal));
        }
        if (accessKey != null) {
            named.add(FindingCredit.key("access key", accessKey));
        }
        if (sourceIp != null) {
            named.add(FindingCredit.key("ip", sourceIp));
        }
        if (destination != null) {
            named.add(FindingCredit.key("ip", destination));
        }
        for (String key : named) {
            moved.merge(key, bytes, Long::sum);
        }
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
                     WHERE access_key_id IS NOT NULL AND access_key_id <> '' AND outcome IS DISTINCT FROM 'failure'"""
                     + credited(credit))) {
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

    /**
     * A condition keeping the key, principal and address triples of which one side has credit (only those can share
     * any), so a case of millions of distinct addresses does not send them all to the JVM; none for very many.
     */
    private static String credited(Map<String, FindingCredit> credit) {
        Map<String, List<String>> values = new HashMap<>();
        for (String key : credit.keySet()) {
            String[] kindValue = key.split("\u0000", 2);
            values.computeIfAbsent(kindValue[0], k -> new ArrayList<>()).add(EntityProfiles.literal(kindValue[1]));
        }
        if (credit.size() > 20 * MAX_LISTED) {
            return "";
        }
        List<String> conditions = new ArrayList<>();
        String[][] kinds = {{"access key", "access_key_id"}, {"principal", "principal"}, {"ip", "src_ip"}};
        for (String[] kind : kinds) {
            List<String> listed = values.getOrDefault(kind[0], List.of());
            if (!listed.isEmpty()) {
                conditions.add(kind[1] + " IN (" + String.join(", ", listed) + ")");
            }
        }
        return conditions.isEmpty() ? " AND false" : " AND (" + String.join(" OR ", conditions) + ")";
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
        // the context points add up as an integer added once to the finding points, as the candidate query adds them
        int context = 0;
        if (links >= 1) {
            reasons.add("+" + Math.round(links) + " linked");
        }
        if (novel) {
            context += 10;
            reasons.add("new in window");
        }
        int breadth = Math.min(4, 2 * Math.max(0, sources.size() - 1)) + Math.min(3, Math.max(0, regions - 1))
                + (actions >= 20 ? 3 : actions >= 10 ? 2 : 0);
        context += breadth;
        if (breadth > 0) {
            reasons.add(sources.size() + " source" + (sources.size() == 1 ? "" : "s") + ", " + regions + " region"
                    + (regions == 1 ? "" : "s") + ", " + actions + " action" + (actions == 1 ? "" : "s"));
        }
        double errorRatio = events == 0 ? 0 : (double) failures / events;
        if (events >= 5 && failures > 0) {
            int errorPoints = (int) Math.round(5 * errorRatio);
            context += errorPoints;
            if (errorPoints > 0) {
                reasons.add(Math.round(100 * errorRatio) + "% failed");
            }
        }
        int volume = volumePoints(bytes);
        context += volume;
        if (volume > 0) {
            reasons.add(humanBytes(bytes) + " moved");
        }
        double raw = (findings + links) + context;
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
