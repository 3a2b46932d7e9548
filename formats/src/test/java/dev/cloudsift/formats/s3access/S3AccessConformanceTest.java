package dev.cloudsift.formats.s3access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

@Conformance
class S3AccessConformanceTest {
    private static final Path BEATS = ConformanceCorpus.path("elastic-beats/s3access/x-pack/filebeat/module/aws/s3access/test/test.log");
    private static final Path INTEGRATIONS = ConformanceCorpus.path(
            "elastic-integrations/s3access/packages/aws/data_stream/s3access/_dev/test/pipeline/test-s3-server-access.log");
    private static final Path INTEGRATIONS_EXPECTED = INTEGRATIONS.resolveSibling("test-s3-server-access.log-expected.json");
    private static final Path PANTHER = ConformanceCorpus.path("panther");

    @Test
    void readsEveryBeatsLine() throws IOException {
        FormatHarness.Result result = FormatHarness.read(BEATS);
        assertThat(result.format()).map(f -> f.name()).contains("s3access.text");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(Files.readAllLines(BEATS).size());
        // Their sixth line has a +0200 offset: stored in UTC.
        assertThat(result.column("s3access", "request_time").get(5)).hasToString("2021-02-09T12:48:42Z");
        assertThat(result.column("s3access", "request_uri").get(5)).isEqualTo("OPTIONS * HTTP/1.0");
        assertThat(result.column("s3access", "tls_version").get(0)).isEqualTo("TLSV1.1");
    }

    @Test
    void readsEveryIntegrationsLineWithTheirValues() throws IOException {
        FormatHarness.Result result = FormatHarness.read(INTEGRATIONS);
        assertThat(result.problems()).isEmpty();
        List<String> lines = Files.readAllLines(INTEGRATIONS, StandardCharsets.UTF_8);
        assertThat(result.records()).hasSize(lines.size());
        JsonNode expected = Json.MAPPER.readTree(INTEGRATIONS_EXPECTED.toFile()).path("expected");
        int compared = 0;
        for (JsonNode entry : expected) {
            int index = lines.indexOf(entry.path("event").path("original").asText());
            assertThat(index).as("line of %s", entry.path("event").path("id")).isNotNegative();
            LogRecord record = result.records().get(index);
            for (Map.Entry<String, Object> value : S3AccessFieldNames.elasticExpected(entry).entrySet()) {
                assertThat(String.valueOf(value(record, value.getKey())))
                        .as("line %d column %s", index + 1, value.getKey()).isEqualTo(String.valueOf(value.getValue()));
            }
            Event event = record.event();
            assertThat(event.outcome().columnValue()).isEqualTo(entry.path("event").path("outcome").asText());
            assertThat(event.action()).isEqualTo(entry.path("event").path("action").asText());
            assertThat(event.eventId()).isEqualTo(entry.path("event").path("id").asText());
            assertThat(event.region()).isEqualTo(entry.path("cloud").path("region").asText());
            assertThat(event.srcIp()).isEqualTo(Json.pathString(entry, "client", "ip"));
            assertThat(event.principal()).isEqualTo(Json.pathString(entry, "client", "user", "id"));
            compared++;
        }
        assertThat(compared).isEqualTo(7);
    }

