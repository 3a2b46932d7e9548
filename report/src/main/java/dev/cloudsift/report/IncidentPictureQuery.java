package dev.cloudsift.report;

import dev.cloudsift.core.Anomalies;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.gaps.Silence;
import dev.cloudsift.investigate.gaps.TamperingEvent;
import dev.cloudsift.investigate.suspects.Suspect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what {@link IncidentPicture} draws from the case: records and findings per lane and time bucket, counted in
 * SQL so the picture costs a few scans whatever the case's size. Only plausible times (those not flagged
 * {@code time_out_of_range}) set the range, so one record dated 1970 or 9999 cannot squeeze the incident into a pixel.
 */
final class IncidentPictureQuery {
    /** Sources beyond the busiest few share one "other sources" lane. */
    static final int MAX_SOURCE_LANES = 10;
    static final int MAX_SUSPECT_LANES = 5;
    /** The suspects whose high and critical findings mark the attacker's first and last activity. */
    static final int ATTACKER_SUSPECTS = MAX_SUSPECT_LANES;
    static final String OTHER = "other sources";

    private static final Set<String> STOPS = Set.of("StopLogging", "DeleteTrail");

    private final Connection connection;
    private final AddressPlaces places;
    private final Set<String> findingColumns;

    IncidentPictureQuery(Connection connection, AddressPlaces places) throws SQLException {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.places = Objects.requireNonNull(places, "places");
        this.findingColumns = CaseTables.columns(connection, "findings");
    }

    /** The model, or null when the case has no record with a plausible time. */
    @Nullable IncidentPicture.Model read(List<Suspect> suspects, GapAnalysis gaps) throws SQLException {
        Instant[] range = range();
        if (range == null) {
            return null;
        }
        Instant start = range[0];
        long span = Math.max(60_000, Duration.between(start, range[1]).toMillis() + 1);
        long binMillis = Math.max(1, (span + IncidentPicture.BINS - 1) / IncidentPicture.BINS);
        Bins bins = new Bins(start, binMillis);
        Instant end = start.plusMillis(binMillis * IncidentPicture.BINS);

        List<IncidentPicture.Lane> lanes = new ArrayList<>(sourceLanes(bins, gaps));
        List<String> attackers = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (Suspect suspect : suspects) {
            if (lanes.size() >= MAX_SOURCE_LANES + 1 + MAX_SUSPECT_LANES || attackers.size() >= MAX_SUSPECT_LANES) {
                break;
            }
            String column = switch (suspect.kind()) {
                case "ip" -> "src_ip";
                case "principal" -> "principal";
                case "access key" -> "access_key_id";
                default -> null;
            };
            if (column == null) {
                continue;
            }
            attackers.add(suspect.value());
            lanes.add(suspectLane(suspect, column, bins));
            if (attackers.size() <= ATTACKER_SUSPECTS) {
                Instant[] times = findingTimes(suspect.value());
                if (times != null) {
                    first = first == null || times[0].isBefore(first) ? times[0] : first;
                    last = last == null || times[1].isAfter(last) ? times[1] : last;
                }
            }
        }
        List<IncidentPicture.Span> tampering = new ArrayList<>();
        List<IncidentPicture.Span> failed = new ArrayList<>();
        for (TamperingEvent event : gaps.tampering()) {
            String title = event.action() + " by " + orNone(event.principal()) + " from " + orNone(event.srcIp()) + ": " + event.effect();
            if (event.failed()) {
                failed.add(new IncidentPicture.Span(event.time(), event.time(), "refused (" + event.errorCode() + "): " + title));
            } else {
                Instant until = STOPS.contains(event.action()) ? restarted(event, end) : event.time();
                tampering.add(new IncidentPicture.Span(event.time(), until, title
                        + (until.equals(event.time()) ? "" : until.equals(end) ? "; not restarted in the case" : "; logging restarted")));
            }
        }
        String attackerTitle = "first and last high or critical finding of the top suspects " + String.join(", ",
                attackers.subList(0, Math.min(ATTACKER_SUSPECTS, attackers.size())));
        return new IncidentPicture.Model(start, end, IncidentPicture.BINS, lanes, tampering, failed, first, last, attackerTitle);
    }

