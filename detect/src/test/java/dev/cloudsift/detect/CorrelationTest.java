package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correlations, legacy aggregations and first-seen rules over a real ingested case. */
class CorrelationTest {
    @TempDir
    Path directory;

    private static final String FAILED_LOGIN = """
            title: Failed console login
            id: failed-login
            name: failed_login
            logsource: {product: aws, service: cloudtrail}
            detection:
              selection: {eventName: GetUser, errorCode: AccessDenied}
              condition: selection
            level: low
            """;

    /** One finding: the fields tests read. */
    record Found(String ruleId, String kind, List<Long> rows, JsonNode groupBy, JsonNode counts, String summary,
                 String principal) {}

    private List<Found> hunt(List<String> records, String rules) throws Exception {
        try (IngestedCase ingested = IngestedCase.of(java.nio.file.Files.createTempDirectory(directory, "case"), records)) {
            List<LoadedRule> loaded = new RuleLoader().loadText("test.yml", rules);
            assertThat(loaded).allSatisfy(rule -> assertThat(rule.status()).as(rule.toString())
                    .isEqualTo(LoadedRule.Status.OK));
            HuntResult result = new Hunt(ingested.connection()).run(loaded);
            assertThat(result.failed()).isEmpty();
            List<Found> found = new ArrayList<>();
            try (Statement statement = ingested.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT rule_id, kind, row_ids, group_by, counts, summary, "
                         + "principal FROM findings ORDER BY finding_id")) {
                while (rows.next()) {
                    List<Long> ids = new ArrayList<>();
                    Json.MAPPER.readTree(rows.getString(3)).forEach(id -> ids.add(id.asLong()));
                    found.add(new Found(rows.getString(1), rows.getString(2), ids,
                            rows.getString(4) == null ? null : Json.MAPPER.readTree(rows.getString(4)),
                            rows.getString(5) == null ? null : Json.MAPPER.readTree(rows.getString(5)),
                            rows.getString(6), rows.getString(7)));
                }
            }
            return found;
        }
    }

    private static List<String> deniedCalls(String user, int count, String start, int secondsApart) {
        List<String> records = new ArrayList<>();
        java.time.Instant time = java.time.Instant.parse(start);
        for (int i = 0; i < count; i++) {
            records.add(TrailEvent.of(user + "-" + i, time.plusSeconds((long) i * secondsApart).toString(), "GetUser")
                    .user(user).error("AccessDenied").json());
        }
        return records;
    }

    @Test
    void eventCountFiresOncePerGroupWhoseWindowReachesTheCount() throws Exception {
        List<String> records = new ArrayList<>(deniedCalls("mallory", 6, "2024-03-01T10:00:00Z", 60));
        records.addAll(deniedCalls("alice", 3, "2024-03-01T10:00:00Z", 60));
        records.addAll(deniedCalls("bob", 5, "2024-03-01T10:00:00Z", 600));
        String rules = FAILED_LOGIN + """
                ---
                title: Many denied calls
                id: many-denied
                correlation:
                  type: event_count
                  rules: [failed-login]
                  group-by: [userIdentity.arn]
                  timespan: 10m
                  condition: {gte: 5}
                level: high
                """;

        List<Found> found = hunt(records, rules);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("many-denied");
            assertThat(finding.kind()).isEqualTo("correlation");
            assertThat(finding.rows()).hasSize(5);
            assertThat(finding.groupBy().get("userIdentity.arn").asText())
                    .isEqualTo("arn:aws:iam::111122223333:user/mallory");
            assertThat(finding.counts().get("event_count").asLong()).isEqualTo(5);
            assertThat(finding.principal()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
        });
    }

    @Test
    void aWindowAcrossTwoTimespanBucketsFiresAndTwoBucketsTogetherAreNotAWindow() throws Exception {
        // ten-minute buckets counted from the epoch: 10:00 starts one; only mallory has five calls within ten minutes
        List<String> records = new ArrayList<>(deniedCalls("mallory", 5, "2024-03-01T09:56:00Z", 120));
        records.addAll(deniedCalls("alice", 3, "2024-03-01T09:50:00Z", 60));
        records.addAll(deniedCalls("alice-late", 2, "2024-03-01T10:08:00Z", 60));
        records.addAll(deniedCalls("bob", 3, "2024-03-01T09:50:00Z", 60));
        records.addAll(deniedCalls("bob", 2, "2024-03-01T10:08:00Z", 60).stream()
                .map(record -> record.replace("\"bob-", "\"bob-late-")).toList());
        String rules = FAILED_LOGIN + """
                ---
                title: Many denied calls
                id: many-denied
                correlation:
                  type: event_count
                  rules: [failed-login]
                  group-by: [userIdentity.arn]
                  timespan: 10m
                  condition: {gte: 5}
                level: high
                """;

        List<Found> found = hunt(records, rules);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("userIdentity.arn").asText())
                    .isEqualTo("arn:aws:iam::111122223333:user/mallory");
            assertThat(finding.rows()).hasSize(5);
        });
    }

    @Test
    void referencedRulesRaiseNoFindingsOfTheirOwnUnlessGenerateIsSet() throws Exception {
        List<String> records = deniedCalls("mallory", 2, "2024-03-01T10:00:00Z", 60);
        String correlation = """
                ---
                title: Two denied calls
                id: two-denied
                correlation:
                  type: event_count
                  rules: [failed_login]
                  timespan: 1h
                  condition: {gte: 2}
                """;

        assertThat(hunt(records, FAILED_LOGIN + correlation)).extracting(Found::ruleId).containsExactly("two-denied");
        assertThat(hunt(records, FAILED_LOGIN + correlation + "  generate: true\n"))
                .extracting(Found::ruleId).containsExactlyInAnyOrder("two-denied", "failed-login", "failed-login");
    }

    @Test
    void valueCountCountsDistinctValuesPerGroup() throws Exception {
        List<String> records = new ArrayList<>();
        for (String user : List.of("u1", "u2", "u3", "u3")) {
            records.add(TrailEvent.of("spray-" + records.size(), "2024-03-01T10:0" + records.size() + ":00Z",
                    "GetUser").user(user).ip("203.0.113.9").error("AccessDenied").json());
        }
        records.add(TrailEvent.of("other", "2024-03-01T10:00:00Z", "GetUser").user("u9").ip("203.0.113.10")
                .error("AccessDenied").json());
        String rules = FAILED_LOGIN + """
                ---
                title: One address, many users
                id: spray
                correlation:
                  type: value_count
                  rules: [failed-login]
                  group-by: [sourceIPAddress]
                  timespan: 1h
                  condition: {field: userIdentity.userName, gte: 3}
                """;

        List<Found> found = hunt(records, rules);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("sourceIPAddress").asText()).isEqualTo("203.0.113.9");
            assertThat(finding.counts().get("value_count").asLong()).isEqualTo(3);
        });
    }

    private static final String KEY_THEN_LOGIN = """
            title: Access key created
            name: key_created
            logsource: {product: aws, service: cloudtrail}
            detection:
              selection: {eventName: CreateAccessKey}
              condition: selection
            ---
            title: Denied call
            name: denied
            logsource: {product: aws, service: cloudtrail}
            detection:
              selection: {errorCode: AccessDenied}
              condition: selection
            ---
            title: New key used and denied
            id: key-then-denied
            correlation:
              type: %s
              rules: [key_created, denied]
              group-by: [target]
              timespan: 30m
              aliases:
                target:
                  key_created: requestParameters.userName
                  denied: userIdentity.userName
            """;

    private static List<String> keyAndDenial(boolean keyFirst) {
        String keyTime = keyFirst ? "2024-03-01T10:00:00Z" : "2024-03-01T10:20:00Z";
        return List.of(
                TrailEvent.of("key", keyTime, "CreateAccessKey").user("admin").parameter("userName", "intruder").json(),
                TrailEvent.of("use", "2024-03-01T10:10:00Z", "ListUsers").user("intruder").error("AccessDenied").json(),
                TrailEvent.of("noise", "2024-03-01T10:11:00Z", "ListUsers").user("someone").error("AccessDenied")
                        .json());
    }

    @Test
    void temporalJoinsDifferentFieldsThroughAliases() throws Exception {
        List<Found> found = hunt(keyAndDenial(false), KEY_THEN_LOGIN.formatted("temporal"));

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("target").asText()).isEqualTo("intruder");
            assertThat(finding.rows()).hasSize(2);
        });
    }

    @Test
    void temporalOrderedNeedsTheListedOrder() throws Exception {
        assertThat(hunt(keyAndDenial(true), KEY_THEN_LOGIN.formatted("temporal_ordered"))).hasSize(1);
        assertThat(hunt(keyAndDenial(false), KEY_THEN_LOGIN.formatted("temporal_ordered"))).isEmpty();
    }

    private static final String SESSIONS = """
            title: Role sessions
            name: sessions
            logsource: {product: aws, service: cloudtrail}
            detection:
              selection: {eventName: AssumeRole}
              condition: selection
            ---
            title: Long sessions
            id: long-sessions
            correlation:
              type: %s
              rules: [sessions]
              group-by: [userIdentity.userName]
              timespan: 1d
              percentile: 90
              condition: {field: requestParameters.durationSeconds, %s}
            """;

    private static List<String> sessions() {
        List<String> records = new ArrayList<>();
        int[] durations = {3600, 3600, 43200};
        for (int duration : durations) {
            records.add(TrailEvent.of("s" + records.size(), "2024-03-01T1" + records.size() + ":00:00Z", "AssumeRole")
                    .user("carol").parameter("durationSeconds", duration).json());
        }
        return records;
    }

    @Test
    void valueSumAvgAndPercentileAggregateANumericField() throws Exception {
        assertThat(hunt(sessions(), SESSIONS.formatted("value_sum", "gte: 50400")))
                .singleElement().satisfies(f -> assertThat(f.counts().get("value_sum").asLong()).isEqualTo(50400));
        assertThat(hunt(sessions(), SESSIONS.formatted("value_sum", "gt: 50400"))).isEmpty();
        assertThat(hunt(sessions(), SESSIONS.formatted("value_avg", "gte: 16800")))
                .singleElement().satisfies(f -> assertThat(f.counts().get("value_avg").asLong()).isEqualTo(16800));
        assertThat(hunt(sessions(), SESSIONS.formatted("value_percentile", "gte: 35000")))
                .singleElement().satisfies(f -> assertThat(f.counts().get("value_percentile").asDouble())
                        .isEqualTo(35280.0));
    }

    @Test
    void legacyCountAggregationBecomesAnEventCountCorrelation() throws Exception {
        List<String> records = deniedCalls("mallory", 4, "2024-03-01T10:00:00Z", 60);
        String rule = """
                title: Legacy count
                id: legacy
                logsource: {product: aws, service: cloudtrail}
                detection:
                  selection: {errorCode: AccessDenied}
                  timeframe: 10m
                  condition: selection | count() by userIdentity.userName > 3
                """;

        assertThat(hunt(records, rule)).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("legacy");
            assertThat(finding.counts().get("event_count").asLong()).isEqualTo(4);
        });
    }

    private static final String FIRST_SEEN = """
            title: Key use
            name: key_use
            logsource: {product: aws, service: cloudtrail}
            detection:
              selection: {userIdentity.accessKeyId|startswith: AKIA}
              condition: selection
            ---
            title: Access key used from a new address
            id: key-new-ip
            correlation:
              type: first_seen
              rules: [key_use]
              fields: [userIdentity.accessKeyId, sourceIPAddress]
              learning_window: 7d
            level: medium
            """;

    @Test
    void firstSeenReportsCombinationsFirstAppearingAfterTheLearningWindow() throws Exception {
        List<String> records = new ArrayList<>();
        for (int day = 1; day <= 9; day++) {
            records.add(TrailEvent.of("home-" + day, "2024-03-0" + day + "T10:00:00Z", "ListUsers").user("alice")
                    .accessKey("AKIAHOME").ip("198.51.100.1").json());
        }
        records.add(TrailEvent.of("early-new", "2024-03-03T10:00:00Z", "ListUsers").user("alice")
                .accessKey("AKIAHOME").ip("198.51.100.2").json());
        records.add(TrailEvent.of("late-new", "2024-03-09T11:00:00Z", "ListUsers").user("alice")
                .accessKey("AKIAHOME").ip("203.0.113.66").json());
        records.add(TrailEvent.of("late-again", "2024-03-09T12:00:00Z", "ListUsers").user("alice")
                .accessKey("AKIAHOME").ip("203.0.113.66").json());
        // the case runs to mid-April: its first fifth is longer than the rule's seven days, so seven days it is
        records.add(TrailEvent.of("april", "2024-04-15T10:00:00Z", "ListUsers").user("alice")
                .accessKey("AKIAHOME").ip("198.51.100.1").json());

        List<Found> found = hunt(records, FIRST_SEEN);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo("first_seen");
            assertThat(finding.groupBy().get("sourceIPAddress").asText()).isEqualTo("203.0.113.66");
            assertThat(finding.groupBy().get("userIdentity.accessKeyId").asText()).isEqualTo("AKIAHOME");
            assertThat(finding.counts().get("occurrences").asLong()).isEqualTo(2);
            assertThat(finding.rows()).hasSize(1);
            assertThat(finding.counts().get("short_baseline").asBoolean()).isFalse();
        });
    }

    @Test
    void aCaseShorterThanFiveLearningWindowsLearnsFromItsFirstFifthAndSaysSo() throws Exception {
        List<String> records = new ArrayList<>();
        // ten hours of a key's use from home; the first fifth (two hours) is the baseline
        for (int hour = 8; hour <= 18; hour++) {
            records.add(TrailEvent.of("home-" + hour, String.format("2024-03-01T%02d:00:00Z", hour), "ListUsers").user("alice")
                    .accessKey("AKIAHOME").ip("198.51.100.1").json());
        }
        records.add(TrailEvent.of("early-new", "2024-03-01T09:30:00Z", "ListUsers").user("alice")
                .accessKey("AKIAHOME").ip("198.51.100.2").json());
        records.add(TrailEvent.of("late-new", "2024-03-01T14:00:00Z", "ListUsers").user("alice")
                .accessKey("AKIAHOME").ip("203.0.113.66").json());

        List<Found> found = hunt(records, FIRST_SEEN);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("sourceIPAddress").asText()).isEqualTo("203.0.113.66");
            assertThat(finding.counts().get("short_baseline").asBoolean()).isTrue();
            assertThat(finding.counts().get("baseline_seconds").asLong()).isEqualTo(2 * 3600);
            assertThat(finding.summary()).contains("short baseline of 2h").contains("shorter than the rule's 7d");
        });
    }
}