    @Test
    void integrationsExpectationsStopBeforeTheirNewestLines() throws IOException {
        // The expected file was committed before the last three lines were added to the log (elastic-file-commits.tsv
        // lists different commits): lines 8 to 10 have no expectation, so we check them against the line itself.
        FormatHarness.Result result = FormatHarness.read(INTEGRATIONS);
        assertThat(result.column("s3access", "access_point_arn").subList(7, 9))
                .containsExactly("arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP",
                        "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP");
        // Line 7 stops at Access Point ARN (25 fields): aclRequired is unknown there, not false.
        assertThat(result.column("s3access", "acl_required").subList(6, 9)).containsExactly(null, true, false);
        assertThat(result.column("s3access", "http_status").get(8)).isNull();
        assertThat(result.events().get(8).outcome()).isEqualTo(Outcome.UNKNOWN);
        // S3.EXPIRE.OBJECT: a lifecycle action by S3 itself, no remote IP, Request-URI logged as "-".
        assertThat(result.column("s3access", "operation").get(9)).isEqualTo("S3.EXPIRE.OBJECT");
        assertThat(result.column("s3access", "request_uri").get(9)).isNull();
        assertThat(result.column("s3access", "remote_ip").get(9)).isNull();
        assertThat(result.column("s3access", "requester").get(9)).isEqualTo("AmazonS3");
        assertThat(result.column("s3access", "object_size").get(9)).isEqualTo(317L);
        assertThat(result.column("s3access", "version_id").get(9)).isEqualTo("qsEq9bDa2VyxyZ4cz0c7oBnF67VYTTij");
        assertThat(result.column("s3access", "field_count").get(9)).isEqualTo(26);
        // Lines 7 to 9 share Request ID and Host Id (copies in their test data): one dedupe key, stored once.
        assertThat(result.records().subList(6, 9)).extracting(LogRecord::dedupeKey).containsOnly(
                "s3access:MVGXZXEVN3IG9S24:02SxwfXpO5UysN0GsKGa3uGDQ6E/W7+Hwo/luRH8p1VEexULoe66RCM+nja0dEq2JqLrtgjocvVRRkVt4=");
    }

    static Stream<Object[]> pantherLogs() throws IOException {
        List<Object[]> cases = new ArrayList<>();
        Load load = new Load(LoadSettings.builder().build());
        try (Stream<Path> files = Files.walk(PANTHER)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String text = Files.readString(file);
                if (!text.contains("AWS.S3ServerAccess")) {
                    continue;
                }
                for (Object document : load.loadAllFromString(text)) {
                    JsonNode node = Json.MAPPER.valueToTree(document);
                    for (JsonNode test : node.path("Tests")) {
                        cases.add(new Object[] {file.getFileName() + ": " + test.path("Name").asText(), test.path("Log")});
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pantherLogs")
    void readsPantherTestLogWithTheirValues(String name, JsonNode log) throws IOException {
        String line = S3AccessFieldNames.pantherLine(log);
        List<ReadItem> items = readDirectly(line);
        assertThat(items).as(line).singleElement().isInstanceOf(LogRecord.class);
        LogRecord record = (LogRecord) items.get(0);
        for (Map.Entry<String, Object> value : S3AccessFieldNames.pantherExpected(log).entrySet()) {
            assertThat(String.valueOf(value(record, value.getKey()))).as("column %s of %s", value.getKey(), line)
                    .isEqualTo(String.valueOf(value.getValue()));
        }
    }

    @Test
    void readsPantherScenarioRawLines() throws IOException {
        Path scenario = PANTHER.resolve("test_scenarios/compromised-root-creds/attacker_s3_access.yml");
        JsonNode document = Json.MAPPER.valueToTree(new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(scenario)));
        StringBuilder text = new StringBuilder();
        document.path("Logs").forEach(line -> text.append(line.asText()).append('\n'));
        FormatHarness.Result result = FormatHarness.read(text.toString().getBytes(StandardCharsets.UTF_8), "scenario");
        assertThat(result.format()).map(f -> f.name()).contains("s3access.text");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(document.path("Logs").size());
        assertThat(result.column("s3access", "requester")).containsOnly("arn:aws:iam::493859302102:user/tracy_stone");
    }

    /** Panther fragments can lack a hex bucket owner, which sniffing needs, so they go straight to the reader. */
    private static List<ReadItem> readDirectly(String line) throws IOException {
        List<ReadItem> items = new ArrayList<>();
        try (var reader = new S3AccessFormat().open(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)),
                SourceContext.of("panther"))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                items.add(item);
            }
        }
        return items;
    }

    private static Object value(LogRecord record, String column) {
        return record.rows().get(0).values()[S3AccessTables.S3ACCESS.indexOf(column)];
    }
}
