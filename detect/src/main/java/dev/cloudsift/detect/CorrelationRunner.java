package dev.cloudsift.detect;

import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates Sigma correlations over the rows their referenced rules matched. DuckDB computes the sliding-window
 * aggregate per row ({@code RANGE timespan PRECEDING}, partitioned by the group-by values) and returns only the
 * rows where the condition holds; Java raises one finding per burst (a group fires again only after a full
 * timespan without firing) and one join fetches the events of those windows. {@code temporal_ordered} walks the
 * matched rows in Java to check their order.
 */
final class CorrelationRunner {
    static final int MAX_EVENT_IDS = 1_000;
    /**
     * A view of the rows a correlation reads: each read is one filtered scan of the matched events, cheaper than
     * copying a building block's rows (most of a table) once, which the windows never read whole (see {@link #mayFire}).
     */
    private static final String BASE = "cloudsift_correlation_rows";
    /** {@link #BASE} copied, for windows over every row (their join back needs the rows' {@code rowid}). */
    private static final String ALL_ROWS = "cloudsift_correlation_all_rows";
    private static final String FIRED = "cloudsift_correlation_fired";
    /** The rows of {@link #BASE} that can be in a window that fires (see {@link #mayFire}). */
    private static final String CANDIDATES = "cloudsift_correlation_candidates";

    private final Connection connection;
    private final CaseTables tables;
    private final Map<String, String> copies;
    private final MatchedValues values;

    CorrelationRunner(Connection connection, CaseTables tables) {
        this(connection, tables, Map.of());
    }

    /** Reads source tables' columns from {@code copies} of their matched rows (see {@link MatchedRows#query}). */
    CorrelationRunner(Connection connection, CaseTables tables, Map<String, String> copies) {
        this(connection, tables, copies, MatchedValues.none());
    }

    /** Reads source tables' values from the matched events where {@code values} names them (see {@link MatchedValues}). */
    CorrelationRunner(Connection connection, CaseTables tables, Map<String, String> copies, MatchedValues values) {
        this.connection = connection;
        this.tables = tables;
        this.copies = Map.copyOf(copies);
        this.values = values;
    }

    /** The temp table holding a correlation's firings for the correlations chained onto it. */
    static String outputTable(int index) {
        return "cloudsift_correlation_output_" + index;
    }

    /**
     * Evaluates a correlation and returns how many times it fired. {@code writer} (null: none) receives one
     * finding per firing; {@code output} (null: none) names a temp table that receives the firings for chained
     * correlations: the completing event's columns, the window's events as JSON arrays, and the group-by values
     * as {@code g0, g1, ...}.
     */
    long run(Rule.Correlation correlation, List<? extends MatchedRows.Input> inputs, @Nullable FindingWriter writer,
             @Nullable String output) throws SQLException {
        boolean withValue = correlation.field() != null;
        String base = MatchedRows.query(correlation, inputs, correlation.groupBy(), withValue, tables, copies, values);
        execute("CREATE OR REPLACE TEMP VIEW " + BASE + " AS " + base);
        List<Firing> firings = new ArrayList<>();
        try {
            if (correlation.type() == CorrelationType.TEMPORAL_ORDERED) {
                runOrdered(correlation, firings);
            } else {
                runWindowed(correlation, firings);
            }
        } finally {
            execute("DROP VIEW IF EXISTS " + BASE);
            execute("DROP TABLE IF EXISTS " + ALL_ROWS);
            execute("DROP TABLE IF EXISTS " + CANDIDATES);
            execute("DROP TABLE IF EXISTS " + FIRED);
        }
        for (Firing firing : firings) {
            if (writer != null) {
                writeFinding(correlation, firing, writer);
            }
        }
        if (output != null) {
            storeOutput(correlation, firings, output);
        }
        return firings.size();
    }

