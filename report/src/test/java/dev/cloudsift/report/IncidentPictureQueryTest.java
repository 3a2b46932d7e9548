package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.suspects.SuspectRanking;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentPictureQueryTest {
    @TempDir
    Path folder;

    private static String event(String time, String source, String principal) {
        return "{\"event_time\":\"" + time + "\",\"source\":\"" + source + "\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                + "\"action\":\"Get\",\"outcome\":\"success\",\"principal\":" + dev.cloudsift.core.Json.MAPPER.valueToTree(principal)
                + ",\"src_ip\":\"203.0.113.45\"}";
    }

    private static IncidentPicture.Model read(Path caseFile) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            var connection = store.connection();
            return new IncidentPictureQuery(connection, new AddressPlaces(connection, GeoIp.NONE))
                    .read(new SuspectRanking(connection).rank(20, null), GapAnalysis.run(connection, List.of()));
        }
    }

    @Test
    void manySourcesShareOneOtherLaneAndEveryRecordIsCountedOnce() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int source = 0; source < 12; source++) {
            for (int i = 0; i <= source; i++) {
                lines.add(event("2025-11-04T09:%02d:00Z".formatted(i), "src%02d".formatted(source), "arn:aws:iam::111122223333:user/u"));
            }
        }
        IncidentPicture.Model model = read(TestCase.ingest(folder, Map.of("events.jsonl", lines)));
        List<IncidentPicture.Lane> sources = model.lanes().stream().filter(l -> l.kind().equals("source")).toList();
        assertThat(sources).hasSize(IncidentPictureQuery.MAX_SOURCE_LANES);
        IncidentPicture.Lane other = sources.get(sources.size() - 1);
        assertThat(other.label()).isEqualTo(IncidentPictureQuery.OTHER);
        // the three quietest sources (1, 2 and 3 records) are the other lane
        assertThat(other.detail()).startsWith("6 records from 3 sources");
        assertThat(sources.stream().mapToLong(l -> Arrays.stream(l.bins()).sum()).sum()).isEqualTo(78);
        assertThat(model.lanes().size()).isLessThanOrEqualTo(IncidentPicture.MAX_LANES);
    }

    @Test
    void oneRecordMakesAPictureOfAtLeastAMinuteAndAnImplausibleTimeDoesNotStretchIt() throws Exception {
        Path caseFile = TestCase.ingest(folder, Map.of("events.jsonl", List.of(
                event("2025-11-04T09:30:00Z", "waf", "<script>window.__pwned=1</script>"),
                event("1970-01-01T00:00:00Z", "waf", "clock-reset"))));
        IncidentPicture.Model model = read(caseFile);
        assertThat(model.start()).isEqualTo(Instant.parse("2025-11-04T09:30:00Z"));
        assertThat(Duration.between(model.start(), model.end())).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
        IncidentPicture.Lane waf = model.lanes().get(0);
        assertThat(waf.bins()[0]).isEqualTo(1);
        // the 1970 record is counted and said not drawn, rather than drawn at a time it does not have
        assertThat(Arrays.stream(waf.bins()).sum()).isEqualTo(1);
        assertThat(waf.detail()).isEqualTo("2 records (1 without a plausible time, not drawn)");
        String html = IncidentPicture.render(model, dev.cloudsift.investigate.TimeDisplay.UTC);
        assertThat(html).doesNotContain("<script");
    }
}
