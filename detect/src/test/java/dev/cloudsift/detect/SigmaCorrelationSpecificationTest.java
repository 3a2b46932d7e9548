package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every correlation type of the Sigma correlation rules specification (sigma-correlation-rules-specification.md,
 * v2.1.0), in the shape of the specification's own example for it, over our own CloudTrail records: which
 * events make a finding and which do not. Each hunt runs twice, with the SQL evaluator and with every detection
 * evaluated in Java, and both must give the same findings.
 */
class SigmaCorrelationSpecificationTest {
    @TempDir
    Path directory;

    /** One finding: the fields the assertions read. */
    record Found(String ruleId, JsonNode groupBy, JsonNode counts, List<String> eventIds) {}

    private List<Found> hunt(List<String> records, String rules) throws Exception {
        List<Found> bySql = hunt(records, rules, false);
        assertThat(hunt(records, rules, true)).as("findings with the Java evaluator").isEqualTo(bySql);
        return bySql;
    }

    private List<Found> hunt(List<String> records, String rules, boolean forceJava) throws Exception {
        try (IngestedCase ingested = IngestedCase.of(Files.createTempDirectory(directory, "case"), records)) {
            List<LoadedRule> loaded = new RuleLoader().loadText("spec.yml", rules);
            assertThat(loaded).allSatisfy(rule -> assertThat(rule.status()).as(rule.toString())
                    .isEqualTo(LoadedRule.Status.OK));
            HuntResult result = new Hunt(ingested.connection()).forceJava(forceJava).run(loaded);
            assertThat(result.failed()).isEmpty();
            List<Found> found = new ArrayList<>();
            try (Statement statement = ingested.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT rule_id, group_by, counts, event_ids FROM findings "
                         + "ORDER BY finding_id")) {
                while (rows.next()) {
                    List<String> eventIds = new ArrayList<>();
                    Json.MAPPER.readTree(rows.getString(4)).forEach(id -> eventIds.add(id.asText()));
                    found.add(new Found(rows.getString(1),
                            rows.getString(2) == null ? null : Json.MAPPER.readTree(rows.getString(2)),
                            rows.getString(3) == null ? null : Json.MAPPER.readTree(rows.getString(3)), eventIds));
                }
            }
            return found;
        }
    }

    private static List<String> logins(String user, String outcome, int count, String start, int secondsApart) {
        List<String> records = new ArrayList<>();
        Instant time = Instant.parse(start);
        for (int i = 0; i < count; i++) {
            TrailEvent event = TrailEvent.of(user + "-" + outcome + "-" + start + "-" + i,
                    time.plusSeconds((long) i * secondsApart).toString(), "ConsoleLogin")
                    .source("signin.amazonaws.com").user(user).response("ConsoleLogin", outcome);
            if (outcome.equals("Failure")) {
                event.error("Failed authentication");
            }
            records.add(event.json());
        }
        return records;
    }

    private static final String FAILED_LOGIN = """
            title: Single failed login
            id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
            name: failed_login
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: ConsoleLogin
                    responseElements.ConsoleLogin: Failure
                condition: selection
            """;

    private static final String SUCCESSFUL_LOGIN = """
            title: Successful login
            id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
            name: successful_login
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: ConsoleLogin
                    responseElements.ConsoleLogin: Success
                condition: selection
            """;

    @Test
    void eventCountCountsEventsPerGroupWithinTheTimespan() throws Exception {
        // "Event Count (event_count)": more than or equal 100 failed logins to one target in an hour
        List<String> records = new ArrayList<>(logins("alice", "Failure", 100, "2024-03-01T10:00:00Z", 30));
        records.addAll(logins("bob", "Failure", 99, "2024-03-01T10:00:00Z", 30));
        records.addAll(logins("carol", "Failure", 100, "2024-03-01T10:00:00Z", 60));
        String rules = FAILED_LOGIN + """
                ---
                title: Many failed logins
                id: 0e95725d-7320-415d-80f7-004da920fc11
                correlation:
                    type: event_count
                    rules:
                        - 53ba33fd-3a50-4468-a5ef-c583635cfa92
                    group-by:
                        - userIdentity.userName
                    timespan: 1h
                    condition:
                        gte: 100
                """;

        assertThat(hunt(records, rules)).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("alice");
            assertThat(finding.counts().get("event_count").asLong()).isEqualTo(100);
        });
    }

    @Test
    void valueCountCountsDistinctValuesPerGroup() throws Exception {
        // "Value Count (value_count)": failed logins with 100 or more different user accounts per source and
        // destination in a day
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.addAll(logins("user" + i, "Failure", 1, "2024-03-01T10:%02d:00Z".formatted(i % 60), 1).stream()
                    .map(json -> json.replace("198.51.100.1", "203.0.113.7")).toList());
        }
        for (int i = 0; i < 120; i++) {
            records.addAll(logins("other" + (i % 99), "Failure", 1, "2024-03-01T11:%02d:%02dZ".formatted(i / 60,
                    i % 60), 1));
        }
        String rules = FAILED_LOGIN + """
                ---
                title: Failed login
                id: 0e95725d-7320-415d-80f7-004da920fc12
                correlation:
                    type: value_count
                    rules:
                        - 53ba33fd-3a50-4468-a5ef-c583635cfa92
                    group-by:
                        - sourceIPAddress
                        - recipientAccountId
                    timespan: 1d
                    condition:
                        field: userIdentity.userName
                        gte: 100
                """;

        assertThat(hunt(records, rules)).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("sourceIPAddress").asText()).isEqualTo("203.0.113.7");
            assertThat(finding.counts().get("value_count").asLong()).isEqualTo(100);
        });
    }

    private static final String RECON = """
            title: Recon A
            name: recon_cmd_a
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: GetCallerIdentity}
                condition: selection
            ---
            title: Recon B
            name: recon_cmd_b
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: ListUsers}
                condition: selection
            ---
            title: Recon C
            name: recon_cmd_c
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: ListBuckets}
                condition: selection
            ---
            title: Recon burst
            id: recon-burst
            correlation:
                type: %s
                rules:
                    - recon_cmd_a
                    - recon_cmd_b
                    - recon_cmd_c
                group-by:
                    - recipientAccountId
                    - userIdentity.userName
                timespan: 5m
            """;

    private static List<String> recon(String user, String start, int secondsApart, String... eventNames) {
        List<String> records = new ArrayList<>();
        Instant time = Instant.parse(start);
        for (String eventName : eventNames) {
            records.add(TrailEvent.of(user + "-" + eventName, time.toString(), eventName).user(user).json());
            time = time.plusSeconds(secondsApart);
        }
        return records;
    }

    @Test
    void temporalNeedsEveryRuleWithinTheTimespanInAnyOrder() throws Exception {
        // "Temporal Proximity (temporal)": three recon rules, in arbitrary order, within 5 minutes, same user
        List<String> records = new ArrayList<>(recon("mallory", "2024-03-01T10:00:00Z", 60,
                "ListBuckets", "ListUsers", "GetCallerIdentity"));
        records.addAll(recon("bob", "2024-03-01T10:00:00Z", 300, "GetCallerIdentity", "ListUsers", "ListBuckets"));
        records.addAll(recon("carol", "2024-03-01T10:00:00Z", 30, "GetCallerIdentity", "ListUsers"));

        assertThat(hunt(records, RECON.formatted("temporal"))).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("mallory");
            assertThat(finding.eventIds()).containsExactly("mallory-ListBuckets", "mallory-ListUsers",
                    "mallory-GetCallerIdentity");
        });
    }

    @Test
    void temporalOrderedNeedsTheRulesInTheirListedOrder() throws Exception {
        // "Ordered Temporal Proximity (temporal_ordered)": as temporal, and in the order of `rules`
        List<String> records = new ArrayList<>(recon("mallory", "2024-03-01T10:00:00Z", 60,
                "ListBuckets", "ListUsers", "GetCallerIdentity"));
        records.addAll(recon("eve", "2024-03-01T10:00:00Z", 60, "GetCallerIdentity", "ListUsers", "ListBuckets"));

        assertThat(hunt(records, RECON.formatted("temporal_ordered"))).singleElement().satisfies(finding ->
                assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("eve"));
    }

    /** The specification's "Example": failed logins followed by a successful login, a chain of correlations. */
    private static final String FAILED_THEN_SUCCESS = """
            title: Correlation - Multiple Failed Logins Followed by Successful Login
            id: b180ead8-d58f-40b2-ae54-c8940995b9b6
            status: experimental
            correlation:
                type: temporal_ordered
                rules:
                    - multiple_failed_login
                    - successful_login
                group-by:
                    - userIdentity.userName
                timespan: 10m
            level: high
            ---
            title: Multiple failed logons
            id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
            name: multiple_failed_login
            correlation:
                type: event_count
                rules:
                    - failed_login
                group-by:
                    - userIdentity.userName
                timespan: 10m
                condition:
                    gte: 10
            ---
            """ + FAILED_LOGIN + "---\n" + SUCCESSFUL_LOGIN;

    @Test
    void chainedCorrelationsFollowTheSpecificationExample() throws Exception {
        // "Failed Logins Followed by Successful Login": temporal_ordered over an event_count correlation
        List<String> records = new ArrayList<>(logins("alice", "Failure", 10, "2024-03-01T10:00:00Z", 20));
        records.addAll(logins("alice", "Success", 1, "2024-03-01T10:05:00Z", 1));
        records.addAll(logins("bob", "Failure", 10, "2024-03-01T10:00:00Z", 20));
        records.addAll(logins("bob", "Success", 1, "2024-03-01T10:25:00Z", 1));
        records.addAll(logins("carol", "Success", 1, "2024-03-01T09:59:00Z", 1));
        records.addAll(logins("carol", "Failure", 10, "2024-03-01T10:00:00Z", 20));
        records.addAll(logins("dave", "Failure", 9, "2024-03-01T10:00:00Z", 20));
        records.addAll(logins("dave", "Success", 1, "2024-03-01T10:04:00Z", 1));

        List<Found> found = hunt(records, FAILED_THEN_SUCCESS);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("b180ead8-d58f-40b2-ae54-c8940995b9b6");
            assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("alice");
            // the finding lists the failed logins of the inner window and the success that completed the order
            assertThat(finding.eventIds()).hasSize(11).last().asString().startsWith("alice-Success");
        });
    }

    @Test
    void innerCorrelationsOfAChainRaiseFindingsOnlyWithGenerate() throws Exception {
        List<String> records = new ArrayList<>(logins("alice", "Failure", 10, "2024-03-01T10:00:00Z", 20));
        records.addAll(logins("alice", "Success", 1, "2024-03-01T10:05:00Z", 1));
        String generating = FAILED_THEN_SUCCESS.replace("    timespan: 10m\nlevel: high",
                "    timespan: 10m\n    generate: true\nlevel: high");

        assertThat(generating).isNotEqualTo(FAILED_THEN_SUCCESS);
        assertThat(hunt(records, FAILED_THEN_SUCCESS)).extracting(Found::ruleId)
                .containsExactly("b180ead8-d58f-40b2-ae54-c8940995b9b6");
        // generate makes the rules the outer correlation names stand-alone; failed_login stays an input only
        assertThat(hunt(records, generating)).extracting(Found::ruleId).containsExactlyInAnyOrder(
                "b180ead8-d58f-40b2-ae54-c8940995b9b6", "a8418a5a-5fc4-46b5-b23b-6c73beb19d41",
                "4d0a2c83-c62c-4ed4-b475-c7e23a9269b8");
    }

    @Test
    void eventCountAndValueCountOverAnotherCorrelation() throws Exception {
        // "If you need more complex constructs, you can always chain correlation rules together" (Condition)
        List<String> records = new ArrayList<>();
        records.addAll(logins("alice", "Failure", 3, "2024-03-01T10:00:00Z", 10));
        records.addAll(logins("alice", "Failure", 3, "2024-03-01T11:00:00Z", 10).stream()
                .map(json -> json.replace("198.51.100.1", "203.0.113.9")).toList());
        records.addAll(logins("bob", "Failure", 3, "2024-03-01T10:00:00Z", 10));
        String bursts = FAILED_LOGIN + """
                ---
                title: Burst of failed logins
                name: burst
                correlation:
                    type: event_count
                    rules: [failed_login]
                    group-by: [userIdentity.userName, sourceIPAddress]
                    timespan: 5m
                    condition: {gte: 3}
                ---
                title: Repeated bursts
                id: repeated-bursts
                correlation:
                    type: %s
                    rules: [burst]
                    group-by: [userIdentity.userName]
                    timespan: 1d
                    condition: {%sgte: 2}
                """;

        assertThat(hunt(records, bursts.formatted("event_count", ""))).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("alice");
            assertThat(finding.counts().get("event_count").asLong()).isEqualTo(2);
            assertThat(finding.eventIds()).hasSize(6);
        });
        assertThat(hunt(records, bursts.formatted("value_count", "field: sourceIPAddress, ")))
                .singleElement().satisfies(finding ->
                        assertThat(finding.counts().get("value_count").asLong()).isEqualTo(2));
    }

    @Test
    void temporalOverACorrelationAndADetection() throws Exception {
        List<String> records = new ArrayList<>(logins("alice", "Failure", 3, "2024-03-01T10:00:00Z", 10));
        records.addAll(recon("alice", "2024-03-01T10:02:00Z", 1, "ListUsers"));
        records.addAll(logins("bob", "Failure", 3, "2024-03-01T10:00:00Z", 10));
        records.addAll(recon("bob", "2024-03-01T11:00:00Z", 1, "ListUsers"));
        String rules = FAILED_LOGIN + """
                ---
                title: Burst of failed logins
                name: burst
                correlation:
                    type: event_count
                    rules: [failed_login]
                    group-by: [userIdentity.userName]
                    timespan: 5m
                    condition: {gte: 3}
                ---
                title: Users listed
                name: users_listed
                logsource: {product: aws, service: cloudtrail}
                detection:
                    selection: {eventName: ListUsers}
                    condition: selection
                ---
                title: Burst then recon
                id: burst-then-recon
                correlation:
                    type: temporal
                    rules: [burst, users_listed]
                    group-by: [userIdentity.userName]
                    timespan: 10m
                """;

        assertThat(hunt(records, rules)).singleElement().satisfies(finding ->
                assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("alice"));
    }

    @Test
    void aliasesNameTheInnerGroupByFieldOfAChain() throws Exception {
        List<String> records = new ArrayList<>(logins("alice", "Failure", 3, "2024-03-01T10:00:00Z", 10));
        records.add(TrailEvent.of("key-for-alice", "2024-03-01T10:03:00Z", "CreateAccessKey").user("admin")
                .parameter("userName", "alice").json());
        records.addAll(logins("bob", "Failure", 3, "2024-03-01T10:00:00Z", 10));
        String rules = FAILED_LOGIN + """
                ---
                title: Burst of failed logins
                name: burst
                correlation:
                    type: event_count
                    rules: [failed_login]
                    group-by: [userIdentity.userName]
                    timespan: 5m
                    condition: {gte: 3}
                ---
                title: Key created
                name: key_created
                logsource: {product: aws, service: cloudtrail}
                detection:
                    selection: {eventName: CreateAccessKey}
                    condition: selection
                ---
                title: Burst then a new key for that user
                id: burst-then-key
                correlation:
                    type: temporal_ordered
                    rules: [burst, key_created]
                    group-by: [target]
                    timespan: 10m
                    aliases:
                        target:
                            burst: userIdentity.userName
                            key_created: requestParameters.userName
                """;

        assertThat(hunt(records, rules)).singleElement().satisfies(finding -> {
            assertThat(finding.groupBy().get("target").asText()).isEqualTo("alice");
            assertThat(finding.eventIds()).hasSize(4).last().isEqualTo("key-for-alice");
        });
    }

    private static List<String> transfers(String user, String ip, long... bytes) {
        List<String> records = new ArrayList<>();
        Instant time = Instant.parse("2024-03-01T10:00:00Z");
        for (long out : bytes) {
            records.add(TrailEvent.of(user + "-" + records.size(), time.toString(), "GetObject")
                    .source("s3.amazonaws.com").user(user).ip(ip).additional("bytesTransferredOut", out).json());
            time = time.plusSeconds(300);
        }
        return records;
    }

    private static final String METRIC = """
            title: Website access
            name: website_access
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: GetObject}
                condition: selection
            ---
            title: Metric
            id: metric
            correlation:
                type: %s
                rules:
                    - website_access
                group-by:
                    - sourceIPAddress
                    - userIdentity.userName
                timespan: %s
                condition:
                    field: additionalEventData.bytesTransferredOut
                    %s
            """;

    @Test
    void valueSumAddsAFieldPerGroup() throws Exception {
        // "Value Sum (value_sum)": possible exfiltration, more than 1,000,000 bytes sent in an hour
        List<String> records = new ArrayList<>(transfers("mallory", "203.0.113.5", 400_000, 400_000, 400_000));
        records.addAll(transfers("alice", "198.51.100.2", 400_000, 400_000));

        assertThat(hunt(records, METRIC.formatted("value_sum", "1h", "gt: 1000000"))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("mallory");
                    assertThat(finding.counts().get("value_sum").asLong()).isEqualTo(1_200_000);
                });
    }

    @Test
    void valueAvgAveragesAFieldPerGroup() throws Exception {
        // "Value Average (value_avg)": average bytes out over 500 in 24h
        List<String> records = new ArrayList<>(transfers("mallory", "203.0.113.5", 300, 900));
        records.addAll(transfers("alice", "198.51.100.2", 100, 700));

        assertThat(hunt(records, METRIC.formatted("value_avg", "24h", "gt: 500"))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.groupBy().get("userIdentity.userName").asText()).isEqualTo("mallory");
                    assertThat(finding.counts().get("value_avg").asLong()).isEqualTo(600);
                });
    }

    @Test
    void valuePercentileComparesAPercentileOfAField() throws Exception {
        // "Value Percentile (value_percentile)": condition {field, lte: 1}; the median (percentile 50) here
        List<String> records = new ArrayList<>(transfers("mallory", "203.0.113.5", 0, 0, 5));
        records.addAll(transfers("alice", "198.51.100.2", 4, 8, 9));

        assertThat(hunt(records, METRIC.formatted("value_percentile", "24h", "lte: 1"))).singleElement()
                .satisfies(finding -> assertThat(finding.groupBy().get("userIdentity.userName").asText())
                        .isEqualTo("mallory"));
    }

    @Test
    void aliasesReadDifferentFieldsOfDifferentRules() throws Exception {
        // "Field Name Aliases Example": one alias per rule's own field name, in group-by
        List<String> records = List.of(
                TrailEvent.of("key", "2024-03-01T10:00:00Z", "CreateAccessKey").user("admin")
                        .parameter("userName", "intruder").json(),
                TrailEvent.of("denied", "2024-03-01T10:00:05Z", "ListUsers").user("intruder").error("AccessDenied")
                        .json(),
                TrailEvent.of("late", "2024-03-01T10:05:00Z", "ListUsers").user("admin").error("AccessDenied")
                        .json());
        String rules = """
                title: Key created
                name: key_created
                logsource: {product: aws, service: cloudtrail}
                detection:
                    selection: {eventName: CreateAccessKey}
                    condition: selection
                ---
                title: Denied call
                name: denied_call
                logsource: {product: aws, service: cloudtrail}
                detection:
                    selection: {errorCode: AccessDenied}
                    condition: selection
                ---
                title: New key used at once
                id: new-key-used
                correlation:
                    type: temporal
                    rules:
                        - key_created
                        - denied_call
                    group-by:
                        - target_user
                    timespan: 10s
                    aliases:
                        target_user:
                            key_created: requestParameters.userName
                            denied_call: userIdentity.userName
                """;

        assertThat(hunt(records, rules)).singleElement().satisfies(finding ->
                assertThat(finding.eventIds()).containsExactly("key", "denied"));
    }

    @Test
    void correlationCyclesAreErrorsNamingTheCycle() {
        String rules = FAILED_LOGIN + """
                ---
                title: A
                name: cycle_a
                correlation: {type: temporal, rules: [failed_login, cycle_b], group-by: [userIdentity.userName], timespan: 5m}
                ---
                title: B
                name: cycle_b
                correlation: {type: event_count, rules: [cycle_a], group-by: [userIdentity.userName], timespan: 5m, condition: {gte: 2}}
                ---
                title: Self
                name: self
                correlation: {type: event_count, rules: [self], timespan: 5m, condition: {gte: 2}}
                ---
                title: Over the cycle
                name: over
                correlation: {type: event_count, rules: [cycle_b], group-by: [userIdentity.userName], timespan: 5m, condition: {gte: 1}}
                """;

        List<LoadedRule> loaded = new RuleLoader().loadText("cycle.yml", rules);

        assertThat(loaded).extracting(LoadedRule::id, LoadedRule::status, LoadedRule::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("53ba33fd-3a50-4468-a5ef-c583635cfa92", LoadedRule.Status.OK, null),
                org.assertj.core.groups.Tuple.tuple("cycle_a", LoadedRule.Status.ERROR,
                        "correlation cycle: cycle_a -> cycle_b -> cycle_a (a chain of correlations must end in "
                                + "detection rules)"),
                org.assertj.core.groups.Tuple.tuple("cycle_b", LoadedRule.Status.ERROR,
                        "correlation cycle: cycle_b -> cycle_a -> cycle_b (a chain of correlations must end in "
                                + "detection rules)"),
                org.assertj.core.groups.Tuple.tuple("self", LoadedRule.Status.ERROR,
                        "correlation cycle: self -> self (a chain of correlations must end in detection rules)"),
                org.assertj.core.groups.Tuple.tuple("over", LoadedRule.Status.ERROR,
                        "references rule 'cycle_b' which did not load (correlation cycle: cycle_b -> cycle_a -> "
                                + "cycle_b (a chain of correlations must end in detection rules))"));
    }

    @Test
    void aChainReadsOnlyTheInnerGroupByFields() {
        String rules = FAILED_LOGIN + """
                ---
                title: Burst
                name: burst
                correlation: {type: event_count, rules: [failed_login], group-by: [sourceIPAddress], timespan: 5m, condition: {gte: 3}}
                ---
                title: Outer
                name: outer
                correlation: {type: event_count, rules: [burst], group-by: [userIdentity.userName], timespan: 1h, condition: {gte: 2}}
                """;

        assertThat(new RuleLoader().loadText("chain.yml", rules).get(2).reason()).isEqualTo("reads "
                + "'userIdentity.userName' from correlation 'burst', whose firings carry only its group-by fields "
                + "[sourceIPAddress]");
    }
}
