package dev.cloudsift.formats.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.io.InputStream;
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

/** Every VPC flow sample of Elastic and Panther parses, and the fields both sides have hold the same values. */
@Conformance
class VpcFlowConformanceTest {
    private static final Path BEATS = ConformanceCorpus.path("elastic-beats/vpcflow/x-pack/filebeat/module/aws/vpcflow/test");
    private static final Path INTEGRATIONS = ConformanceCorpus.path(
            "elastic-integrations/vpcflow/packages/aws/data_stream/vpcflow/_dev/test/pipeline");
    /** Filebeat's test configuration declares this custom layout; header-less files need it from the user too. */
    private static final String BEATS_TRANSIT_GATEWAY_FORMAT = "${version} ${interface-id} ${account-id} ${vpc-id}"
            + " ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type}"
            + " ${pkt-srcaddr} ${pkt-dstaddr} ${action} ${log-status}";

    static Stream<Path> elasticSamples() throws IOException {
        List<Path> samples = new ArrayList<>();
        for (Path folder : List.of(BEATS, INTEGRATIONS)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(file -> file.toString().endsWith(".log"))
                        .filter(file -> !file.getFileName().toString().equals("bad.log"))
                        .filter(file -> !file.getFileName().toString().equals("test-with-message-field.log"))
                        .sorted()
                        .forEach(samples::add);
            }
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(12);
        return samples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elasticSamples")
    void readsEveryElasticSampleWithTheirValues(Path sample) throws IOException {
        Map<String, String> options = sample.getFileName().toString().equals("custom-transit-gateway.log")
                ? Map.of(VpcFlowTextFormat.FORMAT_OPTION, BEATS_TRANSIT_GATEWAY_FORMAT) : Map.of();

        FormatHarness.Result result = FormatHarness.read(sample, options);

        assertThat(result.format()).map(format -> format.name()).contains("vpcflow.text");
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        assertThat(result.records()).isNotEmpty();
        Path expectedFile = sample.resolveSibling(sample.getFileName() + "-expected.json");
        if (!Files.exists(expectedFile)) {
            return;
        }
        JsonNode expected = Json.MAPPER.readTree(expectedFile.toFile());
        JsonNode documents = expected.isArray() ? expected : expected.get("expected");
        assertThat(result.records()).hasSize(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            Map<String, String> theirs = PeerFlowFields.fromElastic(documents.get(i));
            Map<String, String> ours = PeerFlowFields.ours(result.records().get(i), theirs.keySet());
            assertThat(theirs).as("Elastic maps some fields of record %d", i + 1).isNotEmpty();
            assertThat(ours).as("record %d of %s", i + 1, sample.getFileName()).isEqualTo(theirs);
        }
    }

    @Test
    void elasticsSampleWithImplausibleValuesIsStoredAsWrittenLikeTheyDo() throws IOException {
        // test-v5-all-fields.log has an 11-digit account and a start 46 years before its end. Neither is a
        // layout error, and an analyst must see the record as AWS (or a forger) wrote it, so both sides keep it.
        FormatHarness.Result result = FormatHarness.read(INTEGRATIONS.resolve("test-v5-all-fields.log"));

        assertThat(result.column("vpcflow", "account_id")).containsExactly("64111117617");
        assertThat(result.column("vpcflow", "start_time")).containsExactly(java.time.Instant.parse("1975-03-14T03:34:26Z"));
    }

    @Test
    void elasticsMessageWrappedSampleIsTheirDocumentShapeNotAnAwsFile() throws IOException {
        // test-with-message-field.log holds {"message": "<flow record>"}: the document Filebeat hands its
        // pipeline, which AWS never writes. The text format rightly does not claim it; the record inside maps.
        Path sample = INTEGRATIONS.resolve("test-with-message-field.log");
        JsonNode document = Json.MAPPER.readTree(sample.toFile());

        ReadItem item = VpcFlowRecords.map(document.get("message").asText(), VpcFlowLayout.defaultV2(), Position.START,
                PathHints.NONE);

        assertThat(FormatHarness.read(sample).format()).map(format -> format.name()).isNotEqualTo(java.util.Optional.of("vpcflow.text"));
        assertThat(item).isInstanceOf(LogRecord.class);
        assertThat(PeerFlowFields.ours((LogRecord) item, List.of("log_status", "interface_id")))
                .containsEntry("log_status", "NODATA").containsEntry("interface_id", "eni-0e0bf7be352692297");
    }

    @Test
    void filebeatsBadSampleIsNotClaimed() throws IOException {
        assertThat(FormatHarness.read(BEATS.resolve("bad.log")).format()).isEmpty();
    }

    @Test
    void panthersRawScenarioLinesParseInTheDefaultLayout() throws IOException {
        Map<String, Object> scenario = yaml(ConformanceCorpus.path("panther/test_scenarios/compromised-root-creds/attacker_vpc.yml"));
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) scenario.get("Logs");

        assertThat(lines).hasSize(6).allSatisfy(line -> assertThat(
                VpcFlowRecords.map(line, VpcFlowLayout.defaultV2(), Position.START, PathHints.NONE)).isInstanceOf(LogRecord.class));
    }

    @Test
    void panthersRuleTestRecordsMapOntoTheSameValues() throws IOException {
        int compared = 0;
        try (Stream<Path> files = Files.walk(ConformanceCorpus.path("panther/rules"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yml")).sorted().toList()) {
                if (!Files.readString(file).contains("AWS.VPCFlow")) {
                    continue;
                }
                Map<String, Object> rule = yaml(file);
                Object logTypes = rule.get("LogTypes");
                if (!(logTypes instanceof List<?> types) || !types.contains("AWS.VPCFlow") || !(rule.get("Tests") instanceof List<?> tests)) {
                    continue;
                }
                for (Object test : tests) {
                    Object log = ((Map<?, ?>) test).get("Log");
                    if (log instanceof Map<?, ?> record && isFlowRecord(record)) {
                        compare(file, record);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(15);
    }

    private static boolean isFlowRecord(Map<?, ?> record) {
        Object type = record.get("p_log_type");
        if (type != null && !type.equals("AWS.VPCFlow")) {
            return false;
        }
        return record.keySet().stream().anyMatch(key -> PeerFlowFields.awsNameOfPanther(key.toString()) != null);
    }

    private static void compare(Path file, Map<?, ?> record) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        record.forEach((key, value) -> {
            String name = PeerFlowFields.awsNameOfPanther(key.toString());
            if (name != null) {
                names.add(name);
                // Panther's records spell a missing value "null"; AWS writes "-". Same meaning, so the helper
                // translates; a literal "null" in a real log line is rightly quarantined (VpcFlowRecordsTest).
                values.add(value == null || value.equals("null") ? "-" : value.toString());
            }
        });
        VpcFlowLayout layout = VpcFlowLayout.parse(String.join(" ", names));
        ReadItem item = VpcFlowRecords.map(values.toArray(String[]::new), String.join(" ", values), layout,
                Position.START, PathHints.NONE);

        assertThat(item).as("%s: %s", file.getFileName(), record).isInstanceOf(LogRecord.class);
        Map<String, Object> ours = PeerFlowFields.eventAsPanther(((LogRecord) item).event());
        record.forEach((key, value) -> {
            if (ours.containsKey(key.toString()) && !"null".equals(value)) {
                assertThat(ours.get(key.toString())).as("%s %s", file.getFileName(), key).isEqualTo(value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object loaded = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }
    }
}
