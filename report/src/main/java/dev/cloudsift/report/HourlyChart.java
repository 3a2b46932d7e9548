package dev.cloudsift.report;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.TimeDisplay;

/** Events per hour per source as an inline SVG line chart, with the hours that have findings marked in red. */
final class HourlyChart {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf", "#d62728"};
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 260;
    private static final int LEFT = 60;
    private static final int BOTTOM = 30;
    /** Beyond this many hours the chart would be unreadable; it then shows the last ones. */
    private static final int MAX_HOURS = 24 * 60;

    private HourlyChart() {}

    static String render(Connection connection, TimeDisplay time) throws SQLException {
        Map<String, Map<Instant, Long>> series = new LinkedHashMap<>();
        TreeSet<Instant> hours = new TreeSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT source, date_trunc('hour', event_time) AS hour, count(*) FROM events
                     WHERE event_time IS NOT NULL GROUP BY ALL ORDER BY source, hour""")) {
            while (result.next()) {
                Instant hour = CaseTables.instant(result, 2);
                series.computeIfAbsent(result.getString(1), s -> new LinkedHashMap<>()).put(hour, result.getLong(3));
                hours.add(hour);
            }
        }
        if (hours.isEmpty()) {
            return "<p>No timed records.</p>";
        }
        Instant first = hours.first();
        Instant last = hours.last();
        long span = Duration.between(first, last).toHours() + 1;
        if (span > MAX_HOURS) {
            first = last.minus(Duration.ofHours(MAX_HOURS - 1));
            span = MAX_HOURS;
        }
        List<Instant> findingHours = new ArrayList<>();
        if (CaseTables.columns(connection, "findings").contains("time")) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(
                         "SELECT DISTINCT date_trunc('hour', time) FROM findings WHERE time IS NOT NULL ORDER BY 1")) {
                while (result.next()) {
                    findingHours.add(CaseTables.instant(result, 1));
                }
            }
        }
        long max = 1;
        for (Map<Instant, Long> counts : series.values()) {
            for (long count : counts.values()) {
                max = Math.max(max, count);
            }
        }
        double plotWidth = WIDTH - LEFT - 10;
        double plotHeight = HEIGHT - BOTTOM - 10;
        double step = span <= 1 ? plotWidth : plotWidth / (span - 1);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT + 20)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"events per hour per source\">");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(10 + plotHeight).append("\" x2=\"").append(WIDTH - 10)
                .append("\" y2=\"").append(10 + plotHeight).append("\" stroke=\"#999\"/>");
        svg.append("<text x=\"4\" y=\"16\" font-size=\"11\">").append(max).append("/h</text>");
        for (Instant hour : findingHours) {
            long index = Duration.between(first, hour).toHours();
            if (index < 0 || index >= span) {
                continue;
            }
            double x = LEFT + index * step;
            svg.append("<line class=\"finding-mark\" x1=\"").append(format(x)).append("\" y1=\"10\" x2=\"").append(format(x))
                    .append("\" y2=\"").append(format(10 + plotHeight)).append("\" stroke=\"#d62728\" stroke-width=\"2\" opacity=\"0.5\">")
                    .append("<title>findings in the hour from ").append(Html.text(time.format(hour))).append("</title></line>");
        }
        int colour = 0;
        int legendX = LEFT;
        for (Map.Entry<String, Map<Instant, Long>> entry : series.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (long index = 0; index < span; index++) {
                Instant hour = first.plus(Duration.ofHours(index));
                long count = entry.getValue().getOrDefault(hour, 0L);
                double x = LEFT + index * step;
                double y = 10 + plotHeight - plotHeight * count / max;
                points.append(format(x)).append(',').append(format(y)).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\" points=\"")
                    .append(points.toString().strip()).append("\"><title>").append(Html.text(entry.getKey())).append("</title></polyline>");
            svg.append("<text x=\"").append(legendX).append("\" y=\"").append(HEIGHT + 15).append("\" font-size=\"12\" fill=\"")
                    .append(stroke).append("\">").append(Html.text(entry.getKey())).append("</text>");
            legendX += 14 + 8 * Math.min(20, entry.getKey().length());
        }
        svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 5).append("\" font-size=\"11\">")
                .append(Html.text(time.format(first))).append("</text>");
        svg.append("<text x=\"").append(WIDTH - 10).append("\" y=\"").append(HEIGHT - 5).append("\" font-size=\"11\" text-anchor=\"end\">")
                .append(Html.text(time.format(first.plus(Duration.ofHours(span - 1))))).append("</text>");
        svg.append("</svg>");
        return svg.toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
