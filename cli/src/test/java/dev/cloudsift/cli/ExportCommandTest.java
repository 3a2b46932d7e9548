package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.fixture.TestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    static Path folder;
    static String caseFile;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder).toString();
    }

    @Test
    void timesketchLinesCarryMessageDatetimeAndTimestampDescWithNestedJsonAsStrings() throws Exception {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "timesketch");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(1051);
        for (String line : lines) {
            JsonNode node = Json.MAPPER.readTree(line);
            assertThat(node.path("message").asText()).isNotEmpty();
            assertThat(node.path("datetime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(node.path("timestamp_desc").asText()).isEqualTo("Event Recorded");
            // Timesketch indexes flat fields; tag is its own list of labels
            node.fields().forEachRemaining(field -> assertThat(field.getValue().isContainerNode() && !field.getKey().equals("tag"))
                    .as(field.getKey()).isFalse());
        }
        JsonNode stop = lines.stream().map(ExportCommandTest::parse).filter(n -> n.path("action").asText().equals("StopLogging"))
                .findFirst().orElseThrow();
        assertThat(Json.MAPPER.readTree(stop.path("request_parameters").asText()).path("name").asText()).endsWith("trail/main");
    }

    @Test
    void timesketchRawCarriesTheOriginalBytesOfEverySourcesRecords() throws Exception {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "timesketch", "--raw");
        assertThat(run.exitCode()).as(run.err()).isZero();
        java.util.Set<String> sources = new java.util.TreeSet<>();
        for (String text : run.out().lines().toList()) {
            JsonNode line = parse(text);
            if (!line.path("timestamp_desc").asText().equals("Event Recorded") || line.path("origin_file").isMissingNode()) {
                continue;
            }
            assertThat(line.has("raw_missing")).as(text).isFalse();
            Path file = Path.of(line.path("origin_file").asText());
            byte[] content = Files.readAllBytes(file);
            if (file.toString().endsWith(".gz")) {
                content = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(content)).readAllBytes();
            }
            byte[] raw = line.path("raw").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int offset = line.path("origin_offset").asInt();
            assertThat(java.util.Arrays.copyOfRange(content, offset, offset + raw.length)).as(text).isEqualTo(raw);
            sources.add(line.path("source").asText());
        }
        assertThat(sources).contains("cloudtrail", "vpcflow").hasSizeGreaterThan(3);
    }

    @Test
    void csvNeutralisesFormulasFromTheLogs() {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain(",=HYPERLINK").contains("acme-data/customers/=HYPERLINK");
        assertThat(run.out().lines().count()).isEqualTo(1052);
    }

    @Test
    void ocsfUsesApiNetworkAndHttpActivityClasses() {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "ocsf");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> events = run.out().lines().map(ExportCommandTest::parse).toList();
        JsonNode stop = events.stream().filter(n -> n.path("api").path("operation").asText().equals("StopLogging")).findFirst().orElseThrow();
        assertThat(stop.path("class_uid").asInt()).isEqualTo(6003);
        assertThat(stop.path("type_uid").asLong()).isEqualTo(600399);
        assertThat(stop.path("actor").path("user").path("credential_uid").asText()).isEqualTo("ASIAATTACKERADMIN001");
        assertThat(stop.path("api").path("request").path("data").path("name").asText()).endsWith("trail/main");
        JsonNode flow = events.stream().filter(n -> n.path("metadata").path("log_name").asText().equals("vpcflow")).findFirst().orElseThrow();
        assertThat(flow.path("class_uid").asInt()).isEqualTo(4001);
        assertThat(flow.path("dst_endpoint").path("port").asInt()).isEqualTo(22);
        assertThat(flow.path("action_id").asInt()).isEqualTo(2);
        JsonNode alb = events.stream().filter(n -> n.path("metadata").path("log_name").asText().equals("alb")).findFirst().orElseThrow();
        assertThat(alb.path("class_uid").asInt()).isEqualTo(4002);
        assertThat(alb.path("activity_id").asInt()).isEqualTo(3);
    }

    @Test
    void everyOcsfLineOfTheFixtureScenarioMeetsOcsf11() {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "ocsf");
        assertThat(run.exitCode()).as(run.err()).isZero();
        OcsfExpectations expectations = OcsfExpectations.load();
        List<String> problems = run.out().lines().map(ExportCommandTest::parse)
                .flatMap(event -> expectations.violations(event).stream().map(p -> event.path("class_uid") + " " + p))
                .distinct().toList();
        assertThat(problems).isEmpty();
    }

    @Test
    void parquetHoldsEveryEvent() throws Exception {
        Path parquet = folder.resolve("events.parquet");
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "parquet",
                "-o", parquet.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(parquet).exists();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT count(*), count(DISTINCT source) FROM read_parquet('" + parquet + "')")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(1051);
            assertThat(result.getLong(2)).isEqualTo(6);
        }
        assertThat(InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "parquet").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
