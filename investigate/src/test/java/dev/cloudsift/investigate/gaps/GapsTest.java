package dev.cloudsift.investigate.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapsTest {
    @TempDir
    static Path folder;
    static Path caseFile;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder);
    }

    @Test
    void listsEveryCallThatStoppedDeletedOrNarrowedLoggingWithWhoAndWhen() throws Exception {
        List<TamperingEvent> events;
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            events = new LoggingTampering(store.connection()).find();
        }
        assertThat(events).extracting(TamperingEvent::action)
                .containsExactly("DeleteFlowLogs", "PutBucketLogging", "PutRetentionPolicy", "StopLogging");
        TamperingEvent stop = events.get(3);
        assertThat(stop.time()).isEqualTo(Instant.parse("2025-11-04T09:28:00Z"));
        assertThat(stop.principal()).isEqualTo("arn:aws:sts::111122223333:assumed-role/Admin/pwn");
        assertThat(stop.srcIp()).isEqualTo("203.0.113.45");
        assertThat(stop.effect()).isEqualTo("stopped CloudTrail logging of arn:aws:cloudtrail:eu-west-1:111122223333:trail/main");
        assertThat(events.get(2).effect()).isEqualTo("shortened retention of log group /var/log/secure to 1 days");
        assertThat(events.get(1).effect()).isEqualTo("disabled S3 server access logging of bucket acme-data");
    }

    @Test
    void findsTheTrailGoingQuietForTwoHoursToTheMinute() throws Exception {
        List<Silence> silences;
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            silences = new Silences(store.connection()).find();
        }
        assertThat(silences).singleElement().satisfies(silence -> {
            assertThat(silence.source()).isEqualTo("cloudtrail");
            assertThat(silence.accountId()).isEqualTo("111122223333");
            assertThat(silence.region()).isEqualTo("eu-west-1");
            assertThat(silence.lastBefore()).isEqualTo(Instant.parse("2025-11-04T09:28:00Z"));
            assertThat(silence.firstAfter()).isEqualTo(Instant.parse("2025-11-04T11:30:00Z"));
            assertThat(silence.typicalGap()).hasMinutes(5);
        });
    }

    @Test
    void saysWhatTheMissingSourcesLeaveInvisible() throws Exception {
        List<CoverageRow> rows;
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            rows = new Coverage(store.connection()).find();
        }
        CoverageRow main = rows.stream().filter(row -> row.accountId().equals("111122223333")).findFirst().orElseThrow();
        assertThat(main.present()).containsExactly("cloudtrail", "cloudwatch", "s3access", "vpcflow", "waf");
        assertThat(main.absent()).containsExactly("config");
        CoverageRow other = rows.stream().filter(row -> row.accountId().equals("444455556666")).findFirst().orElseThrow();
        assertThat(other.absent()).contains("s3access", "vpcflow");
        assertThat(other.blindSpots()).contains(
                "no S3 server access logs and no CloudTrail data events: object reads and writes cannot be seen");
    }
}
