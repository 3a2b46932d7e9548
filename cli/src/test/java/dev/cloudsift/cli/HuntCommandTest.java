package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cloudsift hunt} and {@code cloudsift rules} end to end: real trail file, real case, real rules. */
class HuntCommandTest {
    @TempDir
    Path directory;
    private Path trail;
    private Path rules;

    /** What one command run printed and returned. */
    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void writeInputs() throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        trail = directory.resolve("111122223333_CloudTrail_us-east-1_20240301T1000Z_abc.json");
        Files.writeString(trail, """
                {"Records":[
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","userName":"mallory"},"eventTime":"2024-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.50","userAgent":"aws-cli/2.15","requestParameters":{"name":"main-trail"},"eventID":"ev-stop","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"},
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2024-03-01T10:05:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.4","userAgent":"aws-cli/2.15","eventID":"ev-list","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
                ]}
                """);
        rules = directory.resolve("rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("stop.yml"), """
                title: Trail logging stopped
                id: 3c3b1d1c-0000-4000-8000-000000000001
                logsource: {product: aws, service: cloudtrail}
                detection:
                  selection: {eventSource: cloudtrail.amazonaws.com, eventName: StopLogging}
                  condition: selection
                level: high
                tags: [attack.defense-evasion, attack.t1562.008]
                """);
        Files.writeString(rules.resolve("list.yml"), """
                title: Buckets listed
                id: 3c3b1d1c-0000-4000-8000-000000000002
                logsource: {product: aws, service: cloudtrail}
                detection:
                  selection: {eventName: ListBuckets}
                  condition: selection
                level: low
                tags: [attack.discovery, attack.t1619]
                """);
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String caseFile() {
        return directory.resolve("case").toString();
    }

    @Test
    void printsOneJsonFindingPerLine() throws Exception {
        Run run = run("hunt", "--case", caseFile(), trail.toString(), "--no-builtin", "--rules", rules.toString(),
                "--format", "jsonl");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> findings = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            findings.add(Json.MAPPER.readTree(line));
        }
        assertThat(findings).extracting(finding -> finding.get("title").asText())
                .containsExactly("Trail logging stopped", "Buckets listed");
        JsonNode stop = findings.get(0);
        assertThat(stop.get("level").asText()).isEqualTo("high");
        assertThat(stop.get("time").asText()).isEqualTo("2024-03-01T10:00:00Z");
        assertThat(stop.get("tags").get(1).asText()).isEqualTo("attack.t1562.008");
        assertThat(stop.get("event_ids").get(0).asText()).isEqualTo("ev-stop");
        assertThat(stop.get("principal").asText()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
        assertThat(stop.get("src_ip").asText()).isEqualTo("203.0.113.50");
        assertThat(stop.get("account_id").asText()).isEqualTo("111122223333");
        assertThat(stop.get("row_ids").isArray()).isTrue();
    }

    @Test
    void groupsTheTableByRuleWithAttackIds() {
        Run run = run("hunt", "--case", caseFile(), trail.toString(), "--no-builtin", "--rules", rules.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("LEVEL").contains("TOP PRINCIPALS", "ATT&CK");
        assertThat(lines[2]).startsWith("high").contains("Trail logging stopped", "mallory (1)", "203.0.113.50 (1)",
                "T1562.008");
        assertThat(lines[3]).startsWith("low").contains("Buckets listed", "T1619");
        assertThat(run.out()).contains("2 findings from 2 rules", "the slowest:", "where the time went:", "copy matched rows");
    }

    @Test
    void selectsRulesByMinimumLevelAndTag() {
        run("ingest", "--case", caseFile(), "-q", trail.toString());

        Run high = run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--min-level",
                "high", "--format", "csv");
        Run discovery = run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--tags",
                "attack.t1619", "--format", "csv");

        assertThat(List.of(high.out().strip().split("\n"))).hasSize(2).last().asString().contains("Trail logging stopped");
        assertThat(List.of(discovery.out().strip().split("\n"))).hasSize(2).last().asString().contains("Buckets listed");
    }

    @Test
    void aHuntLimitedByLevelKeepsTheOtherRulesFindingsAndMarksThemStaleAfterAnIngest() throws Exception {
        run("hunt", "--case", caseFile(), trail.toString(), "--no-builtin", "--rules", rules.toString(), "-q");

        Run high = run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--min-level", "high");
        Run count = run("query", "--case", caseFile(), "--format", "csv", "SELECT count(*) AS n FROM findings");

        assertThat(high.out()).contains("1 finding from 1 rule")
                .contains("1 finding(s) of rules not run now are kept from earlier hunts").doesNotContain("stale");
        assertThat(count.out()).isEqualTo("n\n2\n");

        Path more = directory.resolve("111122223333_CloudTrail_us-east-1_20240301T1100Z_def.json");
        Files.writeString(more, Files.readString(trail).replace("ev-stop", "ev-stop-2").replace("ev-list", "ev-list-2")
                .replace("2024-03-01T10:0", "2024-03-01T11:0"));
        run("ingest", "--case", caseFile(), "-q", more.toString());
        Run suspects = run("suspects", "--case", caseFile());
        Run highAgain = run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--min-level", "high");
        Run full = run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString());

        assertThat(suspects.out()).contains("Note: 2 finding(s) were computed before the last ingest");
        assertThat(highAgain.out()).contains("2 findings from 1 rule")
                .contains("Note: 1 finding(s) were computed before the last ingest");
        assertThat(full.out()).contains("4 findings from 2 rules").doesNotContain("Note:").doesNotContain("kept");
    }

    @Test
    void exitsWithFourWhenFindingsReachFailOn() {
        run("ingest", "--case", caseFile(), "-q", trail.toString());

        assertThat(run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--fail-on", "high")
                .exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--fail-on",
                "critical").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run("hunt", "--case", caseFile(), "--no-builtin", "--rules", rules.toString(), "--fail-on",
                "severe").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void refusesToHuntACaseThatDoesNotExist() {
        Run run = run("hunt", "--case", caseFile(), "--no-builtin");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no case at " + caseFile());
    }

    @Test
    void listsRulesWithTheirStatusAndExitsThreeWhenSomeDidNotLoad() throws Exception {
        Files.writeString(rules.resolve("broken.yml"), """
                title: Broken
                logsource: {product: aws, service: cloudtrail}
                detection:
                  selection: {eventName|sortof: x}
                  condition: selection
                """);

        Run run = run("rules", "--no-builtin", "--rules", rules.toString(), "--format", "jsonl");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        List<JsonNode> listed = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            listed.add(Json.MAPPER.readTree(line));
        }
        assertThat(listed).extracting(rule -> rule.get("status").asText()).containsExactly("error", "ok", "ok");
        assertThat(listed.get(0).get("reason").asText())
                .isEqualTo("search identifier 'selection': unknown modifier 'sortof' on 'eventName|sortof'");
    }
}
