package dev.cloudsift.investigate.suspects;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entities that can reach the top of the ranking, found in the stored per-entity figures with narrow scans. On
 * ten million entities, reading every value (an address string) to break ties costs most of a scan, and a filter
 * DuckDB cannot push into the Parquet reader makes it decode every column of every row. So each entity's score without
 * findings is its stored {@code base} plus 10 when it is new in the window; the leaders are first found by that score
 * and event count alone (numeric columns), then the value order is read only for the entities tied with the last of
 * them. Every query filters column against constant (new in the window or not is {@code seen} against the start), which
 * the reader applies before decoding the other columns. Entities with finding, linked or volume points are few beside
 * the rest: their rows are looked up by value and scored apart.
 */
final class StoredCandidates {
    /** Rows DuckDB fetches by position after a top-N over narrow columns (its default is 50). */
    private static final int LATE_ROWS = 100_000;
    private static final String COLUMNS = "kind, v, events, first_at, last_at, failures, sources, regions, base";

    private final Connection connection;
    private final String relation;
    private final boolean hasHistory;
    private final Instant start;
    /** Finding and linked points per credited entity key. */
    private final Map<String, Double> points;
    /** Volume points per credited entity key. */
    private final Map<String, Integer> volume;

    StoredCandidates(Connection connection, String relation, boolean hasHistory, Instant start, Map<String, Double> points,
            Map<String, Integer> volume) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.relation = Objects.requireNonNull(relation, "relation");
        this.hasHistory = hasHistory;
        this.start = Objects.requireNonNull(start, "start");
        this.points = Objects.requireNonNull(points, "points");
        this.volume = Objects.requireNonNull(volume, "volume");
    }

    /** The window start in microseconds, rounded up: first_at >= start exactly when seen >= this. */
    private long startMicros() {
        long whole = Math.floorDiv(start.getNano() + 999, 1000);
        try {
            return Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000L), whole);
        } catch (ArithmeticException e) {
            return start.getEpochSecond() < 0 ? Long.MIN_VALUE + 2 : Long.MAX_VALUE;
        }
    }

    /**
     * The candidates as {@link SuspectRanking} defines them: the top {@code cut} entities by score without actions
     * (grown until {@code top} of them are rankable) and every entity whose most actions could lift it to the last of
     * them.
     */
    List<SuspectRanking.Entity> find(int top) throws SQLException {
        List<Row> credited = credited();
        int cut = top;
        while (true) {
            int limit = cut + credited.size();
            firstTied.clear();
            List<Row> first = new ArrayList<>();
            for (Novelty novelty : novelties()) {
                first.addAll(rows(select(novelty.filter) + " ORDER BY base DESC, events DESC LIMIT " + limit, limit));
            }
            first.sort(Comparator.comparingInt((Row row) -> -row.ulow(hasHistory, start)).thenComparing(row -> -row.events));
            if (first.size() >= limit) {
                // the order among the entities tied with the last one is their values': read it for them alone
                Row boundary = first.get(limit - 1);
                first.addAll(tied(boundary.ulow(hasHistory, start), boundary.events, null, limit));
            }
            Map<String, Row> pool = new LinkedHashMap<>();
            for (Row row : first) {
                if (!credited(row)) {
                    pool.putIfAbsent(row.key(), row);
                }
            }
            credited.forEach(row -> pool.put(row.key(), row));
            List<SuspectRanking.Entity> ranked = pool.values().stream().map(this::entity).sorted(ORDER).toList();
            List<SuspectRanking.Entity> leaders = ranked.subList(0, Math.min(cut, ranked.size()));
            long rankableLeaders = leaders.stream().filter(SuspectRanking.Entity::rankable).count();
            if (rankableLeaders < top && leaders.size() == cut) {
                cut += (int) (top - rankableLeaders); // unrankable addresses took places among the leaders
                continue;
            }
            if (leaders.size() < cut) {
                return ranked.stream().filter(SuspectRanking.Entity::rankable).toList(); // every entity is here
            }
            return candidates(leaders.get(leaders.size() - 1), credited);
        }
    }

    /** Every entity whose highest possible score reaches the last leader's, ties going by event count, then value. */
    private List<SuspectRanking.Entity> candidates(SuspectRanking.Entity last, List<Row> credited) throws SQLException {
        List<Row> rows = new ArrayList<>();
        for (Novelty novelty : novelties()) {
            // reach + bonus > low, and reach + bonus = low with more events: integer thresholds the reader can apply
            double needed = last.low() - novelty.bonus;
            long above = (long) Math.floor(needed) + 1;
            if (above <= MAX_REACH) {
                rows.addAll(rows(select(novelty.filter + " AND reach >= " + Math.max(0, above)), 0));
            }
            if (needed == Math.rint(needed) && needed >= 0 && needed <= MAX_REACH) {
                rows.addAll(rows(select(novelty.filter + " AND reach = " + (long) needed + " AND events > " + last.events()), 0));
            }
        }
        if (last.low() == Math.rint(last.low())) {
            rows.addAll(tied((int) last.low() - SuspectRanking.slack(last.events()), last.events(), last.value(), 0));
        }
        Map<String, SuspectRanking.Entity> candidates = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!credited(row)) {
                candidates.putIfAbsent(row.key(), entity(row));
            }
        }
        for (Row row : credited) {
            SuspectRanking.Entity entity = entity(row);
            if (entity.high() > last.low() || entity.high() == last.low() && (entity.events() > last.events()
                    || entity.events() == last.events() && compareValues(entity.value(), last.value()) <= 0)) {
                candidates.put(row.key(), entity);
            }
        }
        return candidates.values().stream().filter(SuspectRanking.Entity::rankable).toList();
    }

    /**
     * The entities without credit whose score without actions is {@code ulow} and that have {@code events} events
     * (at most {@code limit} of them by value, or those up to {@code upTo} by value). The first kind is kept: the last
     * leader is often one of them, and then the second needs no query.
     */
    private List<Row> tied(int ulow, long events, @Nullable String upTo, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        List<Novelty> novelties = novelties();
        for (int i = 0; i < novelties.size(); i++) {
            Novelty novelty = novelties.get(i);
            int base = ulow - novelty.bonus;
            if (base < 0 || base > MAX_REACH) {
                continue;
            }
            String tie = "base = " + base + " AND events = " + events;
            List<Row> kept = upTo == null ? null : firstTied.get(i + " " + tie);
            if (kept != null && (kept.size() < firstLimit || compareValues(kept.get(kept.size() - 1).value, upTo) >= 0)) {
                // the values up to upTo were all read, in DuckDB's order (bytes of UTF-8)
                kept.stream().filter(row -> compareValues(row.value, upTo) <= 0).forEach(rows::add);
                continue;
            }
            List<Row> found = rows(select(novelty.filter + " AND " + tie
                    + (upTo == null ? "" : " AND v <= " + EntityProfiles.literal(upTo)))
                    + (limit > 0 ? " ORDER BY v LIMIT " + limit : ""), limit);
            if (upTo == null) {
                firstTied.put(i + " " + tie, found);
                firstLimit = limit;
            }
            rows.addAll(found);
        }
        return rows;
    }

    /** The first values, by class and tie, of the last leaders' query, and its limit. */
    private final Map<String, List<Row>> firstTied = new HashMap<>();
    private int firstLimit;

    /** The most base and actions add up to (4 + 3 + 5, and 3). */
    private static final int MAX_REACH = 15;

    /**
     * The ways an entity's score depends on the window: new in it (10 points), or not (first seen before it, or never
     * at a known time); a filter on seen the Parquet reader applies, so each query reads the other columns only for the
     * rows of one way, and the score within it is a plain column.
     */
    private record Novelty(String filter, int bonus) {}

    private List<Novelty> novelties() {
        if (!hasHistory) {
            return List.of(new Novelty("true", 0));
        }
        return List.of(new Novelty("seen >= " + startMicros(), 10), new Novelty("seen < " + startMicros(), 0));
    }

    private String select(String filter) {
        return "SELECT " + COLUMNS + " FROM " + relation + " WHERE " + filter;
    }

    private boolean credited(Row row) {
        return points.containsKey(row.key()) || volume.containsKey(row.key());
    }

    /**
     * The stored rows of the entities with finding, linked or volume points, looked up by value in one scan (flow
     * egress can credit many thousands of addresses).
     */
    private List<Row> credited() throws SQLException {
        StringBuilder values = new StringBuilder();
        for (String key : keys()) {
            String[] kindValue = key.split("\u0000", 2);
            values.append(values.length() == 0 ? "" : ", ").append('(').append(EntityProfiles.literal(kindValue[0])).append(", ")
                    .append(EntityProfiles.literal(kindValue[1])).append(')');
        }
        return values.length() == 0 ? new ArrayList<>() : rows("SELECT " + COLUMNS + " FROM " + relation + " SEMI JOIN (VALUES "
                + values + ") AS c(credited_kind, credited_v) ON kind = credited_kind AND v = credited_v", 0);
    }

    private Collection<String> keys() {
        List<String> keys = new ArrayList<>(points.keySet());
        volume.keySet().stream().filter(key -> !points.containsKey(key)).forEach(keys::add);
        return keys;
    }

    /** The score without actions: the same sum, in the same order, as the query over unstored figures makes. */
    private SuspectRanking.Entity entity(Row row) {
        int context = row.ulow(hasHistory, start) + volume.getOrDefault(row.key(), 0);
        double low = points.getOrDefault(row.key(), 0.0) + (double) context;
        double high = low + SuspectRanking.slack(row.events);
        return new SuspectRanking.Entity(row.kind, row.value, row.events, row.first, row.last, row.failures, row.sources,
                row.regions, low, high, 0, null, 0, false);
    }

    /** By score without actions, then events, then value in DuckDB's order (bytes of UTF-8). */
    private static final Comparator<SuspectRanking.Entity> ORDER = (a, b) -> a.low() != b.low() ? Double.compare(b.low(), a.low())
            : a.events() != b.events() ? Long.compare(b.events(), a.events()) : compareValues(a.value(), b.value());

    static int compareValues(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Rows of a query over the stored figures; {@code late} is its LIMIT, for DuckDB to fetch the wide columns late. */
    private List<Row> rows(String sql, int late) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            if (late > 50) {
                statement.execute("SET late_materialization_max_rows = " + Math.min(late, LATE_ROWS));
            }
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getLong(3), CaseTables.instant(result, 4),
                            CaseTables.instant(result, 5), result.getLong(6), result.getInt(7), result.getInt(8), result.getInt(9)));
                }
            } finally {
                if (late > 50) {
                    statement.execute("RESET late_materialization_max_rows");
                }
            }
        }
        return rows;
    }

    /** One entity's stored figures. */
    private record Row(String kind, String value, long events, @Nullable Instant first, @Nullable Instant last, long failures,
            int sources, int regions, int base) {
        String key() {
            return FindingCredit.key(kind, value);
        }

        int ulow(boolean hasHistory, Instant start) {
            return base + (hasHistory && first != null && !first.isBefore(start) ? 10 : 0);
        }
    }
}
