package dev.cloudsift.store.enrich;

import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds metric points far above their own series' baseline, so an exfiltration's NetworkOut or a miner's
 * CPUUtilization shows on the timeline as an {@code events} row (source {@code metrics}).
 *
 * <p>A series is one (account, region, namespace, metric, dimensions, statistic); Minimum and SampleCount are
 * not scored. Its baseline is the median and its spread the median absolute deviation (MAD), both robust to the
 * spike itself. A point is a spike when its robust z-score {@code (value - median) / (1.4826 * MAD)} is at least
 * {@value #THRESHOLD} and the value is at least {@value #MINIMUM_RATIO} times the median, in a series of at least
 * {@value #MINIMUM_POINTS} points. When more than half the points are equal (MAD = 0), the mean absolute deviation
 * times 1.2533 stands in for the scaled MAD; a series whose points are all equal has no spike. Where several
 * statistics of one metric spike at the same time, the one with the highest score is reported.
 */
public final class MetricSpikes {
    /** Robust z-score a point must reach: far in the tail, so long quiet series do not raise noise. */
    public static final double THRESHOLD = 6.0;
    /** A spike is also at least this many times the series median (a flat series' small wobble is not one). */
    public static final double MINIMUM_RATIO = 2.0;
    /** Shorter series have no baseline worth the name. */
    public static final int MINIMUM_POINTS = 8;

    private static final String KEYS = "account_key, region_key, namespace_key, metric_key, dimensions_key, statistic_key";

    private MetricSpikes() {}

    /**
     * A query over the {@code metrics} table returning one row per spike, with the columns of the {@code events}
     * table it fills ({@code event_time, source, account_id, region, action, outcome, resource, bytes, message}),
     * a {@code dedupe_key}, and the evidence ({@code namespace, metric, dimensions, statistic, value, unit,
     * baseline, mad, robust_z, points}).
     */
    public static String sql() {
        return """
                WITH points AS (
                  SELECT coalesce(account_id, '') AS account_key, coalesce(region, '') AS region_key,
                         coalesce(namespace, '') AS namespace_key,
                         coalesce(metric, label, metric_id, '') AS metric_key,
                         coalesce(CAST(dimensions AS VARCHAR), '') AS dimensions_key,
                         coalesce(statistic, '') AS statistic_key,
                         account_id, region, namespace, coalesce(metric, label, metric_id) AS metric,
                         CAST(dimensions AS VARCHAR) AS dimensions, resource, statistic, unit, event_time, value
                  FROM metrics
                  WHERE value IS NOT NULL AND isfinite(value) AND event_time IS NOT NULL
                    AND coalesce(statistic, '') NOT IN ('Minimum', 'SampleCount')
                ),
                unique_points AS (
                  SELECT DISTINCT ON (%1$s, event_time) * FROM points
                ),
                baselines AS (
                  SELECT %1$s, count(*) AS points, median(value) AS baseline
                  FROM unique_points GROUP BY %1$s HAVING count(*) >= %2$d
                ),
                spreads AS (
                  SELECT b.account_key, b.region_key, b.namespace_key, b.metric_key, b.dimensions_key, b.statistic_key,
                         any_value(b.points) AS points, any_value(b.baseline) AS baseline,
                         median(abs(p.value - b.baseline)) AS mad, avg(abs(p.value - b.baseline)) AS mean_deviation
                  FROM unique_points p JOIN baselines b USING (%1$s)
                  GROUP BY b.account_key, b.region_key, b.namespace_key, b.metric_key, b.dimensions_key, b.statistic_key
                ),
                scored AS (
                  SELECT p.*, s.points, s.baseline, s.mad,
                         (p.value - s.baseline)
                           / CASE WHEN s.mad > 0 THEN 1.4826 * s.mad ELSE 1.2533 * s.mean_deviation END AS robust_z
                  FROM unique_points p JOIN spreads s USING (%1$s)
                  WHERE s.mad > 0 OR s.mean_deviation > 0
                )
                SELECT event_time, 'metrics' AS source, account_id, region, metric || ' spike' AS action,
                       'unknown' AS outcome, resource,
                       CASE WHEN unit = 'Bytes' THEN CAST(value AS BIGINT) END AS bytes,
                       format('{} {} = {} {} at {}, {:.1f}x the series median {} (MAD {}, robust z {:.1f}, {} points)',
                              metric, coalesce(statistic, 'value'), value, coalesce(unit, ''),
                              strftime(event_time, '%%Y-%%m-%%dT%%H:%%M:%%SZ'),
                              CASE WHEN baseline > 0 THEN value / baseline ELSE 0 END, baseline, mad, robust_z, points)
                         AS message,
                       'metrics-spike:' || md5(concat_ws('|', account_key, region_key, namespace_key, metric_key,
                              dimensions_key, CAST(epoch_ms(event_time) AS VARCHAR))) AS dedupe_key,
                       namespace, metric, dimensions, statistic, value, unit, baseline, mad, robust_z, points
                FROM scored
                WHERE robust_z >= %3$s AND (baseline <= 0 OR value >= %4$s * baseline)
                QUALIFY row_number() OVER (
                  PARTITION BY account_key, region_key, namespace_key, metric_key, dimensions_key, event_time
                  ORDER BY robust_z DESC, statistic_key) = 1
                ORDER BY event_time, metric, resource
                """.formatted(KEYS, MINIMUM_POINTS, Double.toString(THRESHOLD), Double.toString(MINIMUM_RATIO));
    }

    /** Runs {@link #sql()} on a case connection holding a {@code metrics} table. */
    public static List<MetricSpike> find(Connection connection) throws SQLException {
        List<MetricSpike> spikes = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql())) {
            while (rows.next()) {
                Timestamp time = rows.getTimestamp("event_time", java.util.Calendar.getInstance(
                        java.util.TimeZone.getTimeZone(ZoneOffset.UTC)));
                spikes.add(new MetricSpike(time.toInstant(), rows.getString("account_id"), rows.getString("region"),
                        rows.getString("namespace"), rows.getString("metric"), rows.getString("dimensions"),
                        rows.getString("resource"), rows.getString("statistic"), rows.getDouble("value"),
                        rows.getString("unit"), rows.getDouble("baseline"), rows.getDouble("mad"),
                        rows.getDouble("robust_z"), rows.getLong("points"), nullableLong(rows, "bytes"),
                        rows.getString("message"), rows.getString("dedupe_key")));
            }
        }
        return spikes;
    }

    private static @Nullable Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