    private void storeOutput(Rule.Correlation correlation, List<Firing> firings, String output) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TEMP TABLE " + output + " (row_id BIGINT, "
                + "t TIMESTAMP, source VARCHAR, event_id VARCHAR, account_id VARCHAR, region VARCHAR, "
                + "principal VARCHAR, src_ip VARCHAR, member_rows VARCHAR, member_events VARCHAR");
        for (int i = 0; i < correlation.groupBy().size(); i++) {
            ddl.append(", g").append(i).append(" VARCHAR");
        }
        execute(ddl.append(')').toString());
        int columns = 10 + correlation.groupBy().size();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + output + " VALUES (?"
                + ", ?".repeat(columns - 1) + ")")) {
            for (Firing firing : firings) {
                Fired fired = firing.fired();
                insert.setLong(1, fired.rowId());
                insert.setObject(2, fired.time());
                insert.setString(3, fired.source());
                insert.setString(4, fired.eventId());
                insert.setString(5, fired.accountId());
                insert.setString(6, fired.region());
                insert.setString(7, fired.principal());
                insert.setString(8, fired.srcIp());
                insert.setString(9, json(firing.rowIds()));
                insert.setString(10, json(firing.eventIds()));
                for (int i = 0; i < fired.group().size(); i++) {
                    insert.setString(11 + i, fired.group().get(i));
                }
                insert.addBatch();
            }
            OneTransaction.executeBatch(connection, insert);
        }
    }

    /** An inner firing's events, stored by {@link #storeOutput} as a JSON array. */
    private static <T> List<T> members(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, type));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored correlation output is not a JSON array: " + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> keys(Rule.Correlation correlation) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < correlation.groupBy().size(); i++) {
            keys.add("k" + i);
        }
        return keys;
    }

    private static String window(Rule.Correlation correlation) {
        List<String> keys = keys(correlation);
        Duration timespan = correlation.timespan();
        String frame = timespan == null ? "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
                : "RANGE BETWEEN INTERVAL " + timespan.toSeconds() + " SECONDS PRECEDING AND CURRENT ROW";
        return "(" + (keys.isEmpty() ? "" : "PARTITION BY " + String.join(", ", keys) + " ") + "ORDER BY t "
                + frame + ")";
    }

    /**
     * Aggregates in SQL and returns only the rows where the condition holds; Java keeps the first of each burst,
     * then one join fetches the events of the windows that fired.
     */
    private void runWindowed(Rule.Correlation correlation, List<Firing> firings) throws SQLException {
        String aggregate = switch (correlation.type()) {
            case VALUE_COUNT -> "count(DISTINCT v)";
            case TEMPORAL -> "count(DISTINCT r)";
            case VALUE_SUM -> "sum(TRY_CAST(v AS DOUBLE))";
            case VALUE_AVG -> "avg(TRY_CAST(v AS DOUBLE))";
            case VALUE_PERCENTILE -> "quantile_cont(TRY_CAST(v AS DOUBLE), " + correlation.percentile() / 100 + ")";
            default -> "count(*)";
        };
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<String, Double> bound : correlation.condition().entrySet()) {
            String operator = switch (bound.getKey()) {
                case "gt" -> ">";
                case "gte" -> ">=";
                case "lt" -> "<";
                case "lte" -> "<=";
                case "eq" -> "=";
                default -> "<>";
            };
            conditions.add("aggregate_value " + operator + " " + SqlText.number(bound.getValue()));
        }
        List<String> keys = keys(correlation);
        String order = keys.isEmpty() ? "t, row_id" : String.join(", ", keys) + ", t, row_id";
        String window = window(correlation);
        String table = mayFire(correlation, aggregate, conditions);
        // the windows sort only what they aggregate; the rows that hold are joined back to their other columns
        String narrow = "SELECT rowid AS n, " + aggregate + " OVER " + window + " AS aggregate_value, count(*) OVER "
                + window + " AS window_events FROM " + table;
        String sql = "SELECT b.*, w.aggregate_value, w.window_events FROM (SELECT * FROM (" + narrow
                + ") WHERE aggregate_value IS NOT NULL AND " + String.join(" AND ", conditions) + ") w JOIN " + table
                + " b ON b.rowid = w.n ORDER BY " + order;
        Duration timespan = correlation.timespan();
        List<Fired> fired = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> currentGroup = null;
            LocalDateTime lastFired = null;
            while (rows.next()) {
                List<String> group = new ArrayList<>();
                for (String key : keys) {
                    group.add(rows.getString(key));
                }
                LocalDateTime time = rows.getObject("t", LocalDateTime.class);
                if (!group.equals(currentGroup)) {
                    currentGroup = group;
                    lastFired = null;
                }
                boolean quiet = lastFired != null && (timespan == null || !time.isAfter(lastFired.plus(timespan)));
                if (quiet) {
                    continue;
                }
                lastFired = time;
                fired.add(new Fired(group, time, rows.getDouble("aggregate_value"), rows.getLong("window_events"),
                        rows.getLong("row_id"), rows.getString("event_id"), rows.getString("source"),
                        rows.getString("account_id"), rows.getString("region"), rows.getString("principal"),
                        rows.getString("src_ip")));
            }
        }
        if (fired.isEmpty()) {
            return;
        }
        Map<Integer, List<Row>> windows = windowRows(correlation, fired, table);
        for (int i = 0; i < fired.size(); i++) {
            firings.add(firing(fired.get(i), windows.getOrDefault(i, List.of())));
        }
    }

    /**
     * The table of rows the windows are computed over: {@link #BASE} copied, or fewer rows when the condition only bounds
     * a count from below. Then a window's count is at most that of the group's rows in the two timespan-long
     * buckets (counted from the epoch) it lies in, since a window ends in one bucket and reaches back at most one
     * timespan; so only rows of a bucket whose group reaches the bound over it and the one before can fire, and
     * their windows hold only rows of those two buckets. Those rows are kept (with no timespan: the groups that
     * reach the bound over all their rows); every window that fires is then the same, row for row, and the rows
     * kept for context alone have windows that count less than the whole, which did not reach the bound. A
     * building block matches most of a table and few of its groups come near the bound in any hour: most rows
     * are dropped by a {@code GROUP BY} before the windows sort them.
     */
    private String mayFire(Rule.Correlation correlation, String aggregate, List<String> conditions)
            throws SQLException {
        boolean counts = correlation.type() == CorrelationType.EVENT_COUNT
                || correlation.type() == CorrelationType.VALUE_COUNT || correlation.type() == CorrelationType.TEMPORAL;
        boolean fromBelow = !correlation.condition().isEmpty() && correlation.condition().keySet().stream()
                .allMatch(bound -> bound.equals("gt") || bound.equals("gte"));
        if (!counts || !fromBelow) {
            execute("CREATE OR REPLACE TEMP TABLE " + ALL_ROWS + " AS SELECT * FROM " + BASE);
            return ALL_ROWS;
        }
        List<String> keys = keys(correlation);
        Duration timespan = correlation.timespan();
        String bucket = timespan == null ? "0"
                : "CAST(floor(epoch_us(t) / " + timespan.toNanos() / 1_000 + ".0) AS BIGINT)";
        String columns = keys.isEmpty() ? "" : String.join(", ", keys) + ", ";
        StringBuilder on = new StringBuilder("x.cloudsift_bucket = h.cloudsift_bucket");
        keys.forEach(key -> on.append(" AND x.").append(key).append(" = h.").append(key));
        // the rows' narrow columns and the hot buckets are each computed once (materialized), not per reference
        String bucketed = "SELECT " + columns + bucket + " AS cloudsift_bucket, r, v FROM " + BASE;
        String pairs = "SELECT " + columns + "cloudsift_bucket, r, v FROM bucketed UNION ALL SELECT " + columns
                + "cloudsift_bucket + 1, r, v FROM bucketed";
        String hot = "SELECT " + columns + "cloudsift_bucket FROM (SELECT " + columns + "cloudsift_bucket, "
                + aggregate + " AS aggregate_value FROM (" + pairs + ") GROUP BY ALL) WHERE "
                + String.join(" AND ", conditions);
        // a hot bucket keeps its own rows and those of the bucket before it
        String kept = "SELECT " + columns + "cloudsift_bucket FROM hot UNION SELECT " + columns
                + "cloudsift_bucket - 1 FROM hot";
        execute("CREATE OR REPLACE TEMP TABLE " + CANDIDATES + " AS WITH bucketed AS MATERIALIZED (" + bucketed
                + "), hot AS MATERIALIZED (" + hot + ") SELECT * EXCLUDE (cloudsift_bucket) FROM (SELECT *, "
                + bucket + " AS cloudsift_bucket FROM " + BASE + ") x SEMI JOIN (" + kept + ") h ON " + on);
        return CANDIDATES;
    }

    /** The events inside each fired window, at most {@link #MAX_EVENT_IDS} per finding, in one query. */
    private Map<Integer, List<Row>> windowRows(Rule.Correlation correlation, List<Fired> fired, String table)
            throws SQLException {
        List<String> keys = keys(correlation);
        StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TEMP TABLE " + FIRED + " (n INTEGER, t TIMESTAMP");
        keys.forEach(key -> ddl.append(", ").append(key).append(" VARCHAR"));
        execute(ddl.append(')').toString());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + FIRED + " VALUES (?, ?"
                + ", ?".repeat(keys.size()) + ")")) {
            for (int i = 0; i < fired.size(); i++) {
                insert.setInt(1, i);
                insert.setObject(2, fired.get(i).time());
                for (int k = 0; k < keys.size(); k++) {
                    insert.setString(3 + k, fired.get(i).group().get(k));
                }
                insert.addBatch();
            }
            OneTransaction.executeBatch(connection, insert);
        }
        StringBuilder join = new StringBuilder("b.t <= f.t");
        if (correlation.timespan() != null) {
            join.append(" AND b.t >= f.t - INTERVAL ").append(correlation.timespan().toSeconds()).append(" SECONDS");
        }
        keys.forEach(key -> join.append(" AND b.").append(key).append(" = f.").append(key));
        String sql = "SELECT n, row_id, t, r, event_id, member_rows, member_events FROM (SELECT f.n, b.row_id, b.t, "
                + "b.r, b.event_id, b.member_rows, b.member_events, "
                + "row_number() OVER (PARTITION BY f.n ORDER BY b.t DESC, b.row_id DESC) AS recent FROM " + FIRED
                + " f JOIN " + table + " b ON " + join + ") WHERE recent <= " + MAX_EVENT_IDS
                + " ORDER BY n, t, row_id";
        Map<Integer, List<Row>> windows = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                windows.computeIfAbsent(rows.getInt(1), n -> new ArrayList<>()).add(new Row(rows.getLong(2),
                        rows.getObject(3, LocalDateTime.class), rows.getInt(4), rows.getString(5), rows.getString(6),
                        rows.getString(7)));
            }
        }
        return windows;
    }

    /** temporal_ordered: walks the matched rows in group and time order, checking the order in Java. */
    private void runOrdered(Rule.Correlation correlation, List<Firing> firings) throws SQLException {
        List<String> keys = keys(correlation);
        Duration timespan = correlation.timespan();
        String order = keys.isEmpty() ? "t, row_id" : String.join(", ", keys) + ", t, row_id";
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + BASE + " ORDER BY " + order)) {
            List<String> currentGroup = null;
            Deque<Row> windowRows = new ArrayDeque<>();
            LocalDateTime lastFired = null;
            while (rows.next()) {
                List<String> group = new ArrayList<>();
                for (String key : keys) {
                    group.add(rows.getString(key));
                }
                Row row = new Row(rows.getLong("row_id"), rows.getObject("t", LocalDateTime.class),
                        rows.getInt("r"), rows.getString("event_id"), rows.getString("member_rows"),
                        rows.getString("member_events"));
                if (!group.equals(currentGroup)) {
                    currentGroup = group;
                    windowRows.clear();
                    lastFired = null;
                }
                windowRows.addLast(row);
                while (timespan != null && windowRows.getFirst().time().isBefore(row.time().minus(timespan))) {
                    windowRows.removeFirst();
                }
                if (timespan == null && windowRows.size() > MAX_EVENT_IDS) {
                    windowRows.removeFirst();
                }
                double value = orderedSteps(windowRows);
                boolean quiet = lastFired != null
                        && (timespan == null || !row.time().isAfter(lastFired.plus(timespan)));
                if (!correlation.test(value) || quiet) {
                    continue;
                }
                lastFired = row.time();
                Fired finding = new Fired(group, row.time(), value, windowRows.size(), row.rowId(), row.eventId(),
                        rows.getString("source"), rows.getString("account_id"), rows.getString("region"),
                        rows.getString("principal"), rows.getString("src_ip"));
                firings.add(firing(finding, new ArrayList<>(windowRows)));
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** How many of the referenced rules, in their listed order, appear in order within the window. */
    private static int orderedSteps(Deque<Row> window) {
        int next = 0;
        for (Row row : window) {
            if (row.rule() == next) {
                next++;
            }
        }
        return next;
    }

    /**
     * The events of a window: each matched row, or for a chained correlation's input the events of the inner
     * window it stands for; the latest {@link #MAX_EVENT_IDS} at most, each once.
     */
    private static Firing firing(Fired fired, List<Row> window) {
        java.util.LinkedHashSet<Long> rowIds = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> eventIds = new java.util.LinkedHashSet<>();
        for (Row row : window) {
            if (row.memberRows() == null) {
                rowIds.add(row.rowId());
                if (row.eventId() != null) {
                    eventIds.add(row.eventId());
                }
            } else {
                rowIds.addAll(members(row.memberRows(), Long.class));
                if (row.memberEvents() != null) {
                    eventIds.addAll(members(row.memberEvents(), String.class));
                }
            }
        }
        List<Long> rows = new ArrayList<>(rowIds);
        List<String> events = new ArrayList<>(eventIds);
        return new Firing(fired, window.isEmpty() ? fired.time() : window.get(0).time(),
                rows.subList(Math.max(0, rows.size() - MAX_EVENT_IDS), rows.size()),
                events.subList(Math.max(0, events.size() - MAX_EVENT_IDS), events.size()));
    }

    private void writeFinding(Rule.Correlation correlation, Firing firing, FindingWriter writer)
            throws SQLException {
        Fired finding = firing.fired();
        Map<String, String> groupBy = new LinkedHashMap<>();
        for (int i = 0; i < finding.group().size(); i++) {
            groupBy.put(correlation.groupBy().get(i), finding.group().get(i));
        }
        double value = finding.value();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put(correlation.type().label(), value == Math.rint(value) ? (Object) (long) value : value);
        counts.put("events", finding.events());
        String summary = CorrelationSummary.describe(correlation.type(), counts.get(correlation.type().label()),
                correlation.field(), correlation.timespan(), groupBy, correlation.references());
        writer.aggregate(correlation.metadata(), "correlation", finding.time(), firing.firstTime(),
                finding.source(), firing.rowIds(), firing.eventIds(),
                finding.accountId(), finding.region(), finding.principal(), finding.srcIp(), summary, groupBy,
                counts);
    }

    /** A window whose condition held: where it ended and the event that completed it. */
    private record Fired(List<String> group, LocalDateTime time, double value, long events, long rowId,
                         @Nullable String eventId, String source, String accountId, String region, String principal,
                         String srcIp) {}

    /** A firing with the events its window holds (ids, oldest first) and when the window began. */
    private record Firing(Fired fired, LocalDateTime firstTime, List<Long> rowIds, List<String> eventIds) {}

    /** A row of the base table; {@code memberRows}/{@code memberEvents} are set for an inner correlation's firing. */
    private record Row(long rowId, LocalDateTime time, int rule, @Nullable String eventId, @Nullable String memberRows,
                       @Nullable String memberEvents) {
        Row {
            Objects.requireNonNull(time, "time");
        }
    }
}
