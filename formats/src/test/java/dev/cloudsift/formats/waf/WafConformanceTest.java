package dev.cloudsift.formats.waf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.formats.testing.FormatHarness;
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
class WafConformanceTest {
    private static final Path ELASTIC = ConformanceCorpus.path(
            "elastic-integrations/waf/packages/aws/data_stream/waf/_dev/test/pipeline/test-waf.log");
    private static final Path PANTHER_RULES = ConformanceCorpus.path("panther/rules/aws_waf_rules");

    @Test
    void readsEveryElasticRecordWithTheirValues() throws IOException {
        FormatHarness.Result result = FormatHarness.read(ELASTIC);
        assertThat(result.format()).map(f -> f.name()).contains("waf.json");
        assertThat(result.problems()).isEmpty();
        List<String> lines = Files.readAllLines(ELASTIC, StandardCharsets.UTF_8);
        assertThat(result.records()).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertColumns(result, i, Json.MAPPER.readTree(lines.get(i)));
        }
    }

    @Test
    void elasticRecordWithRequestIdTextNullGetsNoEventId() throws IOException {
        // Their last record logs requestId as the text "null" (formats.md §6.3): kept in the table, not an event id.
        FormatHarness.Result result = FormatHarness.read(ELASTIC);
        assertThat(result.column("waf", "request_id").get(3)).isEqualTo("null");
        assertThat(result.events().get(3).eventId()).isNull();
    }

    static Stream<Object[]> pantherLogs() throws IOException {
        List<Object[]> cases = new ArrayList<>();
        Load load = new Load(LoadSettings.builder().build());
        try (Stream<Path> files = Files.list(PANTHER_RULES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                Object document = load.loadFromString(Files.readString(file));
                JsonNode rule = Json.MAPPER.valueToTree(document);
                if (!rule.path("LogTypes").toString().contains("AWS.WAFWebACL")) {
                    continue;
                }
                for (JsonNode test : rule.path("Tests")) {
                    cases.add(new Object[] {file.getFileName() + ": " + test.path("Name").asText(), test.path("Log")});
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pantherLogs")
    void readsPantherTestLogWithTheirValues(String name, JsonNode pantherLog) throws IOException {
        ObjectNode aws = WafFieldNames.pantherToAws(pantherLog);
        FormatHarness.Result result = FormatHarness.read((aws + "\n").getBytes(StandardCharsets.UTF_8), "panther.log");
        assertThat(result.format()).map(f -> f.name()).contains("waf.json");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(1);
        assertColumns(result, 0, aws);
    }

    private static void assertColumns(FormatHarness.Result result, int index, JsonNode aws) {
        TableSchema schema = WafTables.WAF;
        Object[] row = result.records().get(index).rows().get(0).values();
        for (Map.Entry<String, Object> expected : WafFieldNames.expectedColumns(aws).entrySet()) {
            assertThat(row[schema.indexOf(expected.getKey())]).as("record %d column %s", index, expected.getKey())
                    .isEqualTo(expected.getValue());
        }
    }
}
