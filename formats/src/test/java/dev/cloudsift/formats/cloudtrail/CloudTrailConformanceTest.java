package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.Timestamps;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every CloudTrail sample of the shared corpus parses without quarantine, and the fields that matter land in the
 * right columns. Expected values come from the source JSON parsed independently here (whole-file tree, nothing
 * streamed), or from Elastic's {@code -expected.json} where the corpus has it.
 */
@Conformance
class CloudTrailConformanceTest {
    static Stream<Arguments> recordFiles() throws IOException {
        List<Arguments> files = new ArrayList<>();
        for (String folder : List.of("elastic-beats/cloudtrail", "elastic-integrations/cloudtrail",
                "attack-data/DataDog__stratus-red-team")) {
            try (Stream<Path> walk = Files.walk(ConformanceCorpus.path(folder))) {
                walk.filter(Files::isRegularFile)
                        .filter(path -> path.toString().endsWith(".log") || path.toString().endsWith(".json"))
                        .filter(path -> !path.getFileName().toString().contains("digest"))
                        .filter(path -> !path.getFileName().toString().endsWith("-expected.json"))
                        .sorted()
                        .forEach(path -> files.add(Arguments.of(ConformanceCorpus.path("").relativize(path).toString(), path)));
            }
        }
        assertThat(files).as("CloudTrail samples in the corpus").hasSizeGreaterThan(40);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordFiles")
    void corpusRecordsLandInTheirColumns(String name, Path file) throws IOException {
        FormatHarness.Result result = FormatHarness.read(file);
        assertThat(result.format()).as("format of %s", name).isPresent();
        assertThat(result.format().get().name()).startsWith("cloudtrail.");
        assertThat(result.problems()).as("problems in %s", name).isEmpty();
        assertThat(result.streamError()).isEmpty();
        List<JsonNode> sources = independentRecords(file);
        assertThat(result.records()).hasSameSizeAs(sources);
        for (int i = 0; i < sources.size(); i++) {
            assertSameRecord(sources.get(i), result.records().get(i), name + " record " + i);
        }
    }

    static Stream<Arguments> pantherRecords() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        Load yaml = new Load(LoadSettings.builder().build());
        try (Stream<Path> walk = Files.walk(ConformanceCorpus.path("panther/rules"))) {
            for (Path rule : walk.filter(path -> path.toString().endsWith(".yml")).sorted().toList()) {
                if (!rule.getParent().getFileName().toString().startsWith("aws_")) {
                    continue;
                }
                Object document = yaml.loadFromString(Files.readString(rule));
                if (!(document instanceof Map<?, ?> map) || !String.valueOf(map.get("LogTypes")).contains("AWS.CloudTrail")
                        || !(map.get("Tests") instanceof List<?> tests)) {
                    continue;
                }
                for (Object test : tests) {
                    if (test instanceof Map<?, ?> testMap && testMap.get("Log") instanceof Map<?, ?> log) {
                        cases.add(Arguments.of(rule.getFileName() + ": " + testMap.get("Name"),
                                Json.MAPPER.valueToTree(log)));
                    }
                }
            }
        }
        assertThat(cases).as("Panther CloudTrail test records").hasSizeGreaterThan(300);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pantherRecords")
    void pantherTestRecordsParseAsJsonLines(String name, JsonNode log) throws IOException {
        byte[] line = (log.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        FormatHarness.Result result = FormatHarness.read(line, "panther-record.json");
        assertThat(result.format()).as("format").isPresent();
        assertThat(result.format().get().name()).isEqualTo("cloudtrail.jsonl");
        String time = text(log, "eventTime");
        if (time != null && !looksLikeTime(time)) {
            // Two Panther fixtures redact the time ("redacted", "..."): no real record does, and a time that is not a
            // time is quarantined rather than guessed.
            assertThat(result.problems()).singleElement().extracting(problem -> problem.reason()).isEqualTo(
                    "eventTime \"" + time + "\" is not an ISO-8601 time such as 2025-11-04T09:15:30Z");
            return;
        }
        assertThat(result.problems()).as("problems").isEmpty();
        assertThat(result.records()).hasSize(1);
        assertSameRecord(log, result.records().get(0), name);
    }

    @Test
    void insightMatchesElasticExpectedOutput() throws IOException {
        Path log = ConformanceCorpus.path("elastic-beats/cloudtrail/x-pack/filebeat/module/aws/cloudtrail/test/insight-json.log");
        JsonNode expected = Json.MAPPER.readTree(log.resolveSibling("insight-json.log-expected.json").toFile()).get(0);
        FormatHarness.Result result = FormatHarness.read(log);
        LogRecord record = result.records().get(0);
        assertThat(record.event().eventTime()).isEqualTo(Instant.parse(expected.get("@timestamp").asText()));
        assertThat(record.event().eventId()).isEqualTo(expected.get("event.id").asText());
        assertThat(record.event().region()).isEqualTo(expected.get("cloud.region").asText());
        assertThat(value(record, "event_type")).isEqualTo(expected.get("aws.cloudtrail.event_type").asText());
        assertThat(value(record, "event_category")).isEqualTo(expected.get("aws.cloudtrail.event_category").asText());
        assertThat(record.event().action()).isEqualTo(expected.get("aws.cloudtrail.insight_details.insightType").asText());
        JsonNode details = Json.MAPPER.readTree(value(record, "insight_details").toString());
        assertThat(details.get("state").asText()).isEqualTo(expected.get("aws.cloudtrail.insight_details.state").asText());
        assertThat(details.get("eventName").asText())
                .isEqualTo(expected.get("aws.cloudtrail.insight_details.eventName").asText());
    }

    @Test
    void elasticDigestSampleIsReadAsADigest() throws IOException {
        Path log = ConformanceCorpus.path(
                "elastic-beats/cloudtrail/x-pack/filebeat/module/aws/cloudtrail/test/cloudtrail-digest-json.log");
        JsonNode expected = Json.MAPPER.readTree(log.resolveSibling("cloudtrail-digest-json.log-expected.json").toFile())
                .get(0);
        FormatHarness.Result result = FormatHarness.read(log);
        assertThat(result.format().map(format -> format.name())).contains("cloudtrail.digest");
        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).as("a digest is not an event").isEmpty();
        JsonNode logFiles = expected.get("aws.cloudtrail.digest.log_files");
        // Elastic's pipeline reorders the list; the digest's own order is kept here, so compare as sets.
        assertThat(result.column("cloudtrail_digests", "log_file_hash_value"))
                .containsExactlyInAnyOrderElementsOf(logFiles.findValuesAsText("hashValue"));
        assertThat(result.column("cloudtrail_digests", "log_file_s3_object"))
                .containsExactlyInAnyOrderElementsOf(logFiles.findValuesAsText("s3Object"));
        assertThat(result.column("cloudtrail_digests", "digest_end_time")).containsOnly(
                Instant.parse(expected.get("aws.cloudtrail.digest.end_time").asText()));
    }

    private static void assertSameRecord(JsonNode source, LogRecord record, String what) {
        String time = text(source, "eventTime");
        assertThat(value(record, "event_name")).as("event_name of %s", what).isEqualTo(text(source, "eventName"));
        assertThat(value(record, "event_time")).as("event_time of %s", what)
                .isEqualTo(time == null ? null : Timestamps.parseFlexible(time));
        assertThat(value(record, "user_arn")).as("user_arn of %s", what)
                .isEqualTo(emptyToNull(text(field(source, "userIdentity"), "arn")));
        assertThat(value(record, "source_ip_address")).as("source_ip_address of %s", what)
                .isEqualTo(text(source, "sourceIPAddress"));
        assertThat(value(record, "event_id")).as("event_id of %s", what).isEqualTo(text(source, "eventID"));
        assertThat(record.event().action()).as("action of %s", what).isEqualTo(source.has("insightDetails")
                ? text(source.path("insightDetails"), "insightType") : text(source, "eventName"));
        assertThat(record.event().eventTime()).isEqualTo(value(record, "event_time"));
    }

    /** A field by CloudTrail's name, or by its lower-case name as Athena-style exports (and some fixtures) write it. */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null ? value : node.path(name.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean looksLikeTime(String text) {
        try {
            Timestamps.parseFlexible(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The records of a corpus file, found by parsing the whole file as a tree (or each line), independently. */
    private static List<JsonNode> independentRecords(Path file) {
        try {
            String text = Files.readString(file);
            List<JsonNode> records = new ArrayList<>();
            try {
                JsonNode whole = Json.MAPPER.readTree(text);
                if (whole.isArray()) {
                    whole.forEach(records::add);
                } else if (whole.has("Records")) {
                    whole.get("Records").forEach(records::add);
                } else if (text.strip().indexOf('\n') < 0) {
                    records.add(whole);
                } else {
                    throw new IOException("several lines");
                }
            } catch (IOException severalLines) {
                records.clear();
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        records.add(Json.MAPPER.readTree(line));
                    }
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(LogRecord record, String column) {
        TableRow row = record.rows().get(0);
        // A text cell is a String or a slice of the input's bytes: compare their text.
        Object value = row.values()[CloudTrailTables.CLOUDTRAIL.indexOf(column)];
        return value instanceof dev.cloudsift.core.Utf8Slice slice ? slice.toString() : value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
