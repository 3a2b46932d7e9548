package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every modifier of the Sigma modifiers appendix (sigma-appendix-modifiers.md, v2.1.0), one case per example or
 * sentence of its sections, in the rule shapes the appendix uses, over our own CloudTrail records. Each case
 * names its section and states which records match; the SQL compiler and the Java evaluator must both return
 * exactly those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigmaModifierSpecificationTest {
    /** Records s-1 .. s-5; the comments give what the cases below rely on. */
    static final List<String> RECORDS = List.of(
            // s-1: S3 Browser puts an inline policy whose document is a JSON string; 2024-12-30 is in ISO week 1 of 2025
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAADMIN","arn":"arn:aws:iam::111122223333:user/adm-alice","accountId":"111122223333","accessKeyId":"AKIAADMIN","userName":"adm-alice","sessionContext":{"attributes":{"creationDate":"2024-12-30T22:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"2024-12-30T23:59:10Z","eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","awsRegion":"us-east-1","sourceIPAddress":"10.1.2.3","userAgent":"S3 Browser 9.5.5 https://s3browser.com","requestParameters":{"userName":"bob","policyName":"s3","policyDocument":"{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": [\\"s3:GetObject\\"], \\"Resource\\": \\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\\"}]\\n}"},"responseElements":null,"eventID":"s-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333"}
            """,
            // s-2: a policy created by the CLI; the session began 2024-03-01T23:30-02:00, that is 2024-03-02T01:30Z
            """
            {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/carol","accountId":"111122223333","accessKeyId":"ASIACAROL","userName":"carol","sessionContext":{"attributes":{"creationDate":"2024-03-01T23:30:00-02:00","mfaAuthenticated":"true"}}},"eventTime":"2024-03-01T10:05:00Z","eventSource":"iam.amazonaws.com","eventName":"CreatePolicy","awsRegion":"us-east-1","sourceIPAddress":"192.168.1.20","userAgent":"aws-cli/2.15.0","requestParameters":{"policyName":"deny-all","policyDocument":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"*\\",\\"Resource\\":\\"*\\"}]}"},"responseElements":{"policy":{"policyName":"deny-all","arn":"arn:aws:iam::111122223333:policy/deny-all"}},"eventID":"s-2","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333"}
            """,
            // s-3: a command sent from IPv6 with encoded payloads
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/operator","accountId":"111122223333","userName":"operator"},"eventTime":"2024-06-15T03:07:00Z","eventSource":"ssm.amazonaws.com","eventName":"SendCommand","awsRegion":"us-east-1","sourceIPAddress":"2001:db8::5","userAgent":"aws-sdk-go/1.44","requestParameters":{"documentName":"AWS-RunPowerShellScript","commandLine":"C:\\\\Windows\\\\System32\\\\cmd.exe","arguments":"/c whoami","encodedCommand":"YwBtAGQAIAAvAGMAIAB3AGgAbwBhAG0AaQA=","bomCommand":"//5jAG0AZAA=","bigEndianCommand":"AGMAbQBk"},"eventID":"s-3","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // s-4: a long role session with user data and a two-line error message
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/svc-backup","accountId":"111122223333","userName":"svc-backup"},"eventTime":"2024-06-15T03:45:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0","errorMessage":"line1\\nAccess denied","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/backup","roleSessionName":"svc-backup","durationSeconds":43200,"userData":"IyEvYmluL3NoCndob2FtaQ=="},"eventID":"s-4","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // s-5: a one-hour role session
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dave","accountId":"111122223333","userName":"dave"},"eventTime":"2024-06-16T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/reader","roleSessionName":"dave-session","durationSeconds":3600},"eventID":"s-5","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """);

    private IngestedCase ingested;
    private DetectionRunner runner;
    private RuleLoader loader;

    @BeforeAll
    void createCase(@TempDir Path directory) throws Exception {
        ingested = IngestedCase.of(directory, RECORDS);
        runner = new DetectionRunner(ingested.connection(), CaseTables.read(ingested.connection()));
        loader = new RuleLoader(FieldMappings.builtIn(), new Placeholders(Map.of("admin_ips",
                List.of("10.1.2.3", "203.0.113.*"))));
    }

    @AfterAll
    void close() {
        ingested.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // Generic Modifiers
                spec("Generic Modifiers: all links the list with AND",
                        "userAgent|contains|all: ['S3 Browser', 's3browser.com']", 1),
                spec("Generic Modifiers: all needs every value", "userAgent|contains|all: ['S3 Browser', 'aws-cli']"),
                spec("Generic Modifiers: startswith replaces 'adm*'", "userIdentity.userName|startswith: adm", 1),
                spec("Generic Modifiers: 'adm*' as written", "userIdentity.userName: 'adm*'", 1),
                spec("Generic Modifiers: endswith replaces '*\\\\cmd.exe'",
                        "requestParameters.commandLine|endswith: '\\\\cmd.exe'", 3),
                spec("Generic Modifiers: '*\\\\cmd.exe' as written", "requestParameters.commandLine: '*\\\\cmd.exe'", 3),
                spec("Generic Modifiers: contains puts * around the value", "userAgent|contains: Browser", 1),
                spec("Generic Modifiers: exists true", "requestParameters.policyDocument|exists: true", 1, 2),
                spec("Generic Modifiers: exists false",
                        "userIdentity.sessionContext.attributes.creationDate|exists: false", 3, 4, 5),
                spec("Generic Modifiers: matching is case-insensitive by default", "userAgent|contains: 's3 browser'", 1),
                spec("Generic Modifiers: cased applies the value case-sensitively",
                        "userAgent|cased|contains: 's3 browser'"),
                spec("Generic Modifiers: cased still matches the exact case", "userAgent|cased|contains: 'S3 Browser'", 1),
                spec("Generic Modifiers: neq, the field is different from the value", "eventName|neq: CreatePolicy",
                        1, 3, 4, 5),
                spec("Generic Modifiers: neq, different from the specified values (every one)",
                        "eventName|neq: [CreatePolicy, AssumeRole]", 1, 3),
                spec("Generic Modifiers: neq needs the field to have a value", "requestParameters.userName|neq: alice", 1),
                spec("Generic Modifiers: neq with contains", "userAgent|contains|neq: aws-cli", 1, 3),
                spec("Specific Modifiers: fieldref combined with neq",
                        "userIdentity.userName|fieldref|neq: requestParameters.roleSessionName", 5),
                // String Modifiers
                spec("String Modifiers: windash turns - into / (and the dashes)",
                        "requestParameters.arguments|windash|startswith: '-c '", 3),
                spec("String Modifiers: without windash - stays -", "requestParameters.arguments|startswith: '-c '"),
                spec("Regular Expression: re, case-sensitive by default", "userIdentity.userName|re: '^ADM-[a-z]+$'"),
                spec("Regular Expression: re with anchors and quantifiers", "userIdentity.userName|re: '^adm-[a-z]+$'", 1),
                spec("Regular Expression: i sub-modifier", "userIdentity.userName|re|i: '^ADM-[a-z]+$'", 1),
                spec("Regular Expression: m sub-modifier, ^ matches at a line start", "errorMessage|re|m: '^Access'", 4),
                spec("Regular Expression: without m, ^ is the start of the value", "errorMessage|re: '^Access'"),
                spec("Regular Expression: s sub-modifier, dot matches the newline", "errorMessage|re|s: 'line1.Access'", 4),
                spec("Regular Expression: without s, dot stops at the newline", "errorMessage|re: 'line1.Access'"),
                spec("Encoding: base64", "requestParameters.userData|base64: \"#!/bin/sh\\nwhoami\"", 4),
                spec("Encoding: base64offset finds a value inside", "requestParameters.userData|base64offset|contains: whoami", 4),
                spec("Encoding: utf16le, cmd > 63 00 6d 00 64 00",
                        "requestParameters.encodedCommand|utf16le|base64offset|contains: cmd", 3),
                spec("Encoding: wide is an alias for utf16le",
                        "requestParameters.encodedCommand|wide|base64offset|contains: whoami", 3),
                spec("Encoding: utf16be, cmd > 00 63 00 6d 00 64", "requestParameters.bigEndianCommand|utf16be|base64: cmd", 3),
                spec("Encoding: utf16 prepends a byte order mark, cmd > FF FE 63 00 6d 00 64 00",
                        "requestParameters.bomCommand|utf16|base64: cmd", 3),
                // Numeric Modifiers
                spec("Numeric Modifiers: lt", "requestParameters.durationSeconds|lt: 43200", 5),
                spec("Numeric Modifiers: lte", "requestParameters.durationSeconds|lte: 43200", 4, 5),
                spec("Numeric Modifiers: gt", "requestParameters.durationSeconds|gt: 3600", 4),
                spec("Numeric Modifiers: gte", "requestParameters.durationSeconds|gte: 3600", 4, 5),
                spec("Numeric Modifiers: neq", "requestParameters.durationSeconds|neq: 3600", 4),
                // Time Modifiers (the event time in UTC)
                spec("Time Modifiers: minute", "eventTime|minute: 59", 1),
                spec("Time Modifiers: hour", "eventTime|hour: 3", 3, 4),
                spec("Time Modifiers: day", "eventTime|day: 15", 3, 4),
                spec("Time Modifiers: week (ISO: 2024-12-30 is in week 1)", "eventTime|week: 1", 1),
                spec("Time Modifiers: week", "eventTime|week: 24", 3, 4, 5),
                spec("Time Modifiers: month", "eventTime|month: 6", 3, 4, 5),
                spec("Time Modifiers: year", "eventTime|year: 2024", 1, 2, 3, 4, 5),
                spec("Time Modifiers: a list is any of the values", "eventTime|month: [3, 12]", 1, 2),
                spec("Time Modifiers: an offset is converted to UTC",
                        "userIdentity.sessionContext.attributes.creationDate|hour: 1", 2),
                spec("Time Modifiers: the UTC day follows the conversion",
                        "userIdentity.sessionContext.attributes.creationDate|day: 2", 2),
                spec("Time Modifiers: Z is UTC", "userIdentity.sessionContext.attributes.creationDate|hour: 22", 1),
                spec("Time Modifiers: with neq", "eventTime|hour|neq: 3", 1, 2, 5),
                spec("Time Modifiers: with a comparison", "eventTime|hour|gte: 12", 1, 5),
                spec("Time Modifiers: a value that is not a date has no parts", "eventName|hour: 0"),
                // IP (Internet Protocol) Modifiers
                spec("IP Modifiers: cidr, DestinationIp|cidr: 10.0.0.0/8", "sourceIPAddress|cidr: 10.0.0.0/8", 1),
                spec("IP Modifiers: cidr supports IPv6", "sourceIPAddress|cidr: '2001:db8::/32'", 3),
                // Specific Modifiers
                spec("Specific Modifiers: expand to a value list", "sourceIPAddress|expand: '%admin_ips%'", 1, 4),
                spec("Specific Modifiers: fieldref compares two fields of the event",
                        "userIdentity.userName|fieldref: requestParameters.roleSessionName", 4),
                // a JSON document kept as a string inside a JSON field is matched by its decoded text too
                spec("JSON string field: the policy document's quoted text", "requestParameters|contains: '\"s3:GetObject\"'", 1),
                spec("JSON string field: contains all inside the document", "requestParameters|contains|all: "
                        + "['\"Effect\": \"Allow\"', '\"s3:GetObject\"', '\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\"']", 1),
                spec("JSON string field: a compact document", "requestParameters|contains: '\"Effect\":\"Deny\"'", 2),
                spec("JSON string field: the raw escaped text still matches",
                        "requestParameters|contains: '\\\"Effect\\\":\\\"Deny\\\"'", 2),
                spec("JSON string field: a regex sees the decoded document",
                        "requestParameters|re: '\"Action\":\\s*\\[?\"s3:GetObject\"'", 1),
                spec("JSON string field: exact match of the embedded document",
                        "requestParameters: '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"\\*\",\"Resource\":\"\\*\"}]}'", 2),
                spec("JSON string field: the string field itself reads decoded", "requestParameters.policyDocument|contains: '\"Deny\"'", 2));
    }

    /** SigmaHQ's rule as published (rules/cloud/aws/cloudtrail), which never fired on real PutUserPolicy records. */
    private static final String SIGMAHQ_S3_BROWSER_POLICY = """
            title: AWS IAM S3Browser Templated S3 Bucket Policy Creation
            id: db014773-7375-4f4e-b83b-133337c0ffee
            status: experimental
            tags:
                - attack.execution
                - attack.t1059.009
                - attack.persistence
                - attack.t1078.004
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection_source:
                    eventSource: iam.amazonaws.com
                    eventName: PutUserPolicy
                filter_tooling:
                    userAgent|contains: 'S3 Browser'
                filter_policy_resource:
                    requestParameters|contains: '"arn:aws:s3:::<YOUR-BUCKET-NAME>/*"'
                filter_policy_action:
                    requestParameters|contains: '"s3:GetObject"'
                filter_policy_effect:
                    requestParameters|contains: '"Allow"'
                condition: selection_source and filter_tooling and filter_policy_resource and filter_policy_action and filter_policy_effect
            level: high
            """;

    @org.junit.jupiter.api.Test
    void sigmaHqPolicyRuleFiresOnARealShapedPutUserPolicyRecord() throws Exception {
        Rule.Detection rule = (Rule.Detection) loader.loadText("sigmahq.yml", SIGMAHQ_S3_BROWSER_POLICY).get(0).rule();

        List<Long> expected = List.of(ingested.row("s-1"));
        assertThat(runner.matchingRows(rule, true)).as("Java evaluator").isEqualTo(expected);
        assertThat(runner.matchingRows(rule, false)).as("SQL evaluator").isEqualTo(expected);
        assertThat(runner.run(-3, rule, false)).isEqualTo(DetectionRunner.Mode.SQL);
    }

    @org.junit.jupiter.api.Test
    void timeModifiersReadUtcWhateverTheLocalTimeZone(@TempDir Path directory) throws Exception {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
        try (IngestedCase local = IngestedCase.of(directory, RECORDS)) {
            try (var statement = local.connection().createStatement()) {
                // DuckDB takes its session zone from the system, not the JVM: set it too
                statement.execute("SET TimeZone = 'America/New_York'");
            }
            DetectionRunner localRunner = new DetectionRunner(local.connection(), CaseTables.read(local.connection()));
            for (String item : List.of("eventTime|hour: 3", "userIdentity.sessionContext.attributes.creationDate|hour: 1",
                    "userIdentity.sessionContext.attributes.creationDate|hour: 22")) {
                Rule.Detection rule = (Rule.Detection) loader.loadText("tz.yml", (String) spec(item, item).get()[1])
                        .get(0).rule();
                List<Long> byJava = localRunner.matchingRows(rule, true);
                assertThat(byJava).as(item).isNotEmpty();
                assertThat(localRunner.matchingRows(rule, false)).as(item).isEqualTo(byJava);
            }
            assertThat(localRunner.matchingRows((Rule.Detection) loader.loadText("tz.yml", (String) spec("h",
                    "userIdentity.sessionContext.attributes.creationDate|hour: 1").get()[1]).get(0).rule(), false))
                    .containsExactly(local.row("s-2"));
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    private static Arguments spec(String name, String item, long... records) {
        String yaml = "title: " + name.replace(":", " -") + "\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  selection:\n    " + item + "\n  condition: selection\n";
        return Arguments.of(name, yaml, LongStream.of(records).boxed().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothEvaluatorsMatchWhatTheSpecificationSays(String name, String yaml, List<Long> expected) throws Exception {
        List<LoadedRule> rules = loader.loadText(name, yaml);
        assertThat(rules).singleElement().satisfies(rule -> assertThat(rule.status()).as(String.valueOf(rule.reason()))
                .isEqualTo(LoadedRule.Status.OK));
        Rule.Detection rule = (Rule.Detection) rules.get(0).rule();

        List<Long> expectedRows = expected.stream().map(record -> ingested.row("s-" + record)).sorted().toList();
        assertThat(runner.matchingRows(rule, true)).as("Java evaluator").containsExactlyElementsOf(expectedRows);
        assertThat(runner.matchingRows(rule, false)).as("SQL evaluator").containsExactlyElementsOf(expectedRows);
    }
}
