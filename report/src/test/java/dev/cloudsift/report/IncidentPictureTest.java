package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.TimeDisplay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class IncidentPictureTest {
    private static final Instant START = Instant.parse("2025-11-04T09:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(4));
    private static final String HOSTILE = "<script>window.__pwned=1</script>\u202Eexe.pdf";

    private static long[] bins(int bin, long count) {
        long[] bins = new long[IncidentPicture.BINS];
        bins[bin] = count;
        return bins;
    }

    private static IncidentPicture.Model model(List<IncidentPicture.Lane> lanes, Instant first, Instant last) {
        return new IncidentPicture.Model(START, END, IncidentPicture.BINS, lanes, List.of(), List.of(), first, last, "top suspects");
    }

    @Test
    void anEmptyCaseGetsASentenceNotAnEmptyPicture() {
        assertThat(IncidentPicture.render(null, TimeDisplay.UTC)).contains("incident-picture-empty").doesNotContain("<svg");
        assertThat(IncidentPicture.render(model(List.of(), null, null), TimeDisplay.UTC)).doesNotContain("<svg");
    }

    @Test
    void oneRecordIsOneBarInItsLaneWithItsTimeInTheTooltip() throws Exception {
        IncidentPicture.Lane lane = new IncidentPicture.Lane("source", "cloudtrail", "1 records", bins(0, 1), List.of(), List.of());
        SvgDocument svg = SvgDocument.parse(IncidentPicture.render(model(List.of(lane), null, null), TimeDisplay.UTC));
        assertThat(svg.root().getAttribute("id")).isEqualTo(IncidentPicture.ID);
        List<Element> bars = svg.withClass("density");
        assertThat(bars).hasSize(2); // the bar and the legend's swatch
        assertThat(bars.get(0).getTextContent()).isEqualTo("cloudtrail: 1 records, 2025-11-04T09:00:00Z to 2025-11-04T09:01:30Z");
        assertThat(svg.withClass("attacker-first")).isEmpty();
        assertThat(svg.withClass("tick")).isNotEmpty().allSatisfy(tick -> assertThat(tick.getAttribute("x1")).isNotEmpty());
        assertThat(svg.text()).contains("09:00").contains("13:00").contains("time (UTC)");
    }

    @Test
    void hugeCountsStayInsideTheirLane() throws Exception {
        long[] counts = bins(3, Long.MAX_VALUE);
        counts[4] = 1;
        IncidentPicture.Lane lane = new IncidentPicture.Lane("source", "vpcflow", "many", counts,
                List.of(new IncidentPicture.Mark(3, "high", Long.MAX_VALUE, "flood")), List.of());
        SvgDocument svg = SvgDocument.parse(IncidentPicture.render(model(List.of(lane), START, START), TimeDisplay.UTC));
        Element background = svg.withClass("lane").get(0);
        double top = Double.parseDouble(background.getAttribute("y"));
        double bottom = top + Double.parseDouble(background.getAttribute("height"));
        List<Element> bars = svg.withClass("density").subList(0, 2);
        for (Element bar : bars) {
            double y = Double.parseDouble(bar.getAttribute("y"));
            assertThat(y).isBetween(top, bottom);
            assertThat(y + Double.parseDouble(bar.getAttribute("height"))).isBetween(top, bottom);
        }
        // the lone record still shows, smaller than the flood
        assertThat(Double.parseDouble(bars.get(1).getAttribute("height"))).isPositive()
                .isLessThan(Double.parseDouble(bars.get(0).getAttribute("height")));
        assertThat(bars.get(0).getTextContent()).contains("9.2E records");
        assertThat(svg.withClass("mark").get(0).getTextContent()).startsWith("9.2E high findings");
    }

    @Test
    void lanesAreBoundedInNumberAndSayHowManyWereLeftOut() throws Exception {
        List<IncidentPicture.Lane> lanes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lanes.add(new IncidentPicture.Lane("suspect", "192.0.2." + i, "ip", bins(i, 1), List.of(), List.of()));
        }
        SvgDocument svg = SvgDocument.parse(IncidentPicture.render(model(lanes, null, null), TimeDisplay.UTC));
        assertThat(svg.withClass("lane-suspect")).hasSize(IncidentPicture.MAX_LANES);
        assertThat(svg.text()).contains((50 - IncidentPicture.MAX_LANES) + " more lanes not drawn");
        double height = Double.parseDouble(svg.root().getAttribute("viewBox").split(" ")[3]);
        assertThat(height).isLessThan(40 + IncidentPicture.MAX_LANES * 34 + 60);
    }

    @Test
    void labelsAndTooltipsFromTheLogsAreEscapedAndCutWithTheFullTextInTheTitle() throws Exception {
        String principal = "arn:aws:iam::111122223333:user/" + HOSTILE + "-and-a-very-long-name-that-does-not-fit";
        IncidentPicture.Lane lane = new IncidentPicture.Lane("suspect", principal, "principal " + HOSTILE, bins(1, 5),
                List.of(new IncidentPicture.Mark(1, "</circle><script>", 2, HOSTILE)),
                List.of(new IncidentPicture.Span(START, START.plusSeconds(600), HOSTILE)));
        IncidentPicture.Model model = new IncidentPicture.Model(START, END, IncidentPicture.BINS, List.of(lane),
                List.of(new IncidentPicture.Span(START.plusSeconds(3600), START.plusSeconds(7200), "StopLogging by " + HOSTILE)),
                List.of(new IncidentPicture.Span(START.plusSeconds(60), START.plusSeconds(60), "refused " + HOSTILE)),
                START.plusSeconds(60), START.plusSeconds(9000), HOSTILE);
        String html = IncidentPicture.render(model, TimeDisplay.UTC);
        assertThat(html).doesNotContain("<script").doesNotContain("\u202E").doesNotContain("style=");
        SvgDocument svg = SvgDocument.parse(html);
        assertThat(svg.count("script")).isZero();
        Element label = svg.withClass("lane-label").get(0);
        String visible = label.getLastChild().getTextContent();
        assertThat(visible).startsWith("user/<script>").endsWith("…").hasSizeLessThanOrEqualTo(34);
        assertThat(label.getFirstChild().getTextContent()).isEqualTo(principal.replace("\u202E", "\\u202e"));
        assertThat(svg.withClass("mark").get(0).getAttribute("class")).isEqualTo("mark lvl-other");
        assertThat(svg.withClass("silence").get(0).getTextContent()).contains("<script>window.__pwned=1</script>");
        assertThat(svg.withClass("tamper").get(0).getTextContent()).startsWith("StopLogging by <script>").contains("60 min");
        assertThat(svg.withClass("tamper-failed")).hasSize(1);
        assertThat(svg.withClass("attacker-first").get(0).getTextContent()).contains("2025-11-04T09:01:00Z").contains("<script>");
        assertThat(svg.withClass("attacker-last").get(0).getTextContent()).contains("2025-11-04T11:30:00Z");
    }

    @Test
    void levelsMapToTheirOwnClassAndCountsReadShort() {
        assertThat(IncidentPicture.levelClass("High")).isEqualTo("lvl-high");
        assertThat(IncidentPicture.levelClass("\"><x")).isEqualTo("lvl-other");
        assertThat(IncidentPicture.count(9_999)).isEqualTo("9999");
        assertThat(IncidentPicture.count(1_234_567)).isEqualTo("1.2M");
        assertThat(IncidentPicture.count(123_456)).isEqualTo("123k");
    }
}
