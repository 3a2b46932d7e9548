package dev.cloudsift.investigate.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.FixtureEventsFormat;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranking read from the stored per-entity figures equals the one computed from the events, on a case made of ties:
 * many addresses with one event each, before and inside the window, entities whose actions could lift them, events
 * without a time, and entities with finding points among the tied.
 */
class StoredFiguresRankingTest {
    @TempDir
    static Path folder;
    static Path caseFolder;

    @BeforeAll
    static void ingest() throws Exception {
        List<String> lines = new ArrayList<>(List.of(FixtureEventsFormat.HEADER));
        for (int i = 0; i < 60; i++) {
            // one event each: even ones before the window, odd ones inside it, tied on score and events
            lines.add(event((i % 2 == 0 ? "2025-11-02" : "2025-11-04") + "T0" + (i % 10) + ":00:00Z", "waf", "eu-west-1",
                    "198.51.100." + i, null, "success", "GET"));
        }
        String[] sources = {"waf", "alb", "vpcflow"};
        String[] regions = {"eu-west-1", "us-east-1"};
        for (int i = 0; i < 12; i++) {
            int events = 4 + 2 * i;
            for (int e = 0; e < events; e++) {
                lines.add(event("2025-11-0" + (1 + e % 4) + "T1" + (e % 10) + ":00:00Z", sources[(i + e) % (1 + i % 3)],
                        regions[e % (1 + i % 2)], "203.0.113." + i, "arn:aws:iam::111122223333:user/u" + (i % 5),
                        e % 7 == 0 ? "failure" : "success", "Call" + (e % (3 + i))));
            }
        }
        for (int e = 0; e < 3; e++) {
            lines.add(event(null, "waf", "eu-west-1", "192.0.2.77", "arn:aws:iam::111122223333:user/ünïcode", "success", "GET"));
            lines.add(event(e == 0 ? null : "2025-11-03T12:00:00Z", "alb", "us-east-1", "192.0.2.78", null, "success", "PUT"));
        }
        Path input = Files.createDirectories(folder.resolve("input"));
        Files.write(input.resolve("events.jsonl"), lines);
        caseFolder = folder.resolve("case");
        TestCase.ingestPaths(caseFolder, List.of(input.resolve("events.jsonl")));
        TestCase.execute(caseFolder, """
                CREATE OR REPLACE TABLE findings (rule_id VARCHAR, title VARCHAR, level VARCHAR, time TIMESTAMP, principal VARCHAR,
                  src_ip VARCHAR)""",
                "INSERT INTO findings VALUES ('r1', 'Probe', 'low', TIMESTAMP '2025-11-04 00:00:00', NULL, '198.51.100.7'),"
                        + " ('r2', 'Probe', 'informational', TIMESTAMP '2025-11-04 00:00:00', NULL, '198.51.100.8'),"
                        + " ('r3', 'Burst', 'high', TIMESTAMP '2025-11-03 23:00:00', 'arn:aws:iam::111122223333:user/u3', NULL)");
    }

    @Test
    void theTopFewFromStoredFiguresAreTheHeadOfTheRankingFromTheEvents() throws Exception {
        for (Instant start : new Instant[] {null, Instant.parse("2025-11-02T05:00:00Z"), Instant.parse("2025-10-01T00:00:00Z")}) {
            List<Suspect> stored;
            try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
                SuspectRanking ranking = new SuspectRanking(store.connection());
                stored = ranking.rank(1_000, start);
                assertThat(Files.isDirectory(caseFolder.resolve(EntityProfiles.CACHE))).isTrue();
                assertThat(stored).hasSizeGreaterThan(60);
                for (int top : TOPS) {
                    assertThat(ranking.rank(top, start)).as("top %d from %s", top, start).isEqualTo(stored.subList(0, top));
                }
            }
            // a file where the cache folder would be: the figures are computed in the query, from the events
            CaseParts.deleteTree(caseFolder.resolve(EntityProfiles.CACHE));
            Files.writeString(caseFolder.resolve(EntityProfiles.CACHE), "not a folder");
            try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
                SuspectRanking ranking = new SuspectRanking(store.connection());
                assertThat(ranking.rank(1_000, start)).as("from %s", start).isEqualTo(stored);
                assertThat(ranking.rank(7, start)).as("top 7 from %s", start).isEqualTo(stored.subList(0, 7));
            } finally {
                Files.delete(caseFolder.resolve(EntityProfiles.CACHE));
            }
        }
    }

    /** Places at which ties of score, events or both are cut in this case. */
    private static final int[] TOPS = {1, 2, 3, 4, 5, 6, 8, 11, 13, 16, 21, 29, 34, 45, 55, 60};

    private static String event(String time, String source, String region, String ip, String principal, String outcome,
            String action) {
        return "{\"event_time\":" + (time == null ? "null" : "\"" + time + "\"") + ",\"source\":\"" + source + "\",\"region\":\""
                + region + "\",\"action\":\"" + action + "\",\"outcome\":\"" + outcome + "\",\"src_ip\":\"" + ip + "\""
                + (principal == null ? "" : ",\"principal\":\"" + principal + "\"") + "}";
    }
}
