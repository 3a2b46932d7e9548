package dev.cloudsift.investigate.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuspectRankingTest {
    @TempDir
    static Path folder;
    static Path caseFile;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder);
        TestCase.execute(caseFile, """
                CREATE OR REPLACE TABLE findings (rule_id VARCHAR, title VARCHAR, level VARCHAR, time TIMESTAMP, principal VARCHAR,
                  src_ip VARCHAR)""",
                "INSERT INTO findings VALUES ('r1', 'CloudTrail logging stopped', 'high', TIMESTAMP '2025-11-04 09:28:00',"
                        + " 'arn:aws:sts::111122223333:assumed-role/Admin/pwn', '203.0.113.45')");
    }

    private static List<Suspect> rank(int top) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            return new SuspectRanking(store.connection()).rank(top, null);
        }
    }

    @Test
    void ranksTheAttackerIpFirstAndTheRoutineUserLow() throws Exception {
        List<Suspect> suspects = rank(100);
        Suspect first = suspects.get(0);
        assertThat(first.kind()).isEqualTo("ip");
        assertThat(first.value()).isEqualTo("203.0.113.45");
        assertThat(first.findingPoints()).isEqualTo(25);
        assertThat(first.sources()).containsExactly("alb", "cloudtrail", "cloudwatch", "s3access", "vpcflow", "waf");
        assertThat(first.reason()).contains("high CloudTrail logging stopped (25 pts)").contains("6 sources");
        Suspect alice = suspects.stream().filter(s -> s.value().equals("arn:aws:iam::111122223333:user/alice")).findFirst().orElseThrow();
        assertThat(alice.novel()).isFalse();
        assertThat(alice.score()).isLessThan(first.score());
        assertThat(suspects.indexOf(alice)).isGreaterThan(suspects.indexOf(first));
    }

    @Test
    void theIncidentWindowStartsAtTheFirstHighFinding() throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            assertThat(new SuspectRanking(store.connection()).windowStart(null)).isEqualTo(Instant.parse("2025-11-04T09:28:00Z"));
        }
        assertThat(rank(3)).hasSize(3);
    }

    @Test
    void theTopFewAreTheFirstOfTheWholeRanking() throws Exception {
        List<String> all = rank(1_000).stream().map(suspect -> suspect.kind() + " " + suspect.value()).toList();
        assertThat(all).hasSizeGreaterThan(5);
        for (int top = 1; top <= all.size(); top++) {
            assertThat(rank(top)).extracting(suspect -> suspect.kind() + " " + suspect.value()).isEqualTo(all.subList(0, top));
        }
    }

    @Test
    void entityFiguresAreCachedInTheCaseAndRenewedAfterAnIngest(@TempDir Path own) throws Exception {
        Path input = java.nio.file.Files.createDirectories(own.resolve("input"));
        java.nio.file.Files.write(input.resolve("first.jsonl"), List.of(dev.cloudsift.investigate.fixture.FixtureEventsFormat.HEADER,
                event("2025-11-01T10:00:00Z", "198.51.100.1"), event("2025-11-02T10:00:00Z", "198.51.100.1"),
                event("2025-11-04T10:00:00Z", "198.51.100.1")));
        Path caseFolder = own.resolve("case");
        TestCase.ingestPaths(caseFolder, List.of(input.resolve("first.jsonl")));
        assertThat(eventsOf(caseFolder, "198.51.100.1")).isEqualTo(3);
        assertThat(profiles(caseFolder)).hasSize(1);

        java.nio.file.Files.write(input.resolve("second.jsonl"), List.of(dev.cloudsift.investigate.fixture.FixtureEventsFormat.HEADER,
                event("2025-11-04T11:00:00Z", "198.51.100.1"), event("2025-11-04T12:00:00Z", "198.51.100.2")));
        TestCase.ingestPaths(caseFolder, List.of(input.resolve("second.jsonl")));
        assertThat(eventsOf(caseFolder, "198.51.100.1")).isEqualTo(4);
        assertThat(eventsOf(caseFolder, "198.51.100.2")).isEqualTo(1);
        assertThat(profiles(caseFolder)).hasSize(1);
    }

    private static String event(String time, String ip) {
        return "{\"event_time\":\"" + time + "\",\"source\":\"waf\",\"region\":\"eu-west-1\",\"action\":\"ALLOW\","
                + "\"src_ip\":\"" + ip + "\"}";
    }

    private static long eventsOf(Path caseFolder, String ip) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            return new SuspectRanking(store.connection()).rank(10, null).stream().filter(suspect -> suspect.value().equals(ip))
                    .findFirst().orElseThrow().events();
        }
    }

    private static List<Path> profiles(Path caseFolder) throws Exception {
        try (var entries = java.nio.file.Files.list(caseFolder.resolve(EntityProfiles.CACHE))) {
            return entries.toList();
        }
    }

    @Test
    void contextAloneStaysSmallBesideOneHighFinding() {
        SuspectRanking.Ranked busy = SuspectRanking.score("ip", "192.0.2.1", 100, Instant.EPOCH, Instant.EPOCH,
                List.of("cloudtrail", "waf", "alb", "vpcflow", "s3access"), 5, 30, 100, 2L << 30, null, 0, true);
        // 10 novelty + (4 + 3 + 3) breadth + 5 errors + 5 volume: less than one high finding (25)
        assertThat(busy.suspect().score()).isEqualTo(30);
        SuspectRanking.Ranked quiet = SuspectRanking.score("ip", "192.0.2.2", 3, Instant.EPOCH, Instant.EPOCH, List.of("vpcflow"), 1, 1,
                3, 0, null, 0, false);
        assertThat(quiet.suspect().score()).isZero();
        assertThat(quiet.suspect().reason()).isEqualTo("routine activity");
    }

    @Test
    void aRuleRepeatingAddsLittleAndDeniedFindingsCountAFifth() {
        FindingCredit.RuleCount once = new FindingCredit.RuleCount("x", "high", 1, 0);
        FindingCredit.RuleCount forty = new FindingCredit.RuleCount("x", "high", 40, 0);
        FindingCredit.RuleCount denied = new FindingCredit.RuleCount("x", "high", 0, 14);
        assertThat(once.points()).isEqualTo(25.0);
        assertThat(forty.points()).isLessThan(3 * once.points());
        assertThat(denied.points()).isLessThan(once.points());
        // five medium rules of background outweigh nothing: forty high findings of one rule still beat five medium ones
        assertThat(forty.points()).isGreaterThan(new FindingCredit.RuleCount("m", "medium", 1000, 0).points() * 1.5);
    }
}