    private Instant @Nullable [] range() throws SQLException {
        Instant first = null;
        Instant last = null;
        List<String> sql = new ArrayList<>(List.of("SELECT min(event_time), max(event_time) FROM events" + plausible("event_time")));
        if (findingColumns.contains("time")) {
            sql.add("SELECT min(time), max(time) FROM findings" + plausible("time"));
        }
        for (String query : sql) {
            try (PreparedStatement statement = connection.prepareStatement(query)) {
                bindPlausible(statement, 1);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getObject(1) != null) {
                        Instant low = CaseTables.instant(result, 1);
                        Instant high = CaseTables.instant(result, 2);
                        first = first == null || low.isBefore(first) ? low : first;
                        last = last == null || high.isAfter(last) ? high : last;
                    }
                }
            }
            if (first == null) {
                return null; // no records: findings alone do not make a picture
            }
        }
        return new Instant[] {first, last};
    }

    private List<IncidentPicture.Lane> sourceLanes(Bins bins, GapAnalysis gaps) throws SQLException {
        Map<String, Long> totals = new LinkedHashMap<>();
        Map<String, Long> undated = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(source, '(none)') AS s, count(*) AS n,"
                + " count(*) FILTER (WHERE event_time IS NULL OR event_time < ? OR event_time >= ?) FROM events GROUP BY s ORDER BY n DESC, s")) {
            bindPlausible(statement, 1);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    totals.put(result.getString(1), result.getLong(2));
                    undated.put(result.getString(1), result.getLong(3));
                }
            }
        }
        List<String> names = new ArrayList<>(totals.keySet());
        boolean other = names.size() > MAX_SOURCE_LANES;
        List<String> shown = new ArrayList<>(names.subList(0, Math.min(names.size(), other ? MAX_SOURCE_LANES - 1 : MAX_SOURCE_LANES)));
        shown.sort(String::compareTo);
        if (other) {
            shown.add(OTHER);
        }
        Map<String, long[]> density = new LinkedHashMap<>();
        Map<String, List<IncidentPicture.Mark>> marks = new LinkedHashMap<>();
        Map<String, List<IncidentPicture.Span>> silences = new LinkedHashMap<>();
        for (String name : shown) {
            density.put(name, new long[IncidentPicture.BINS]);
            marks.put(name, new ArrayList<>());
            silences.put(name, new ArrayList<>());
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(source, '(none)'), " + bins.sql("event_time")
                + " AS bin, count(*) FROM events" + plausible("event_time") + " GROUP BY ALL")) {
            bins.bind(statement, 1);
            bindPlausible(statement, 4);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    long[] lane = density.get(laneOf(result.getString(1), density, other));
                    if (lane != null) {
                        lane[result.getInt(2)] += result.getLong(3);
                    }
                }
            }
        }
        if (findingColumns.contains("time") && findingColumns.contains("level") && findingColumns.contains("source")) {
            readMarks("CAST(source AS VARCHAR)", "TRUE", List.of(), bins, (key, mark) -> {
                List<IncidentPicture.Mark> lane = marks.get(laneOf(key, density, other));
                if (lane != null) {
                    lane.add(mark);
                }
            });
        }
        for (Silence silence : gaps.silences()) {
            List<IncidentPicture.Span> lane = silences.get(laneOf(silence.source(), density, other));
            if (lane != null) {
                lane.add(new IncidentPicture.Span(silence.lastBefore(), silence.firstAfter(), "no " + silence.source() + " records in "
                        + silence.accountId() + " " + silence.region() + " (usually every " + Math.max(1, silence.typicalGap().toMinutes())
                        + " min)" + (silence.untilCaseEnd() ? ", not resumed by the end of the case" : "")));
            }
        }
        List<IncidentPicture.Lane> lanes = new ArrayList<>();
        for (String name : shown) {
            List<String> members = name.equals(OTHER) ? names.subList(MAX_SOURCE_LANES - 1, names.size()) : List.of(name);
            long records = members.stream().mapToLong(totals::get).sum();
            long notDrawn = members.stream().mapToLong(undated::get).sum();
            int silent = silences.get(name).size();
            String detail = IncidentPicture.count(records) + " records"
                    + (name.equals(OTHER) ? " from " + members.size() + " sources" : "")
                    + (notDrawn == 0 ? "" : " (" + IncidentPicture.count(notDrawn) + " without a plausible time, not drawn)")
                    + (silent == 0 ? "" : " · " + silent + " silence" + (silent == 1 ? "" : "s"));
            lanes.add(new IncidentPicture.Lane("source", name, detail, density.get(name), merge(marks.get(name)), silences.get(name)));
        }
        return lanes;
    }

    private IncidentPicture.Lane suspectLane(Suspect suspect, String column, Bins bins) throws SQLException {
        long[] density = new long[IncidentPicture.BINS];
        long records = 0;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + bins.sql("event_time") + " AS bin, count(*) FROM events"
                + plausible("event_time") + " AND " + column + " = ? GROUP BY ALL")) {
            bins.bind(statement, 1);
            bindPlausible(statement, 4);
            statement.setString(6, suspect.value());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    density[result.getInt(1)] += result.getLong(2);
                    records += result.getLong(2);
                }
            }
        }
        List<IncidentPicture.Mark> marks = new ArrayList<>();
        List<String> matches = matchColumns();
        if (!matches.isEmpty() && findingColumns.contains("time") && findingColumns.contains("level")) {
            readMarks("''", "(" + String.join(" OR ", matches.stream().map(c -> c + " = ?").toList()) + ")",
                    matches.stream().map(c -> suspect.value()).toList(), bins, (key, mark) -> marks.add(mark));
        }
        String place = suspect.kind().equals("ip") ? places.describe(suspect.value()) : null;
        // where an address is matters more than its record count, which the tooltip still gives
        String detail = suspect.kind() + ", score " + suspect.score() + " · " + (place != null ? place + " · " : "")
                + IncidentPicture.count(records) + " records";
        return new IncidentPicture.Lane("suspect", suspect.value(), detail, density, merge(marks), List.of());
    }

    /**
     * Min and max time of the high and critical findings naming the value, or null: a suspect's medium scanning noise
     * should not stretch the attacker's activity.
     */
    private Instant @Nullable [] findingTimes(String value) throws SQLException {
        List<String> matches = matchColumns();
        if (matches.isEmpty() || !findingColumns.contains("time") || !findingColumns.contains("level")) {
            return null;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT min(time), max(time) FROM findings" + plausible("time")
                + " AND lower(level) IN ('high', 'critical') AND ("
                + String.join(" OR ", matches.stream().map(c -> "CAST(" + c + " AS VARCHAR) = ?").toList()) + ")")) {
            bindPlausible(statement, 1);
            for (int i = 0; i < matches.size(); i++) {
                statement.setString(3 + i, value);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getObject(1) != null) {
                    return new Instant[] {CaseTables.instant(result, 1), CaseTables.instant(result, 2)};
                }
            }
        }
        return null;
    }

    private List<String> matchColumns() {
        return List.of("principal", "src_ip", "access_key_id").stream().filter(findingColumns::contains).toList();
    }

    private interface MarkSink {
        void accept(String key, IncidentPicture.Mark mark);
    }

    /** Findings per key, level and bin: how many, and the commonest title with how many others. */
    private void readMarks(String key, String where, List<String> values, Bins bins, MarkSink sink) throws SQLException {
        String sql = "SELECT coalesce(" + key + ", '') AS k, coalesce(level, 'unknown') AS lvl, " + bins.sql("time")
                + " AS bin, count(*), mode(title), count(DISTINCT title) FROM findings" + plausible("time") + " AND " + where
                + " GROUP BY ALL";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bins.bind(statement, 1);
            bindPlausible(statement, 4);
            for (int i = 0; i < values.size(); i++) {
                statement.setString(6 + i, values.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    long others = result.getLong(6) - 1;
                    String title = String.valueOf(result.getString(5)) + (others > 0 ? " and " + others + " other rule"
                            + (others == 1 ? "" : "s") : "");
                    sink.accept(result.getString(1), new IncidentPicture.Mark(result.getInt(3), result.getString(2), result.getLong(4), title));
                }
            }
        }
    }

    /** Marks of the same level and bin from lanes merged into one (the "other sources" lane), counts added. */
    private static List<IncidentPicture.Mark> merge(List<IncidentPicture.Mark> marks) {
        Map<String, IncidentPicture.Mark> merged = new LinkedHashMap<>();
        for (IncidentPicture.Mark mark : marks) {
            merged.merge(mark.bin() + "\u0000" + mark.level(), mark, (a, b) -> new IncidentPicture.Mark(a.bin(), a.level(),
                    a.count() + b.count(), a.count() >= b.count() ? a.title() + "; " + b.title() : b.title() + "; " + a.title()));
        }
        return List.copyOf(merged.values());
    }

    private static @Nullable String laneOf(@Nullable String source, Map<String, ?> lanes, boolean other) {
        if (source != null && lanes.containsKey(source) && !source.equals(OTHER)) {
            return source;
        }
        return other ? OTHER : null;
    }

    /** When logging stopped by this call was started again (StartLogging or a new trail in the account), else the case end. */
    private Instant restarted(TamperingEvent stop, Instant end) throws SQLException {
        if (!CaseTables.exists(connection, "cloudtrail")) {
            return end;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT min(event_time) FROM cloudtrail WHERE event_name IN ('StartLogging', 'CreateTrail') AND event_time > ?
                  AND coalesce(error_code, '') = '' AND (? IS NULL OR coalesce(recipient_account_id, user_account_id) = ?)""")) {
            statement.setObject(1, CaseTables.sqlTime(stop.time()));
            statement.setString(2, stop.accountId());
            statement.setString(3, stop.accountId());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getObject(1) != null ? CaseTables.instant(result, 1) : end;
            }
        }
    }

    private static String orNone(@Nullable String value) {
        return value == null || value.isEmpty() ? "(unknown)" : value;
    }

    private static String plausible(String column) {
        return " WHERE " + column + " >= ? AND " + column + " < ?";
    }

    private static void bindPlausible(PreparedStatement statement, int index) throws SQLException {
        statement.setObject(index, CaseTables.sqlTime(Anomalies.PLAUSIBLE_FROM));
        statement.setObject(index + 1, CaseTables.sqlTime(Anomalies.PLAUSIBLE_TO));
    }

    /** The SQL bucket of a time column: whole bins from the start, clamped to the picture. */
    private record Bins(Instant start, long millis) {
        String sql(String column) {
            return "CAST(least(greatest(floor((epoch_ms(" + column + ") - ?) / ?), 0), ?) AS INTEGER)";
        }

        void bind(PreparedStatement statement, int index) throws SQLException {
            statement.setLong(index, start.toEpochMilli());
            statement.setDouble(index + 1, millis);
            statement.setInt(index + 2, IncidentPicture.BINS - 1);
        }
    }
}
