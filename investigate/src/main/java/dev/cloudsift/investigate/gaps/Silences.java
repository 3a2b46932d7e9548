package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.store.summary.CaseSummaries;
import dev.cloudsift.store.summary.Summaries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds silences: per account, region and source, the series is cut to active minutes (minutes holding at least one
 * record) and each gap between active minutes is compared with the series' own rhythm, the median gap. A gap is a
 * silence when it is at least {@link #FACTOR} times the median and at least {@link #MINIMUM}; series with fewer than
 * {@link #MINIMUM_ACTIVE_MINUTES} active minutes or observed for less than {@link #MINIMUM_SPAN} have no rhythm
 * to judge and are skipped. A series that stops while the case goes on (a trail switched off while Event history,
 * flow logs or host logs continue) is silent until the end of the case, judged by the same rhythm; that needs
 * a shorter span ({@link #MINIMUM_TRAILING_SPAN}). Series are kept apart by the format that delivered them, so a
 * trail's S3 delivery going quiet shows even when Event history dumps of the same events continue. The median, unlike the
 * mean, is not pulled up by the silences it is meant to find, nor by nights and weekends in a bursty series. The
 * active minutes come from the catalogue's activity summary ({@link CaseSummaries#ACTIVITY}), not from the records.
 */
public final class Silences {
    public static final int FACTOR = 6;
    public static final Duration MINIMUM = Duration.ofMinutes(20);
    public static final int MINIMUM_ACTIVE_MINUTES = 20;
    /**
     * A series observed for less than this (one burst of activity) has no rhythm to break. Four hours: a day's
     * export of a busy account (hours, not days, of logs) must still show a trail stopped for two of them.
     */
    public static final Duration MINIMUM_SPAN = Duration.ofHours(4);
    /** A series must have run this long before its stopping counts: a half-hour burst that ends is not a silence. */
    public static final Duration MINIMUM_TRAILING_SPAN = Duration.ofHours(2);

    /**
     * Gaps between active minutes of a series, read from the activity summary: within a date the summary holds each
     * minute's predecessor; across dates the first minute of a date follows the series' last minute of its previous
     * date. %1$s is the summary's rows.
     */
    private static final String GAPS = """
            m AS (SELECT account_id, region, source || coalesce(' (' || format || ')', '') AS source, part_date, minute, previous
                  FROM %1$s),
            bounds AS (SELECT account_id, region, source, part_date, min(minute) AS first, max(minute) AS last FROM m GROUP BY ALL),
            gaps AS (
              SELECT account_id, region, source, minute AS t, previous FROM m WHERE previous IS NOT NULL
              UNION ALL
              SELECT account_id, region, source, first AS t,
                     lag(last) OVER (PARTITION BY account_id, region, source ORDER BY part_date) AS previous
              FROM bounds),
            case_end AS (SELECT max(last) AS t FROM bounds)""";

    /**
     * The same gaps from the summary's minutes alone, whatever date holds them: used when a series' dates overlap (a
     * part holding rows of another date's time), where the predecessors within a date are not the series' own.
     */
    private static final String GAPS_BY_MINUTE = """
            minutes AS (
              SELECT DISTINCT account_id, region, source || coalesce(' (' || format || ')', '') AS source, minute AS t
              FROM %1$s),
            gaps AS (
              SELECT account_id, region, source, t,
                     lag(t) OVER (PARTITION BY account_id, region, source ORDER BY t) AS previous
              FROM minutes),
            case_end AS (SELECT max(t) AS t FROM minutes)""";

    private static final String OVERLAPS = """
            SELECT count(*) FROM (
              SELECT first, lag(last) OVER (PARTITION BY account_id, region, source, format ORDER BY part_date) AS before
              FROM (SELECT part_date, account_id, region, source, format, min(minute) AS first, max(minute) AS last
                    FROM %1$s GROUP BY ALL))
            WHERE before >= first""";

    private static final String SQL = """
            WITH %%s,
            rhythm AS (
              SELECT account_id, region, source, median(epoch(t) - epoch(previous)) AS typical, count(*) + 1 AS active,
                     epoch(max(t)) - epoch(min(previous)) AS span, max(t) AS last
              FROM gaps WHERE previous IS NOT NULL GROUP BY account_id, region, source)
            SELECT g.account_id, g.region, g.source, g.previous, g.t, r.typical, false AS until_end
            FROM gaps g JOIN rhythm r ON g.account_id = r.account_id AND g.region = r.region AND g.source = r.source
            WHERE g.previous IS NOT NULL AND r.active >= %1$d AND r.span >= %2$d
              AND epoch(g.t) - epoch(g.previous) >= greatest(%3$d * r.typical, %4$d)
            UNION ALL
            SELECT r.account_id, r.region, r.source, r.last, c.t, r.typical, true AS until_end
            FROM rhythm r, case_end c
            WHERE r.active >= %1$d AND r.span >= %5$d AND epoch(c.t) - epoch(r.last) >= greatest(%3$d * r.typical, %4$d)
            ORDER BY 1, 2, 3, 4""".formatted(MINIMUM_ACTIVE_MINUTES, MINIMUM_SPAN.toSeconds(), FACTOR, MINIMUM.toSeconds(),
            MINIMUM_TRAILING_SPAN.toSeconds());

    private final Connection connection;

    public Silences(Connection connection) {
        this.connection = connection;
    }

    public List<Silence> find() throws SQLException {
        List<Silence> silences = new ArrayList<>();
        if (!CaseTables.exists(connection, "events")) {
            return silences;
        }
        String activity = Summaries.rows(connection, CaseSummaries.ACTIVITY);
        String gaps;
        try (Statement statement = connection.createStatement();
             ResultSet overlaps = statement.executeQuery(OVERLAPS.formatted(activity))) {
            overlaps.next();
            gaps = (overlaps.getLong(1) == 0 ? GAPS : GAPS_BY_MINUTE).formatted(activity);
        }
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(SQL.formatted(gaps))) {
            while (result.next()) {
                silences.add(new Silence(result.getString(1), result.getString(2), result.getString(3),
                        CaseTables.instant(result, 4), CaseTables.instant(result, 5),
                        Duration.ofSeconds(Math.round(result.getDouble(6))), result.getBoolean(7)));
            }
        }
        return silences;
    }
}
