package dev.cloudsift.detect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates Sigma correlations over the rows their referenced rules matched. DuckDB computes the sliding-window
 * aggregate per row ({@code RANGE timespan PRECEDING}, partitioned by the group-by values); Java walks the rows in
 * group and time order, keeps the window's events for the finding, checks order for {@code temporal_ordered},
 * and raises one finding per burst (a group fires again only after a full timespan without firing).
 */
final class CorrelationRunner {
    static final int MAX_EVENT_IDS = 1_000;

    private final Connection connection;
    private final CaseTables tables;

    CorrelationRunner(Connection connection, CaseTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    long run(Rule.Correlation correlation, List<MatchedRows.Reference> references, FindingWriter writer)
            throws SQLException {
        boolean withValue = correlation.field() != null;
        String base = MatchedRows.query(correlation, references, correlation.groupBy(), withValue, tables);
        String aggregate = switch (correlation.type()) {
            case EVENT_COUNT, TEMPORAL_ORDERED -> "count(*)";
            case VALUE_COUNT -> "count(DISTINCT v)";
            case TEMPORAL -> "count(DISTINCT r)";
            case VALUE_SUM -> "sum(TRY_CAST(v AS DOUBLE))";
            case VALUE_AVG -> "avg(TRY_CAST(v AS DOUBLE))";
            case VALUE_PERCENTILE -> "quantile_cont(TRY_CAST(v AS DOUBLE), " + correlation.percentile() / 100 + ")";
            case FIRST_SEEN -> throw new IllegalArgumentException("first_seen is not a window correlation");
        };
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < correlation.groupBy().size(); i++) {
            keys.add("k" + i);
        }
        Duration timespan = correlation.timespan();
        String frame = timespan == null ? "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
                : "RANGE BETWEEN INTERVAL " + timespan.toSeconds() + " SECONDS PRECEDING AND CURRENT ROW";
        String window = "(" + (keys.isEmpty() ? "" : "PARTITION BY " + String.join(", ", keys) + " ")
                + "ORDER BY t " + frame + ")";
        String order = keys.isEmpty() ? "t, row_id" : String.join(", ", keys) + ", t, row_id";
        String sql = "SELECT *, " + aggregate + " OVER " + window + " AS aggregate_value FROM (" + base
                + ") ORDER BY " + order;
        long findings = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> currentGroup = null;
            Deque<Row> windowRows = new ArrayDeque<>();
            LocalDateTime lastFired = null;
            while (rows.next()) {
                List<String> group = new ArrayList<>();
                for (String key : keys) {
                    group.add(rows.getString(key));
                }
                Row row = new Row(rows.getLong("row_id"), rows.getObject("t", LocalDateTime.class),
                        rows.getInt("r"), rows.getString("event_id"));
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
                double value = correlation.type() == CorrelationType.TEMPORAL_ORDERED
                        ? orderedSteps(windowRows) : rows.getDouble("aggregate_value");
                if (rows.wasNull() && correlation.type() != CorrelationType.TEMPORAL_ORDERED) {
                    continue;
                }
                boolean quiet = lastFired != null
                        && (timespan == null || !row.time().isAfter(lastFired.plus(timespan)));
                if (!correlation.test(value) || quiet) {
                    continue;
                }
                lastFired = row.time();
                writeFinding(correlation, rows, group, windowRows, value, writer);
                findings++;
            }
        }
        return findings;
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

    private void writeFinding(Rule.Correlation correlation, ResultSet rows, List<String> group, Deque<Row> window,
                              double value, FindingWriter writer) throws SQLException {
        List<Long> rowIds = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        for (Row row : window) {
            if (rowIds.size() == MAX_EVENT_IDS) {
                break;
            }
            rowIds.add(row.rowId());
            if (row.eventId() != null) {
                eventIds.add(row.eventId());
            }
        }
        Map<String, String> groupBy = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            groupBy.put(correlation.groupBy().get(i), group.get(i));
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put(correlation.type().label(), value == Math.rint(value) ? (Object) (long) value : value);
        counts.put("events", window.size());
        String summary = correlation.type().label() + " " + counts.get(correlation.type().label())
                + (correlation.field() == null ? "" : " of " + correlation.field())
                + (correlation.timespan() == null ? " in the case" : " within " + correlation.timespan().toString()
                        .substring(2).toLowerCase(java.util.Locale.ROOT))
                + (groupBy.isEmpty() ? "" : " for " + groupBy);
        writer.aggregate(correlation.metadata(), "correlation", rows.getObject("t", LocalDateTime.class),
                window.getFirst().time(), rows.getString("source"), rowIds, eventIds, rows.getString("account_id"),
                rows.getString("region"), rows.getString("principal"), rows.getString("src_ip"), summary, groupBy,
                counts);
    }

    private record Row(long rowId, LocalDateTime time, int rule, String eventId) {
        Row {
            Objects.requireNonNull(time, "time");
        }
    }
}
