package dev.cloudsift.formats.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Timestamps;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS Config sample of the shared corpus reads without quarantine, and the resource type, id, capture time and
 * status land in their columns. The expected values are read from the sample with plain Jackson, not our reader.
 */
@Conformance
class ConfigConformanceTest {
    static Stream<Path> exampleItems() throws IOException {
        try (Stream<Path> files = Files.list(ConformanceCorpus.path("misc/awslabs__aws-config-rdk/rdk/template/example_ci"))) {
            return files.filter(path -> path.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /**
     * Two samples are not valid JSON as published: the network interface item is a top-level array that lacks its
     * closing bracket, so its item is read and the missing end is reported as a broken stream.
     */
    private static final String UNCLOSED_ARRAY = "AWS_EC2_NetworkInterface.json";

    @ParameterizedTest
    @MethodSource("exampleItems")
    void readsEveryRuleDevelopmentKitExampleItemIntoItsColumns(Path file) throws IOException {
        FormatHarness.Result result = FormatHarness.read(file);
        JsonNode expected = expectedItem(file);

        assertThat(result.format()).hasValueSatisfying(format -> assertThat(format.name()).isIn("config.api", "config.notification"));
        assertThat(result.problems()).isEmpty();
        if (file.getFileName().toString().equals(UNCLOSED_ARRAY)) {
            assertThat(result.streamError()).hasValueSatisfying(error -> assertThat(error).isEqualTo(
                    "unreadable JSON at line 88, byte 2648 in the top-level array (the element starting line 2, byte 4): "
                            + "Unexpected end-of-input: expected close marker for Array"));
        } else {
            assertThat(result.streamError()).isEmpty();
        }
        assertThat(result.records()).hasSize(1);
        assertThat(result.column("config", "resource_type")).containsExactly(expected.get("resourceType").asText());
        assertThat(result.column("config", "resource_id")).containsExactly(expected.get("resourceId").asText());
        assertThat(result.column("config", "status")).containsExactly(expected.get("configurationItemStatus").asText());
        String capture = expected.get("configurationItemCaptureTime").asText();
        Instant expectedTime = capture.startsWith("datetime.datetime(")
                ? Instant.parse("2020-04-22T13:13:17.718Z") // the one Python repr in the corpus, read as UTC
                : Timestamps.parseIso(capture);
        assertThat(result.column("config", "capture_time")).containsExactly(expectedTime);
        JsonNode configuration = expected.get("configuration");
        if (configuration != null && configuration.isObject()) {
            assertThat(Json.MAPPER.readTree((String) result.column("config", "configuration").get(0)))
                    .isEqualTo(configuration);
        }
    }

    /** The item of a sample, read with Python-like leniency for the one sample with a raw line break in a string. */
    private static JsonNode expectedItem(Path file) throws IOException {
        String text = Files.readString(file);
        if (file.getFileName().toString().equals(UNCLOSED_ARRAY)) {
            text = text + "]";
        }
        JsonNode root = LENIENT.readTree(text);
        JsonNode item = root.isArray() ? root.get(0) : root;
        return item.has("configurationItem") ? item.get("configurationItem") : item;
    }

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    static List<String> ruleEventsWithItems() {
        return List.of("misc/aws-powertools__powertools-lambda-python/tests/events/awsConfigRuleConfigurationChanged.json",
                "misc/aws-powertools__powertools-lambda-python/tests/events/awsConfigRuleOversizedConfiguration.json");
    }

    @ParameterizedTest
    @MethodSource("ruleEventsWithItems")
    void readsTheItemOfEveryConfigRuleEvent(String sample) throws IOException {
        Path file = ConformanceCorpus.path(sample);
        JsonNode invoking = Json.MAPPER.readTree(Json.MAPPER.readTree(file.toFile()).get("invokingEvent").asText());
        JsonNode item = invoking.has("configurationItem") ? invoking.get("configurationItem")
                : invoking.get("configurationItemSummary");
        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.format()).hasValueSatisfying(format -> assertThat(format.name()).isEqualTo("config.notification"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(1);
        assertThat(result.column("config", "shape")).containsExactly("lambda-event");
        assertThat(result.column("config", "resource_type")).containsExactly(item.get("resourceType").asText());
        assertThat(result.column("config", "resource_id")).containsExactly(item.get("resourceId").asText());
        assertThat(result.column("config", "status")).containsExactly(item.get("configurationItemStatus").asText());
        assertThat(result.column("config", "capture_time"))
                .containsExactly(Timestamps.parseIso(item.get("configurationItemCaptureTime").asText()));
        String changeType = invoking.has("configurationItemDiff")
                ? invoking.get("configurationItemDiff").get("changeType").asText()
                : item.get("changeType").asText();
        assertThat(result.column("config", "change_type")).containsExactly(changeType);
        assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.action()).isEqualTo(changeType));
    }

    static List<String> ruleEventsWithoutItems() {
        return List.of("misc/aws-powertools__powertools-lambda-python/tests/events/awsConfigRuleScheduled.json",
                "misc/aws__aws-lambda-go/events/testdata/config-event.json");
    }

    @ParameterizedTest
    @MethodSource("ruleEventsWithoutItems")
    void skipsConfigRuleEventsThatCarryNoItemWithTheirMessageType(String sample) throws IOException {
        Path file = ConformanceCorpus.path(sample);
        String messageType = Json.MAPPER.readTree(Json.MAPPER.readTree(file.toFile()).get("invokingEvent").asText())
                .get("messageType").asText();
        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.format()).hasValueSatisfying(format -> assertThat(format.name()).isEqualTo("config.notification"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).isEmpty();
        assertThat(result.skipped()).singleElement().satisfies(skipped ->
                assertThat(skipped.reason()).isEqualTo("Config " + messageType + " notice carries no configuration item"));
    }
}
