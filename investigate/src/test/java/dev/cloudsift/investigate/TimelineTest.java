package dev.cloudsift.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
    @TempDir
    static Path folder;
    static Path caseFile;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder);
        TestCase.execute(caseFile, """
                CREATE OR REPLACE TABLE findings (rule_id VARCHAR, title VARCHAR, level VARCHAR, tags JSON, time TIMESTAMP,
                  source VARCHAR, event_ids JSON, account_id VARCHAR, region VARCHAR, principal VARCHAR, src_ip VARCHAR,
                  summary VARCHAR)""",
                "INSERT INTO findings VALUES ('aws-stoplogging', 'CloudTrail logging stopped', 'high', '[]',"
                        + " TIMESTAMP '2025-11-04 09:28:00', 'cloudtrail', '[]', '111122223333', 'eu-west-1',"
                        + " 'arn:aws:sts::111122223333:assumed-role/Admin/pwn', '203.0.113.45', 'StopLogging by Admin/pwn')");
    }

    private static List<TimelineEntry> walk(TimelineQuery query, int limit) throws Exception {
        List<TimelineEntry> entries = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            new Timeline(store.connection()).walk(query, entry -> {
                entries.add(entry);
                return entries.size() < limit;
            });
        }
        return entries;
    }

    @Test
    void collapsesThreeHundredObjectReadsByOnePrincipalOnOneBucketIntoOneLine() throws Exception {
        List<TimelineEntry> entries = walk(new TimelineQuery(null, null, null, List.of("s3access"), Duration.ofMinutes(5)), 100);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).count()).isEqualTo(300);
        assertThat(entries.get(0).resource()).isEqualTo("acme-data");
        assertThat(entries.get(0).first()).isEqualTo(Instant.parse("2025-11-04T09:30:00Z"));
        assertThat(entries.get(0).last()).isEqualTo(Instant.parse("2025-11-04T09:49:56Z"));
        // the burst after a 30-minute pause is a run of its own
        assertThat(entries.get(1).count()).isEqualTo(5);
    }

    @Test
    void interleavesSourcesInTimeOrderAndMarksFindingsInline() throws Exception {
        List<TimelineEntry> entries = walk(new TimelineQuery(Instant.parse("2025-11-04T09:00:00Z"),
                Instant.parse("2025-11-04T09:40:00Z"), null, List.of(), Duration.ofMinutes(5)), 1000);
        assertThat(entries).extracting(TimelineEntry::first).isSorted();
        assertThat(entries).extracting(TimelineEntry::source)
                .contains("cloudtrail", "waf", "alb", "vpcflow", "cloudwatch", "s3access");
        TimelineEntry finding = entries.stream().filter(TimelineEntry::isFinding).findFirst().orElseThrow();
        assertThat(finding.finding().title()).isEqualTo("CloudTrail logging stopped");
        int findingIndex = entries.indexOf(finding);
        assertThat(entries.get(findingIndex - 1).action()).isEqualTo("StopLogging");
    }

    @Test
    void stopsReadingWhenTheCallerHasItsFirstPage() throws Exception {
        List<TimelineEntry> entries = walk(TimelineQuery.all(), 3);
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).first()).isEqualTo(Instant.parse("2025-11-02T00:00:00Z"));
    }

    @Test
    void aBoundedTimelineReadsOnlyThePartsOfItsDates(@TempDir Path other) throws Exception {
        TimelineQuery day = new TimelineQuery(Instant.parse("2025-11-04T00:00:00Z"), Instant.parse("2025-11-05T00:00:00Z"),
                null, List.of(), Duration.ofMinutes(5));
        Path pruned = TestCase.scenario(other);
        List<TimelineEntry> whole = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(pruned)) {
            new Timeline(store.connection()).walk(day, whole::add);
        }
        List<Path> otherDates;
        try (var files = java.nio.file.Files.walk(pruned.resolve("tables"))) {
            otherDates = files.filter(f -> f.toString().endsWith(".parquet"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("date=2025-11-04")).toList();
        }
        assertThat(otherDates).as("the scenario has parts on other dates").isNotEmpty();
        for (Path part : otherDates) {
            spoilData(part);
        }

        // reading any spoilt part fails the walk: the day's timeline is whole without them
        List<TimelineEntry> entries = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(pruned)) {
            new Timeline(store.connection()).walk(day, entries::add);
            assertThatThrownBy(() -> new Timeline(store.connection()).walk(TimelineQuery.all(), entry -> true))
                    .as("the whole timeline reads the spoilt parts").isInstanceOf(java.sql.SQLException.class);
        }
        assertThat(whole).isNotEmpty();
        assertThat(entries).containsExactlyElementsOf(whole);
    }

    /**
     * Zeroes a Parquet file's column data but keeps its footer (schema, row groups, statistics): binding a query
     * still works, scanning its rows fails.
     */
    private static void spoilData(Path part) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(part);
        int footer = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        java.util.Arrays.fill(bytes, 4, bytes.length - 8 - footer, (byte) 0);
        java.nio.file.Files.write(part, bytes);
    }

    @Test
    void followsOneEntityAcrossSources() throws Exception {
        List<TimelineEntry> entries = walk(new TimelineQuery(null, null, EntityMatch.of("203.0.113.45"), List.of(),
                Duration.ofMinutes(5)), 1000);
        assertThat(entries).extracting(TimelineEntry::source)
                .contains("cloudtrail", "waf", "alb", "vpcflow", "cloudwatch", "s3access");
        assertThat(entries).filteredOn(TimelineEntry::isFinding).singleElement()
                .satisfies(entry -> assertThat(entry.finding().title()).isEqualTo("CloudTrail logging stopped"));
        List<TimelineEntry> other = walk(new TimelineQuery(null, null, EntityMatch.of("198.51.100.7"), List.of(),
                Duration.ofMinutes(5)), 1000);
        assertThat(other).noneMatch(TimelineEntry::isFinding);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.principal()).isNotEqualTo("arn:aws:iam::111122223333:user/alice"));
    }
}
