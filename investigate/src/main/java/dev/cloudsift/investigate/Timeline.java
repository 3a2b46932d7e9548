package dev.cloudsift.investigate;

import dev.cloudsift.store.CaseParts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The chronological view across sources. Streams: rows are read one time slice at a time in event-time order and
 * collapsed into runs as they pass, so the heap holds only the runs still open (one per kind of row active within
 * the gap), never the case. A caller that has enough lines stops the walk, which makes the first page cheap.
 */
public final class Timeline {
    /** Rows per slice the timeline aims for; the slice width adapts to the case's density. */
    private static final long TARGET_SLICE_ROWS = 200_000;

    private final Connection connection;

    public Timeline(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Walks the timeline in order, handing each collapsed line to {@code sink} until it returns false.
     *
     * @return the number of lines handed over
     */
    public long walk(TimelineQuery given, Predicate<TimelineEntry> sink) throws SQLException {
        TimelineQuery query = given.entity() != null && CaseTables.exists(connection, "entity_index")
                ? new TimelineQuery(given.from(), given.to(), given.entity().withIndex(), given.sources(), given.gap()) : given;
        // A selective entity's rows are copied aside once (one pushed-down scan per condition), so the span and the
        // slices read only them instead of filtering all of events on every pass.
        String table = "events";
        if (query.entity() != null && query.entity().selective()) {
            try (PreparedStatement statement = connection.prepareStatement("CREATE OR REPLACE TEMP TABLE timeline_rows AS "
                    + query.entity().unionSql(COLUMNS + ", row_id"))) {
                int index = 1;
                for (String parameter : query.entity().branchParameters()) {
                    statement.setString(index++, parameter);
                }
                statement.execute();
                table = "timeline_rows";
            } catch (SQLException e) {
                table = "events";
            }
        }
        try {
            return walk(query, sink, table);
        } finally {
            if (!table.equals("events")) {
                try (var statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS timeline_rows");
                }
            }
        }
    }

    private static final String COLUMNS = "event_time, source, account_id, region, principal, action, resource, outcome, src_ip, message";

    private long walk(TimelineQuery query, Predicate<TimelineEntry> sink, String table) throws SQLException {
        List<Object> filterParameters = new ArrayList<>();
        String filter = query.filter(filterParameters, table.equals("events"));
        Instant[] span = span(table, filter, filterParameters, query);
        if (span == null) {
            return 0;
        }
        Instant start = span[0];
        Instant end = span[1].plusNanos(1000);
        long total = span[2] == null ? 0 : span[2].getEpochSecond();
        long spanSeconds = Math.max(1, Duration.between(start, end).getSeconds());
        long sliceSeconds = Math.max(60, total <= TARGET_SLICE_ROWS ? spanSeconds + 1 : spanSeconds * TARGET_SLICE_ROWS / total);
        FindingsTable findings = new FindingsTable(connection);
        Collapser collapser = new Collapser(query.gap(), sink);
        // with an entity, the findings that name it are marked; with a source filter, none (they span sources)
        List<Finding> entityFindings = query.entity() == null || !query.sources().isEmpty() ? List.of()
                : findings.touching(query.entity(), 10_000).stream().filter(f -> f.time() != null)
                        .sorted(java.util.Comparator.comparing(Finding::time)).toList();
        boolean dated = dated(table);
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE " + filter + " AND event_time >= ? AND event_time < ? %s"
                + "ORDER BY event_time, row_id";
        Instant sliceStart = start;
        while (sliceStart.isBefore(end) && !collapser.stopped) {
            Instant sliceEnd = sliceStart.plusSeconds(sliceSeconds);
            if (sliceEnd.isAfter(end)) {
                sliceEnd = end;
            }
            // the slice's dates as literals, so that only the parts of those dates are read
            String dates = dated ? "AND " + CaseParts.partDates(sliceStart, sliceEnd) + " " : "";
            try (PreparedStatement statement = connection.prepareStatement(sql.formatted(dates))) {
                Deque<Finding> sliceFindings = new ArrayDeque<>(findingsIn(findings, entityFindings, query, sliceStart, sliceEnd));
                int index = 1;
                for (Object parameter : filterParameters) {
                    statement.setObject(index++, parameter);
                }
                statement.setObject(index++, CaseTables.sqlTime(sliceStart));
                statement.setObject(index, CaseTables.sqlTime(sliceEnd));
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next() && !collapser.stopped) {
                        Instant time = CaseTables.instant(result, 1);
                        while (!sliceFindings.isEmpty() && sliceFindings.peek().time().isBefore(time)) {
                            collapser.finding(sliceFindings.poll());
                        }
                        collapser.row(time, result.getString(2), result.getString(3), result.getString(4),
                                result.getString(5), result.getString(6), result.getString(7), result.getString(8),
                                result.getString(9), result.getString(10));
                    }
                }
                while (!sliceFindings.isEmpty() && !collapser.stopped) {
                    collapser.finding(sliceFindings.poll());
                }
            }
            sliceStart = sliceEnd;
        }
        collapser.finish();
        return collapser.emitted;
    }

    private static List<Finding> findingsIn(FindingsTable findings, List<Finding> entityFindings, TimelineQuery query,
            Instant from, Instant to) throws SQLException {
        if (!query.sources().isEmpty()) {
            return List.of();
        }
        if (query.entity() == null) {
            return findings.between(from, to);
        }
        return entityFindings.stream().filter(f -> !f.time().isBefore(from) && f.time().isBefore(to)).toList();
    }

    /**
     * As {@link #span} for every event in the query's time range, from the times the catalogue lists per part
     * rather than a scan of every part. A part's first and last time bound its events', and its row count stands
     * in for theirs: a start a little early only costs an empty slice, and the count only sizes the slices.
     */
    private Instant[] catalogueSpan(TimelineQuery query) throws SQLException {
        LocalDateTime from = query.from() == null ? LocalDateTime.of(1, 1, 1, 0, 0) : CaseTables.sqlTime(query.from());
        // the last instant shown, the bound being exclusive
        LocalDateTime last = query.to() == null ? LocalDateTime.of(9999, 12, 31, 0, 0) : CaseTables.sqlTime(query.to()).minusNanos(1000);
        StringBuilder sql = new StringBuilder("SELECT min(lo), max(hi), sum(n) FROM (SELECT greatest(min_time, ?) AS lo, "
                + "least(max_time, ?) AS hi, rows AS n FROM parts WHERE table_name <> ? AND max_time >= ? AND min_time <= ?");
        List<Object> parameters = new ArrayList<>(List.of(from, last, CaseParts.KEYS_TABLE, from, last));
        // derived rows are catalogue tables, not parts
        for (String derived : CaseParts.DERIVED_EVENT_TABLES) {
            if (CaseTables.exists(connection, derived) && CaseTables.columns(connection, derived).contains("event_time")) {
                sql.append(" UNION ALL SELECT min(event_time), max(event_time), count(*) FROM ").append(derived)
                        .append(" WHERE event_time >= ? AND event_time <= ?");
                parameters.addAll(List.of(from, last));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.append(")").toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next() || result.getObject(1) == null) {
                    return null;
                }
                return new Instant[] {CaseTables.instant(result, 1), CaseTables.instant(result, 2),
                        Instant.ofEpochSecond(result.getLong(3))};
            }
        }
    }

    /** Whether the table has the parts' dates to bound slices by (not a temporary copy, nor a case's old views). */
    private boolean dated(String table) throws SQLException {
        return table.equals("events") && CaseTables.columns(connection, "events").contains(CaseParts.PART_DATE);
    }

    /** min, max and count (as seconds of an instant, to keep one return) of the rows the query selects. */
    private Instant[] span(String table, String filter, List<Object> parameters, TimelineQuery query) throws SQLException {
        if (dated(table) && query.entity() == null && query.sources().isEmpty() && CaseTables.exists(connection, "parts")) {
            return catalogueSpan(query);
        }
        StringBuilder sql = new StringBuilder("SELECT min(event_time), max(event_time), count(*) FROM ").append(table)
                .append(" WHERE ").append(filter);
        List<Object> all = new ArrayList<>(parameters);
        if (dated(table) && (query.from() != null || query.to() != null)) {
            sql.append(" AND ").append(CaseParts.partDates(query.from(), query.to()));
        }
        if (query.from() != null) {
            sql.append(" AND event_time >= ?");
            all.add(CaseTables.sqlTime(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND event_time < ?");
            all.add(CaseTables.sqlTime(query.to()));
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < all.size(); i++) {
                statement.setObject(i + 1, all.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next() || result.getObject(1) == null) {
                    return null;
                }
                return new Instant[] {CaseTables.instant(result, 1), CaseTables.instant(result, 2),
                        Instant.ofEpochSecond(result.getLong(3))};
            }
        }
    }

    /** The part of a resource that repeated rows share: a bucket of bucket/key, a host of host/uri, an ARN up to its path. */
    static String resourcePrefix(String resource) {
        if (resource == null) {
            return "";
        }
        if (resource.startsWith("/")) {
            // a log group path: its streams share everything up to the last slash
            int last = resource.lastIndexOf('/');
            return last <= 0 ? resource : resource.substring(0, last);
        }
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(0, slash);
    }

    /** Collapses rows into runs; emits runs in order of their first row once no later row can join them. */
    private static final class Collapser {
        private final Duration gap;
        private final Predicate<TimelineEntry> sink;
        private final Map<List<String>, Pending> open = new HashMap<>();
        /** Open runs and pending findings in order of first appearance; the head is emitted once it is closed. */
        private final Deque<Object> order = new ArrayDeque<>();
        private boolean stopped;
        private long emitted;

        Collapser(Duration gap, Predicate<TimelineEntry> sink) {
            this.gap = gap;
            this.sink = sink;
        }

        void row(Instant time, String source, String account, String region, String principal, String action,
                String resource, String outcome, String srcIp, String message) {
            closeBefore(time);
            List<String> key = java.util.Arrays.asList(source, account, region, principal, action, resourcePrefix(resource));
            Run run = (Run) open.get(key);
            if (run != null && !run.closed && Duration.between(run.last, time).compareTo(gap) <= 0) {
                run.add(time, resource, outcome, srcIp);
                return;
            }
            if (run != null) {
                run.closed = true;
            }
            Run fresh = new Run(key, time, source, account, region, principal, action, resource, outcome, srcIp, message);
            open.put(key, fresh);
            order.add(fresh);
            drain();
        }

        /** Findings of one rule for the same principal and address collapse like rows: 40 SSRF hits make one line. */
        void finding(Finding finding) {
            closeBefore(finding.time());
            List<String> key = java.util.Arrays.asList("\u0000finding", finding.ruleId(), finding.title(), finding.principal(),
                    finding.srcIp());
            FindingRun run = (FindingRun) open.get(key);
            if (run != null && !run.closed && Duration.between(run.last, finding.time()).compareTo(gap) <= 0) {
                run.add(finding.time());
                return;
            }
            if (run != null) {
                run.closed = true;
            }
            FindingRun fresh = new FindingRun(finding);
            open.put(key, fresh);
            order.add(fresh);
            drain();
        }

        /** Runs whose last row is more than the gap before {@code time} can take no more rows. */
        private void closeBefore(Instant time) {
            if (open.size() > 4096 || !order.isEmpty() && order.peek() instanceof Pending head && isStale(head, time)) {
                for (Iterator<Pending> it = open.values().iterator(); it.hasNext();) {
                    Pending run = it.next();
                    if (isStale(run, time)) {
                        run.closed = true;
                        it.remove();
                    }
                }
                drain();
            }
        }

        private boolean isStale(Pending run, Instant time) {
            return Duration.between(run.last, time).compareTo(gap) > 0;
        }

        private void drain() {
            while (!order.isEmpty() && !stopped) {
                Object head = order.peek();
                if (head instanceof Pending run && !run.closed) {
                    return;
                }
                order.poll();
                emit(((Pending) head).entry());
            }
        }

        void finish() {
            for (Pending run : open.values()) {
                run.closed = true;
            }
            open.clear();
            drain();
        }

        private void emit(TimelineEntry entry) {
            if (stopped) {
                return;
            }
            emitted++;
            if (!sink.test(entry)) {
                stopped = true;
            }
        }
    }

    /** A line still open to more rows or findings of its kind. */
    private abstract static class Pending {
        Instant last;
        boolean closed;

        abstract TimelineEntry entry();
    }

    /** Findings of one rule, principal and address gathered so far; the first one stands for them. */
    private static final class FindingRun extends Pending {
        final Finding finding;
        long count = 1;

        FindingRun(Finding finding) {
            this.finding = finding;
            this.last = finding.time();
        }

        void add(Instant time) {
            last = time;
            count++;
        }

        @Override
        TimelineEntry entry() {
            return new TimelineEntry(finding.time(), last, count, finding.source() == null ? "finding" : finding.source(),
                    finding.accountId(), null, finding.principal(), finding.ruleId(), null, null, finding.srcIp(),
                    finding.title(), finding);
        }
    }

    /** Rows of one kind gathered so far. */
    private static final class Run extends Pending {
        final List<String> key;
        final Instant first;
        long count = 1;
        final String source;
        final String account;
        final String region;
        final String principal;
        final String action;
        final String resource;
        String outcome;
        String srcIp;
        final String message;
        Run(List<String> key, Instant time, String source, String account, String region, String principal, String action,
                String resource, String outcome, String srcIp, String message) {
            this.key = key;
            this.first = time;
            this.last = time;
            this.source = source;
            this.account = account;
            this.region = region;
            this.principal = principal;
            this.action = action;
            this.resource = resource;
            this.outcome = outcome;
            this.srcIp = srcIp;
            this.message = message;
        }

        void add(Instant time, String resource, String rowOutcome, String rowSrcIp) {
            last = time;
            count++;
            if (!Objects.equals(outcome, rowOutcome)) {
                outcome = "mixed";
            }
            if (!Objects.equals(srcIp, rowSrcIp)) {
                srcIp = srcIp == null || srcIp.endsWith("+") ? srcIp : srcIp + " +";
            }
        }

        @Override
        TimelineEntry entry() {
            return new TimelineEntry(first, last, count, source, account, region, principal, action,
                    count == 1 ? resource : key.get(5).isEmpty() ? null : key.get(5), outcome, srcIp, count == 1 ? message : null, null);
        }
    }
}
