package dev.cloudsift.report;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.Finding;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.suspects.Suspect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The incident at a glance, drawn as inline SVG: one lane per source and per top suspect, records as density over
 * time, findings as marks coloured by level, silences shaded in their source's lane, logging tampering shaded across
 * all lanes, the attacker's first and last activity as vertical lines, a UTC time axis. Reading the case is
 * {@link IncidentPictureQuery}'s job; this class only draws a {@link Model}, so it is tested without a case.
 */
final class IncidentPicture {
    static final String ID = "incident-picture";
    /** Time buckets across the plot: about six pixels each, fine enough to see bursts, few enough to keep the page small. */
    static final int BINS = 160;
    static final int MAX_LANES = 16;
    /** Shaded spans drawn per lane and across lanes; beyond this the gaps section lists them. */
    static final int MAX_SPANS = 200;

    private static final double WIDTH = 1200;
    private static final double LABEL_WIDTH = 250;
    private static final double PLOT_LEFT = 260;
    private static final double PLOT_RIGHT = 1188;
    private static final double AXIS = 36;
    private static final double LANE = 34;
    private static final double LEGEND = 40;
    private static final int LABEL_CHARS = 34;
    private static final int DETAIL_CHARS = 48;

    /** A lane: what it shows ({@code source} or {@code suspect}), its records per bin, its finding marks and silences. */
    record Lane(String kind, String label, String detail, long[] bins, List<Mark> marks, List<Span> silences) {
        Lane {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(bins, "bins");
            marks = List.copyOf(marks);
            silences = List.copyOf(silences);
        }
    }

    /** The findings of one level in one bin of a lane; {@code title} names them. */
    record Mark(int bin, String level, long count, String title) {
        Mark {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(title, "title");
        }
    }

    /** A stretch of time with what it is in words; {@code to} equals {@code from} for a single call. */
    record Span(Instant from, Instant to, String title) {
        Span {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(title, "title");
        }
    }

