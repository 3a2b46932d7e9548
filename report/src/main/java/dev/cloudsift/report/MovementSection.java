package dev.cloudsift.report;

import dev.cloudsift.investigate.Finding;
import dev.cloudsift.investigate.FindingsTable;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.movement.Movement;
import dev.cloudsift.investigate.movement.MovementFilter;
import dev.cloudsift.investigate.movement.MovementKind;
import dev.cloudsift.investigate.movement.MovementRow;
import dev.cloudsift.investigate.movement.MovementSizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The report's "What left" section: movement totals, bars of bytes per destination (inline SVG drawn here, presentation
 * attributes only, every label escaped), the volume findings with the totals measured for their entities beside the
 * threshold they quote, and the rows behind it all.
 */
final class MovementSection {
    /** Destinations drawn as bars; the table below lists every row. */
    static final int BARS = 15;
    static final int ROWS = 300;
    /** Findings about volume whose entities get their totals measured; each is one query over the case. */
    static final int VOLUME_ENTITIES = 10;
    private static final Map<MovementKind, String> COLOURS = new EnumMap<>(Map.of(
            MovementKind.S3_READ, "#1f77b4", MovementKind.FLOW_EGRESS, "#ff7f0e", MovementKind.SHARE, "#9467bd"));
    /** Words of a finding's title or summary that make it about how much was moved. */
    private static final Pattern VOLUME = Pattern.compile(
            "(?i)\\b(objects?|bytes|[KMGT]i?B|download\\w*|exfiltrat\\w*|transfer\\w*|copied)\\b");
    private static final int WIDTH = 1000;
    private static final int LABEL = 330;
    private static final int BAR = 480;
    private static final int ROW = 22;

    private MovementSection() {}

    static void append(StringBuilder html, Connection connection, TimeDisplay time, GeoIp geo) throws SQLException {
        Movement movement = Movement.of(connection, MovementFilter.ALL);
        html.append("<section id=\"movement\"><h2>What left</h2>");
        if (movement.isEmpty()) {
            html.append("<p>No successful S3 object reads, no accepted flows to public addresses and no shares to foreign"
                    + " accounts in this case.</p></section>\n");
            return;
        }
        html.append("<ul>");
        MovementRow s3 = movement.s3Total();
        if (s3 != null) {
            html.append("<li>S3 reads: ").append(s3.requests()).append(" requests, ").append(s3.objects()).append(" objects, ")
                    .append(Html.text(MovementSizes.bytes(s3.bytes()))).append(", ").append(Html.text(time.format(s3.first())))
                    .append(" to ").append(Html.text(time.format(s3.last()))).append(" <span class=\"meta\">(")
                    .append(Html.text(s3.sourcesText())).append(")</span></li>");
        }
        MovementRow flow = movement.flowTotal();
        if (flow != null) {
            html.append("<li>Flow egress to public addresses: ").append(flow.requests()).append(" connections, ")
                    .append(Html.text(MovementSizes.bytes(flow.bytes()))).append(", ").append(Html.text(time.format(flow.first())))
                    .append(" to ").append(Html.text(time.format(flow.last()))).append(" <span class=\"meta\">(")
                    .append(Html.text(flow.sourcesText())).append(")</span></li>");
        }
        if (!movement.shares().isEmpty()) {
            Set<String> recipients = new LinkedHashSet<>();
            movement.shares().forEach(row -> recipients.add(row.destination()));
            html.append("<li>Shares: ").append(movement.shares().size()).append(" to ")
                    .append(Html.text(String.join(", ", recipients))).append("</li>");
        }
        if (!movement.natInterfaces().isEmpty()) {
            html.append("<li class=\"meta\">NAT gateway interfaces (their translated copies not counted again): ")
                    .append(Html.text(String.join(", ", movement.natInterfaces().keySet()))).append("</li>");
        }
        html.append("</ul>");
        bars(html, movement, geo);
        volumeFindings(html, connection);
        rows(html, movement, time);
        html.append("</section>\n");
    }

