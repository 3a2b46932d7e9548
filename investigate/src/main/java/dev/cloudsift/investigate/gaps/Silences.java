package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
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
 * to judge and are skipped. The median, unlike the
 * mean, is not pulled up by the silences it is meant to find, nor by nights and weekends in a bursty series.
 */
public final class Silences {
    public static final int FACTOR = 6;
    public static final Duration MINIMUM = Duration.ofMinutes(20);
    public static final int MINIMUM_ACTIVE_MINUTES = 20;
    /** A series observed for less than this (one burst of activity) has no rhythm to break. */
    public static final Duration MINIMUM_SPAN = Duration.ofHours(6);

    private static final String SQL = """
            WITH minutes AS (
              SELECT DISTINCT coalesce(account_id, '') AS account_id, coalesce(region, '') AS region, source,
                     date_trunc('minute', event_time) AS t
              FROM events WHERE event_time IS NOT NULL AND source <> 'metrics'),
            gaps AS (
              SELECT account_id, region, source, t,
                     lag(t) OVER (PARTITION BY account_id, region, source ORDER BY t) AS previous
              FROM minutes),
            rhythm AS (
              SELECT account_id, region, source, median(epoch(t) - epoch(previous)) AS typical, count(*) + 1 AS active,
                     epoch(max(t)) - epoch(min(previous)) AS span
              FROM gaps WHERE previous IS NOT NULL GROUP BY account_id, region, source)
            SELECT g.account_id, g.region, g.source, g.previous, g.t, r.typical
            FROM gaps g JOIN rhythm r ON g.account_id = r.account_id AND g.region = r.region AND g.source = r.source
            WHERE g.previous IS NOT NULL AND r.active >= %d AND r.span >= %d
              AND epoch(g.t) - epoch(g.previous) >= greatest(%d * r.typical, %d)
            ORDER BY g.account_id, g.region, g.source, g.previous""".formatted(MINIMUM_ACTIVE_MINUTES, MINIMUM_SPAN.toSeconds(), FACTOR, MINIMUM.toSeconds());

    private final Connection connection;

    public Silences(Connection connection) {
        this.connection = connection;
    }

    public List<Silence> find() throws SQLException {
        List<Silence> silences = new ArrayList<>();
        if (!CaseTables.exists(connection, "events")) {
            return silences;
        }
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(SQL)) {
            while (result.next()) {
                silences.add(new Silence(result.getString(1), result.getString(2), result.getString(3),
                        CaseTables.instant(result, 4), CaseTables.instant(result, 5),
                        Duration.ofSeconds(Math.round(result.getDouble(6)))));
            }
        }
        return silences;
    }
}
