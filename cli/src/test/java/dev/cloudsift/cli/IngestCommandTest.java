package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
    static final Path EXAMPLE = Path.of(System.getProperty("cloudsift.root", ".."), "examples/acme-incident");

    @TempDir
    Path folder;

    @Test
    void ingestsTheExampleIncidentAndReconcilesEveryFile() throws Exception {
        Path caseFile = folder.resolve("acme-case");

        CliRun run = CliRun.of("ingest", "--quiet", "--summary", "json", "--case", caseFile.toString(), EXAMPLE.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("quarantined").asLong()).isZero();
        assertThat(summary.get("read").asLong())
                .isEqualTo(summary.get("stored").asLong() + summary.get("duplicates").asLong());
        assertThat(summary.get("duplicates").asLong()).as("lookup-events overlaps the trail files").isPositive();
        for (JsonNode file : summary.get("files")) {
            assertThat(file.get("read").asLong()).isEqualTo(
                    file.get("stored").asLong() + file.get("duplicates").asLong() + file.get("quarantined").asLong());
        }
    }

    @Test
    void aQueryOverTheIngestedExampleMatchesItsGoldenOutput() throws Exception {
        Path caseFile = folder.resolve("acme-case");
        CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), EXAMPLE.toString());

        CliRun query = CliRun.of("query", "--case", caseFile.toString(), "--format", "csv",
                "SELECT event_time, action, principal, src_ip, outcome, error_code FROM events "
                        + "WHERE src_ip = '203.0.113.77' ORDER BY event_time, action, event_id");

        assertThat(query.exitCode()).as(query.err()).isZero();
        assertMatchesGolden("attacker-events.csv", query.out());
    }

    @Test
    void reingestingTheExampleStoresNothingNewAndSaysWhy() throws Exception {
        Path caseFile = folder.resolve("acme-case");
        CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), EXAMPLE.toString());

        CliRun again = CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), EXAMPLE.toString());

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 stored").contains("already-ingested — already ingested (same bytes as file #");
    }

    @Test
    void quarantinedInputGivesExitCodeThreeAndTheSummaryNamesTheFile() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("broken.json"), "{\"Records\":[{\"eventVersion\":\"1.09\",\"eventTime\":7,"
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"eventID\":\"x\"}]}");

        CliRun run = CliRun.of("ingest", "--quiet", "--case", folder.resolve("c").toString(), logs.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        assertThat(run.out()).contains("broken.json: partial").contains("1 quarantined");
    }

    @Test
    void aRefusedRecordInCloudWatchAndConfigFilesCostsOnlyItselfAndEveryFileReconciles() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("oversized"));
        String giant = "x".repeat(20 * 1024 * 1024);
        String event = "{\"logStreamName\":\"i-0123456789abcdef0\",\"timestamp\":1762247731000,\"message\":\"%s\","
                + "\"ingestionTime\":1762247733120,\"eventId\":\"%s\"}";
        Files.writeString(logs.resolve("filter-log-events.json"), "{\"events\":[" + event.formatted("a", "e1") + ","
                + event.formatted(giant, "e2") + "," + event.formatted("c", "e3") + "],\"searchedLogStreams\":[]}");
        String item = "{\"configurationItemVersion\":\"1.3\",\"configurationItemCaptureTime\":\"2025-11-04T09:18:40.512Z\","
                + "\"awsAccountId\":\"111122223333\",\"configurationItemStatus\":\"OK\",\"resourceType\":"
                + "\"AWS::S3::Bucket\",\"resourceId\":\"%s\",\"awsRegion\":\"eu-west-1\",\"configuration\":{\"p\":\"%s\"}}";
        Files.writeString(logs.resolve("111122223333_Config_eu-west-1_ConfigHistory_AWS__S3__Bucket_20251104T091840Z.json"),
                "{\"fileVersion\":\"1.0\",\"configurationItems\":[" + item.formatted("b1", "a") + ","
                        + item.formatted("b2", giant) + "," + item.formatted("b3", "c") + "]}");

        CliRun run = CliRun.of("ingest", "--quiet", "--summary", "json", "--case",
                folder.resolve("oversized.duckdb").toString(), logs.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("files")).hasSize(2).allSatisfy(file -> {
            assertThat(file.get("read").asLong()).as(file.toString()).isEqualTo(3);
            assertThat(file.get("stored").asLong()).as(file.toString()).isEqualTo(2);
            assertThat(file.get("quarantined").asLong()).as(file.toString()).isEqualTo(1);
        });
    }

    @Test
    void aYearZeroEventTimeIsShownAsWrittenWithItsAnomaly() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("year-zero"));
        Files.writeString(logs.resolve("trail.jsonl"), "{\"eventVersion\":\"1.11\",\"eventTime\":\"0000-11-04T09:31:00Z\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateAccessKey\",\"eventID\":\"y0\","
                + "\"recipientAccountId\":\"111122223333\"}\n");
        Path caseFile = folder.resolve("year-zero.duckdb");
        CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), logs.toString());

        CliRun query = CliRun.of("query", "--case", caseFile.toString(), "--format", "csv",
                "SELECT event_time, anomalies FROM events");

        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out()).isEqualTo("event_time,anomalies\n0000-11-04T09:31:00Z,[time_out_of_range]\n");
    }

    @Test
    void aMissingCaseIsAClearErrorNotAStackTrace() {
        CliRun run = CliRun.of("query", "--case", folder.resolve("nope-case").toString(), "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("cloudsift query: no case at").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aSingleFileCaseOfAnEarlierBuildSaysHowToIngestAgain() throws Exception {
        Path old = folder.resolve("old.duckdb");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:" + old)) {
            connection.createStatement().execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)");
        }

        CliRun run = CliRun.of("query", "--case", old.toString(), "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("single-file case from an earlier Cloudsift").contains("cloudsift ingest --case")
                .doesNotContain("Exception");
        assertThat(old).isRegularFile();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun run = CliRun.of("ingest", "--no-such-option", "x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option").contains("cloudsift ingest --help");
    }

    @Test
    void queriesCannotWriteTheCaseOrReadOtherFiles() throws Exception {
        Path caseFile = folder.resolve("acme-case");
        CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), EXAMPLE.toString());

        CliRun write = CliRun.of("query", "--case", caseFile.toString(), "DELETE FROM events");
        CliRun read = CliRun.of("query", "--case", caseFile.toString(), "SELECT * FROM read_text('/etc/hostname')");

        assertThat(write.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(read.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("query", "--case", caseFile.toString(), "SELECT count(*) AS n FROM events").out())
                .doesNotContain("\n0\n");
    }

    @Test
    void csvOutputNeutralisesFormulasAndTablesStripTerminalControls() throws Exception {
        Path caseFile = folder.resolve("acme-case");
        CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), EXAMPLE.toString());

        CliRun csv = CliRun.of("query", "--case", caseFile.toString(), "--format", "csv",
                "SELECT '=HYPERLINK(\"http://x\")' AS cell");
        CliRun table = CliRun.of("query", "--case", caseFile.toString(), "SELECT chr(27) || '[31mred' AS cell");

        assertThat(csv.out()).contains("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(table.out()).doesNotContain("\u001b").contains("\\u001b[31mred");
    }

    static void assertMatchesGolden(String name, String actual) throws Exception {
        Path golden = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("cloudsift.regenerateGoldens")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden %s (regenerate with -Dcloudsift.regenerateGoldens=true)", name).exists();
        assertThat(actual.lines().toList()).containsExactlyElementsOf(List.copyOf(Files.readAllLines(golden)));
    }
}