    /**
     * What to draw. {@code tampering} spans cover every lane (logging off affects what every source shows);
     * {@code failedTampering} are refused attempts, drawn as dashed lines.
     */
    record Model(Instant start, Instant end, int bins, List<Lane> lanes, List<Span> tampering, List<Span> failedTampering,
            @Nullable Instant attackerFirst, @Nullable Instant attackerLast, String attackerTitle) {
        Model {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("the picture needs end after start: " + start + " .. " + end);
            }
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be positive: " + bins);
            }
            lanes = List.copyOf(lanes);
            tampering = List.copyOf(tampering);
            failedTampering = List.copyOf(failedTampering);
            Objects.requireNonNull(attackerTitle, "attackerTitle");
        }

        Instant binStart(int bin) {
            return start.plusMillis(Math.round((double) bin * Duration.between(start, end).toMillis() / bins));
        }
    }

    private IncidentPicture() {}

    /** The report's opening section: the picture of this case and a line on how to read it. */
    static String section(Connection connection, TimeDisplay time, AddressPlaces places, List<Suspect> suspects, GapAnalysis gaps)
            throws SQLException {
        Model model = new IncidentPictureQuery(connection, places).read(suspects, gaps);
        return "<section id=\"picture\"><h2>Incident at a glance</h2>" + render(model, time)
                + "<p class=\"meta\">One lane per source, then one per top suspect; bars are records (log scale within each lane),"
                + " dots are findings by level, grey is a silence of that source, red across all lanes is logging switched off or"
                + " tampered with. Hover for details.</p></section>\n";
    }

    /** The SVG, or a sentence when there is nothing to draw. */
    static String render(@Nullable Model model, TimeDisplay time) {
        if (model == null || model.lanes().isEmpty()) {
            return "<p id=\"" + ID + "-empty\" class=\"meta\">No timed records: nothing to draw.</p>";
        }
        List<Lane> lanes = model.lanes().subList(0, Math.min(MAX_LANES, model.lanes().size()));
        double lanesBottom = AXIS + lanes.size() * LANE;
        double height = lanesBottom + LEGEND;
        SvgCanvas svg = new SvgCanvas(ID, WIDTH, height, "incident picture: records, findings, silences and tampering over time");
        Scale x = new Scale(model, PLOT_LEFT, PLOT_RIGHT);

        svg.text(6, 14, "time (UTC)", "axis-label", "start", "times on the axis are UTC; tooltips are in " + time.name());
        for (TimeTicks.Tick tick : TimeTicks.between(model.start(), model.end(), 9)) {
            double at = x.of(tick.time());
            svg.line(at, AXIS - 4, at, lanesBottom, "tick", null);
            String anchor = at > PLOT_RIGHT - 40 ? "end" : at < PLOT_LEFT + 40 ? "start" : "middle";
            svg.text(at, 14, tick.label(), "axis-label", anchor, time.format(tick.time()));
        }
        for (int i = 0; i < lanes.size(); i++) {
            lane(svg, x, model, lanes.get(i), AXIS + i * LANE, time);
        }
        int drawn = 0;
        for (Span span : model.tampering()) {
            if (drawn++ >= MAX_SPANS) {
                break;
            }
            double from = x.of(span.from());
            double width = Math.max(2, x.of(span.to()) - from);
            svg.rect(from, AXIS, width, lanesBottom - AXIS, "tamper", span.title() + " (" + range(time, span) + ")");
        }
        drawn = 0;
        for (Span span : model.failedTampering()) {
            if (drawn++ >= MAX_SPANS) {
                break;
            }
            double at = x.of(span.from());
            svg.line(at, AXIS, at, lanesBottom, "tamper-failed", span.title() + " (" + time.format(span.from()) + ")");
        }
        attacker(svg, x, model, lanesBottom, time);
        if (model.lanes().size() > lanes.size()) {
            svg.text(PLOT_RIGHT, lanesBottom + 34, (model.lanes().size() - lanes.size()) + " more lanes not drawn", "lane-detail", "end", null);
        }
        legend(svg, lanesBottom + 16);
        return svg.finish();
    }

    private static void lane(SvgCanvas svg, Scale x, Model model, Lane lane, double top, TimeDisplay time) {
        svg.group("lane-" + (lane.kind().equals("suspect") ? "suspect" : "source"), null);
        svg.rect(PLOT_LEFT, top + 2, PLOT_RIGHT - PLOT_LEFT, LANE - 4, "lane", null);
        svg.text(6, top + 15, SvgCanvas.cut(shortName(lane.label()), LABEL_CHARS), "lane-label", "start", lane.label());
        svg.text(6, top + 29, SvgCanvas.cut(lane.detail(), DETAIL_CHARS), "lane-detail", "start", lane.detail());
        int shaded = 0;
        for (Span silence : lane.silences()) {
            if (shaded++ >= MAX_SPANS) {
                break;
            }
            double from = x.of(silence.from());
            svg.rect(from, top + 2, Math.max(1, x.of(silence.to()) - from), LANE - 4, "silence",
                    silence.title() + " (" + range(time, silence) + ")");
        }
        long max = 0;
        int bins = Math.min(model.bins(), lane.bins().length);
        for (int bin = 0; bin < bins; bin++) {
            max = Math.max(max, lane.bins()[bin]);
        }
        double binWidth = (PLOT_RIGHT - PLOT_LEFT) / model.bins();
        double room = LANE - 10;
        for (int bin = 0; bin < bins; bin++) {
            long count = lane.bins()[bin];
            if (count <= 0) {
                continue;
            }
            // logarithmic, so a burst of thousands and a lone call both show, each relative to its own lane
            double height = room * (0.15 + 0.85 * Math.log1p(count) / Math.log1p(max));
            svg.rect(PLOT_LEFT + bin * binWidth, top + LANE - 4 - height, Math.max(1, binWidth - 0.5), height, "density",
                    lane.label() + ": " + count(count) + " records, " + time.format(model.binStart(bin)) + " to "
                            + time.format(model.binStart(bin + 1)));
        }
        List<Mark> marks = new ArrayList<>(lane.marks());
        // the most severe drawn last, on top
        marks.sort(Comparator.comparingInt((Mark mark) -> -Finding.severityRank(mark.level())).thenComparingInt(Mark::bin));
        for (Mark mark : marks) {
            if (mark.bin() < 0 || mark.bin() >= model.bins()) {
                continue;
            }
            int rank = Finding.severityRank(mark.level());
            double radius = rank <= 1 ? 5 : rank == 2 ? 4 : 3;
            svg.circle(PLOT_LEFT + (mark.bin() + 0.5) * binWidth, top + 10, radius, "mark " + levelClass(mark.level()),
                    count(mark.count()) + " " + mark.level() + " finding" + (mark.count() == 1 ? "" : "s") + ", "
                            + time.format(model.binStart(mark.bin())) + " to " + time.format(model.binStart(mark.bin() + 1)) + ": "
                            + mark.title());
        }
        svg.end();
    }

    private static void attacker(SvgCanvas svg, Scale x, Model model, double lanesBottom, TimeDisplay time) {
        if (model.attackerFirst() == null || model.attackerLast() == null) {
            return;
        }
        double first = x.of(model.attackerFirst());
        double last = x.of(model.attackerLast());
        String firstTitle = "attacker's first activity " + time.format(model.attackerFirst()) + ": " + model.attackerTitle();
        String lastTitle = "attacker's last activity " + time.format(model.attackerLast()) + ": " + model.attackerTitle();
        svg.line(first, AXIS - 10, first, lanesBottom, "attacker attacker-first", firstTitle);
        svg.line(last, AXIS - 10, last, lanesBottom, "attacker attacker-last", lastTitle);
        boolean close = last - first < 90;
        svg.text(first - 3, AXIS - 8, "first", "attacker-label", close || first > PLOT_LEFT + 40 ? "end" : "start", firstTitle);
        svg.text(last + 3, AXIS - 8, "last", "attacker-label", close || last < PLOT_RIGHT - 40 ? "start" : "end", lastTitle);
    }

    private static void legend(SvgCanvas svg, double y) {
        double at = PLOT_LEFT;
        for (String level : List.of("critical", "high", "medium", "low")) {
            svg.circle(at, y, level.equals("critical") || level.equals("high") ? 5 : level.equals("medium") ? 4 : 3,
                    "mark " + levelClass(level), null);
            svg.text(at + 9, y + 4, level, "legend", "start", null);
            at += 80;
        }
        svg.rect(at, y - 6, 14, 12, "density", null).text(at + 19, y + 4, "records (log scale per lane)", "legend", "start", null);
        at += 190;
        svg.rect(at, y - 6, 14, 12, "silence", null).text(at + 19, y + 4, "silence", "legend", "start", null);
        at += 80;
        svg.rect(at, y - 6, 14, 12, "tamper", null).text(at + 19, y + 4, "logging tampered", "legend", "start", null);
        at += 130;
        svg.line(at + 7, y - 7, at + 7, y + 7, "attacker", null).text(at + 14, y + 4, "attacker first / last", "legend", "start", null);
        svg.text(6, y + 4, "lanes: sources, then suspects", "lane-detail", "start", null);
    }

    /** An ARN by its resource part ({@code assumed-role/Admin/pwn}); anything else as it is. */
    static String shortName(String value) {
        if (value.startsWith("arn:")) {
            String[] parts = value.split(":", 6);
            if (parts.length == 6 && !parts[5].isEmpty()) {
                return parts[5];
            }
        }
        return value;
    }

    /** A CSS class for a Sigma level: letters only, so a strange level cannot break the attribute. */
    static String levelClass(String level) {
        String letters = level.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return switch (letters) {
            case "critical", "high", "medium", "low", "informational" -> "lvl-" + letters;
            default -> "lvl-other";
        };
    }

    /** 1234567 → 1.2M: lane tooltips stay short whatever the volume. */
    static String count(long value) {
        if (value < 10_000) {
            return Long.toString(value);
        }
        String[] units = {"k", "M", "G", "T", "P", "E"};
        double scaled = value;
        int unit = -1;
        while (scaled >= 1000 && unit < units.length - 1) {
            scaled /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, scaled < 100 ? "%.1f%s" : "%.0f%s", scaled, units[unit]);
    }

    private static String range(TimeDisplay time, Span span) {
        return span.to().equals(span.from()) ? time.format(span.from())
                : time.format(span.from()) + " to " + time.format(span.to()) + ", " + minutes(Duration.between(span.from(), span.to()));
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes < 120 ? minutes + " min" : String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
    }

    /** Instants to x, clamped to the plot so an outlier cannot draw outside it. */
    private record Scale(Model model, double left, double right) {
        double of(Instant time) {
            double span = Duration.between(model.start(), model.end()).toMillis();
            double offset = Duration.between(model.start(), time).toMillis();
            return left + (right - left) * Math.max(0, Math.min(1, offset / span));
        }
    }
}
