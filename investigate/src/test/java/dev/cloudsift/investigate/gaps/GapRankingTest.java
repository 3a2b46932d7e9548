package dev.cloudsift.investigate.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trail stopped for two hours among ordinary quiet spells, recon calls in other regions, account-less records. */
class GapRankingTest {
    private static final String ACCOUNT = "111122223333";
    private static final Instant STOP = Instant.parse("2025-11-04T09:00:30Z");
    private static final Instant START = Instant.parse("2025-11-04T11:00:30Z");

    @TempDir
    static Path folder;
    static GapAnalysis gaps;

    @BeforeAll
    static void ingest() throws Exception {
        List<String> trail = new ArrayList<>();
        List<String> flows = new ArrayList<>();
        Instant time = Instant.parse("2025-11-04T04:00:00Z");
        int id = 0;
        while (time.isBefore(Instant.parse("2025-11-04T16:00:00Z"))) {
            boolean stopped = !time.isBefore(STOP) && time.isBefore(START);
            // a quiet spell of 40 minutes (normal: no one worked) in the flow logs
            boolean flowQuiet = !time.isBefore(Instant.parse("2025-11-04T13:00:00Z")) && time.isBefore(Instant.parse("2025-11-04T13:40:00Z"));
            if (!stopped) {
                trail.add(call(time, "DescribeInstances", "eu-west-1", "alice", "{}", ++id));
            }
            if (!flowQuiet) {
                flows.add("{\"event_time\":\"" + time + "\",\"source\":\"vpcflow\",\"account_id\":\"" + ACCOUNT
                        + "\",\"region\":\"eu-west-1\",\"action\":\"ACCEPT\",\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"10.0.0.6\"}");
            }
            time = time.plus(Duration.ofMinutes(5));
        }
        trail.add(call(STOP, "StopLogging", "eu-west-1", "mallory",
                "{\"name\":\"arn:aws:cloudtrail:eu-west-1:" + ACCOUNT + ":trail/main\"}", ++id));
        trail.add(call(START, "StartLogging", "eu-west-1", "mallory", "{\"name\":\"main\"}", ++id));
        for (String region : List.of("ap-south-1", "sa-east-1", "us-west-2")) {
            trail.add(call(Instant.parse("2025-11-04T08:30:00Z"), "DescribeRegions", region, "mallory", "{}", ++id));
        }
        List<String> accountless = List.of(
                "{\"event_time\":\"2025-11-04T08:00:00Z\",\"source\":\"s3access\",\"region\":\"eu-west-1\",\"action\":\"REST.GET.OBJECT\"}",
                "{\"event_time\":\"2025-11-04T08:01:00Z\",\"source\":\"cloudwatch\",\"action\":\"sshd\"}",
                "{\"event_time\":\"2025-11-04T08:02:00Z\",\"source\":\"waf\",\"account_id\":\"" + ACCOUNT
                        + "\",\"region\":\"eu-west-1\",\"action\":\"ALLOW\"}");
        Path caseFile = TestCase.ingest(folder, Map.of("trail.jsonl", trail, "flows.jsonl", flows, "other.jsonl", accountless));
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            gaps = GapAnalysis.run(store.connection(), List.of());
        }
    }

    private static String call(Instant time, String name, String region, String user, String parameters, int id) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/" + user
                + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"AKIAEXAMPLE" + user.toUpperCase() + "\"},\"eventTime\":\""
                + time + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region
                + "\",\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":" + parameters
                + ",\"responseElements\":null,\"eventID\":\"evt-" + id + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void pairsTheStopWithTheStartTwoHoursLaterAndTheSilenceItCaused() {
        assertThat(gaps.pauses()).singleElement().satisfies(pause -> {
            assertThat(pause.trail()).isEqualTo("main");
            assertThat(pause.stop()).isEqualTo(STOP);
            assertThat(pause.restart()).isEqualTo(START);
            assertThat(pause.off()).isEqualTo(Duration.ofHours(2));
            assertThat(pause.stoppedBy()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/mallory");
            assertThat(pause.silence()).isNotNull();
            assertThat(pause.silence().region()).isEqualTo("eu-west-1");
            assertThat(pause.silence().lastBefore()).isEqualTo(Instant.parse("2025-11-04T09:00:00Z"));
            assertThat(pause.silence().firstAfter()).isEqualTo(Instant.parse("2025-11-04T11:00:00Z"));
        });
    }

    @Test
    void ranksTheSilenceTheStopCausedAboveALongerOrdinaryOne() {
        assertThat(gaps.ranked()).hasSizeGreaterThanOrEqualTo(2);
        RankedSilence first = gaps.ranked().get(0);
        assertThat(first.tamperingLinked()).isTrue();
        assertThat(first.silence().source()).startsWith("cloudtrail");
        assertThat(first.cause().action()).isEqualTo("StopLogging");
        assertThat(first.restart()).isEqualTo(START);
        assertThat(gaps.ranked().subList(1, gaps.ranked().size())).noneMatch(RankedSilence::tamperingLinked);
        assertThat(first.describe(Instant::toString)).contains("after StopLogging", "ended by StartLogging", "2 h");
    }

    @Test
    void judgesOnlyTheWorkloadRegionAndCreditsRecordsWithoutAccountToIt() {
        assertThat(gaps.coverage()).extracting(CoverageRow::accountId).containsOnly(ACCOUNT);
        CoverageRow home = gaps.coverage().stream().filter(row -> row.region().equals("eu-west-1")).findFirst().orElseThrow();
        assertThat(home.inScope()).isTrue();
        assertThat(home.present()).containsExactly("cloudtrail", "cloudwatch", "s3access", "vpcflow", "waf");
        assertThat(home.absent()).containsExactly("config");
        assertThat(home.sources().get("s3access").records()).isEqualTo(1);
        assertThat(gaps.coverage()).filteredOn(row -> !row.region().equals("eu-west-1"))
                .extracting(CoverageRow::region).containsExactlyInAnyOrder("ap-south-1", "sa-east-1", "us-west-2");
        assertThat(gaps.coverage()).filteredOn(row -> !row.region().equals("eu-west-1")).noneMatch(CoverageRow::inScope);
        assertThat(gaps.coverageInScope()).hasSize(1);
    }
}