    /** Bytes per destination, split by kind; log scale when the largest is over a thousand times the smallest. */
    static void bars(StringBuilder html, Movement movement, GeoIp geo) {
        Map<String, Map<MovementKind, Long>> byDestination = new LinkedHashMap<>();
        for (Movement.Destination destination : movement.byDestination()) {
            if (destination.bytes() > 0 && byDestination.size() < BARS) {
                byDestination.put(destination.name(), new EnumMap<>(MovementKind.class));
            }
        }
        if (byDestination.isEmpty()) {
            return;
        }
        for (MovementRow row : movement.rows()) {
            Map<MovementKind, Long> kinds = byDestination.get(row.destination() == null ? "(unknown)" : row.destination());
            if (kinds != null && row.bytes() != null && row.bytes() > 0) {
                kinds.merge(row.kind(), row.bytes(), Long::sum);
            }
        }
        long max = 1;
        long min = Long.MAX_VALUE;
        for (Map<MovementKind, Long> kinds : byDestination.values()) {
            long total = kinds.values().stream().mapToLong(Long::longValue).sum();
            max = Math.max(max, total);
            min = Math.min(min, total);
        }
        boolean log = max / Math.max(1, min) > 1000;
        int height = ROW * byDestination.size() + 46;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart movement-bars\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"bytes per destination\">");
        int y = 22;
        ticks(svg, max, log, y, ROW * byDestination.size());
        for (Map.Entry<String, Map<MovementKind, Long>> entry : byDestination.entrySet()) {
            long total = entry.getValue().values().stream().mapToLong(Long::longValue).sum();
            double length = scale(total, max, log);
            String label = isAddress(entry.getKey()) ? geo.annotate(entry.getKey()) : entry.getKey();
            svg.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 14).append("\" font-size=\"12\" text-anchor=\"end\">")
                    .append(Html.text(cut(label, 48))).append("<title>").append(Html.text(label)).append("</title></text>");
            double x = LABEL;
            for (Map.Entry<MovementKind, Long> kind : entry.getValue().entrySet()) {
                double part = length * kind.getValue() / total;
                svg.append("<rect x=\"").append(format(x)).append("\" y=\"").append(y + 3).append("\" width=\"")
                        .append(format(Math.max(1, part))).append("\" height=\"").append(ROW - 6).append("\" fill=\"")
                        .append(COLOURS.get(kind.getKey())).append("\"><title>").append(Html.text(kind.getKey().label() + " to " + label
                                + ": " + MovementSizes.bytes(kind.getValue()))).append("</title></rect>");
                x += part;
            }
            svg.append("<text x=\"").append(format(LABEL + length + 6)).append("\" y=\"").append(y + 14).append("\" font-size=\"12\">")
                    .append(Html.text(MovementSizes.human(total))).append("</text>");
            y += ROW;
        }
        int legend = LABEL;
        for (Map.Entry<MovementKind, String> colour : COLOURS.entrySet()) {
            if (colour.getKey() == MovementKind.SHARE) {
                continue;
            }
            svg.append("<rect x=\"").append(legend).append("\" y=\"").append(y + 8).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colour.getValue()).append("\"/><text x=\"").append(legend + 14).append("\" y=\"").append(y + 17)
                    .append("\" font-size=\"11\">").append(Html.text(colour.getKey().label())).append("</text>");
            legend += 120;
        }
        svg.append("<text x=\"").append(WIDTH - 10).append("\" y=\"").append(y + 17).append("\" font-size=\"11\" text-anchor=\"end\">")
                .append(log ? "bytes, log scale" : "bytes").append("</text></svg>");
        html.append("<h3>Bytes per destination</h3>").append(svg);
    }

    /**
     * Findings whose title or summary speaks of volume (a threshold such as "100 objects") with what the case's logs
     * measure for the finding's principal or address: the totals, not the threshold.
     */
    private static void volumeFindings(StringBuilder html, Connection connection) throws SQLException {
        FindingsTable findings = new FindingsTable(connection);
        if (!findings.present()) {
            return;
        }
        Map<String, List<Finding>> byEntity = new LinkedHashMap<>();
        for (Finding finding : findings.all(5000)) {
            String text = finding.title() + " " + (finding.summary() == null ? "" : finding.summary());
            String entity = finding.principal() != null ? finding.principal() : finding.srcIp();
            if (entity == null || !VOLUME.matcher(text).find()) {
                continue;
            }
            if (byEntity.containsKey(entity) || byEntity.size() < VOLUME_ENTITIES) {
                byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(finding);
            }
        }
        if (byEntity.isEmpty()) {
            return;
        }
        html.append("<h3>Volume findings and what was measured</h3><table><thead><tr><th>finding</th><th>it says</th><th>entity</th>")
                .append("<th>S3 requests</th><th>S3 objects</th><th>S3 bytes</th><th>flow connections</th><th>flow bytes</th>")
                .append("<th>shares</th></tr></thead><tbody>");
        for (Map.Entry<String, List<Finding>> entry : byEntity.entrySet()) {
            Movement measured = Movement.of(connection, new MovementFilter(null, null, entry.getKey()));
            Set<String> titles = new LinkedHashSet<>();
            entry.getValue().forEach(finding -> titles.add(finding.title()));
            MovementRow s3 = measured.s3Total();
            MovementRow flow = measured.flowTotal();
            html.append("<tr><td>").append(Html.text(String.join("; ", titles))).append(" <span class=\"meta\">(")
                    .append(entry.getValue().size()).append(")</span></td><td>")
                    .append(Html.text(cut(entry.getValue().get(0).summary() == null ? "" : entry.getValue().get(0).summary(), 200)))
                    .append("</td><td><code>").append(Html.text(entry.getKey()))
                    .append("</code></td><td>").append(s3 == null ? 0 : s3.requests()).append("</td><td>")
                    .append(s3 == null ? 0 : s3.objects()).append("</td><td>")
                    .append(Html.text(s3 == null ? "0" : MovementSizes.bytes(s3.bytes()))).append("</td><td>")
                    .append(flow == null ? 0 : flow.requests()).append("</td><td>")
                    .append(Html.text(flow == null ? "0" : MovementSizes.bytes(flow.bytes()))).append("</td><td>")
                    .append(measured.shares().size()).append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void rows(StringBuilder html, Movement movement, TimeDisplay time) {
        List<MovementRow> rows = movement.rows();
        html.append("<h3>Per principal, key, address and destination</h3><table class=\"sortable\"><thead><tr><th>kind</th>")
                .append("<th>principal</th><th>key</th><th>source</th><th>resource</th><th>destination</th><th>requests</th>")
                .append("<th>objects</th><th>bytes</th><th>first</th><th>last</th><th>from logs</th></tr></thead><tbody>");
        for (MovementRow row : rows.subList(0, Math.min(ROWS, rows.size()))) {
            html.append("<tr><td class=\"t\">").append(Html.text(row.kind().label())).append("</td><td>").append(Html.text(row.principal()))
                    .append("</td><td class=\"t\">").append(Html.text(row.accessKeyId())).append("</td><td class=\"t\">").append(Html.text(row.sourceIp()))
                    .append("</td><td>").append(Html.text(row.resource())).append("</td><td class=\"t\">").append(Html.text(row.destination()))
                    .append("</td><td class=\"n\">").append(row.requests()).append("</td><td class=\"n\">")
                    .append(row.objects() == null ? "" : row.objects()).append("</td><td class=\"n\">")
                    .append(row.bytes() == null ? "" : Html.text(MovementSizes.exact(row.bytes()))).append("</td><td class=\"t\">")
                    .append(Html.text(time.format(row.first()))).append("</td><td class=\"t\">")
                    .append(Html.text(time.format(row.last()))).append("</td><td>").append(Html.text(row.sourcesText()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
        if (rows.size() > ROWS) {
            html.append("<p class=\"meta\">First ").append(ROWS).append(" of ").append(rows.size())
                    .append(" rows; <code>cloudsift movement --format csv</code> lists them all.</p>");
        }
    }

    /**
     * Bar length: linear, or on a log scale from 1 KiB (everything below draws as a sliver), so that a few GiB and a
     * few hundred KiB do not look alike as they would on a log scale from one byte.
     */
    static double scale(long bytes, long max, boolean log) {
        if (!log) {
            return BAR * (double) bytes / max;
        }
        double top = Math.log(Math.max(2.0, max / 1024.0));
        return BAR * Math.max(0, Math.log(Math.max(1.0, bytes / 1024.0))) / top;
    }

    /** Vertical guides at 1 KiB, 1 MiB, 1 GiB... (log) or at quarters of the largest (linear), labelled above. */
    private static void ticks(StringBuilder svg, long max, boolean log, int top, int height) {
        List<long[]> ticks = new ArrayList<>();
        if (log) {
            for (long value = 1024; value <= max && value > 0; value *= 1024) {
                ticks.add(new long[] {value});
            }
        } else {
            for (int quarter = 1; quarter <= 4; quarter++) {
                ticks.add(new long[] {max * quarter / 4});
            }
        }
        for (long[] tick : ticks) {
            double x = LABEL + scale(tick[0], max, log);
            svg.append("<line x1=\"").append(format(x)).append("\" y1=\"").append(top).append("\" x2=\"").append(format(x))
                    .append("\" y2=\"").append(top + height).append("\" stroke=\"#ccc\" stroke-dasharray=\"3,3\"/>")
                    .append("<text x=\"").append(format(x)).append("\" y=\"").append(top - 6)
                    .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666\">")
                    .append(Html.text(MovementSizes.human(tick[0]))).append("</text>");
        }
    }

    private static boolean isAddress(String value) {
        return !value.isEmpty() && (Character.isDigit(value.charAt(0)) || value.contains(":")) && !value.contains(" ");
    }

    private static String cut(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
