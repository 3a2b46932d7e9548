package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.movement.MovementFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cloudsift movement} over the movement fixture ingested by {@code cloudsift ingest}: what it prints in each
 * format is {@code src/test/resources/golden/movement-<name>.txt} (regenerate with -Dcloudsift.regenerateGoldens=true).
 */
class MovementCommandTest {
    @TempDir
    static Path folder;
    static String caseFolder;

    @BeforeAll
    static void ingest() throws Exception {
        Path input = MovementFixture.write(folder.resolve("input"));
        caseFolder = folder.resolve("case").toString();
        InvestigationGoldenTest.Run ingest = InvestigationGoldenTest.run("ingest", "--case", caseFolder, "--quiet", input.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("table", List.of("movement")),
                Arguments.of("jsonl", List.of("movement", "--format", "jsonl")),
                Arguments.of("limit", List.of("movement", "--limit", "1")),
                Arguments.of("csv-entity", List.of("movement", "--format", "csv", "--entity", MovementFixture.KEY)),
                Arguments.of("berlin-window", List.of("movement", "--from", "2025-11-04T09:15:45Z", "--to", "2025-11-04T09:21:00Z",
                        "--timezone", "Europe/Berlin")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void printsWhatTheGoldenFileHolds(String name, List<String> args) throws IOException {
        List<String> full = new ArrayList<>(args);
        full.add("--case");
        full.add(caseFolder);
        InvestigationGoldenTest.Run result = InvestigationGoldenTest.run(full.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path golden = Path.of("src/test/resources/golden", "movement-" + name + ".txt");
        if (Boolean.getBoolean("cloudsift.regenerateGoldens")) {
            Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
        }
        assertThat(result.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void jsonTotalsAreTheFixturesToTheByte() throws IOException {
        InvestigationGoldenTest.Run result = InvestigationGoldenTest.run("movement", "--format", "json", "--case", caseFolder);
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode records = Json.MAPPER.readTree(result.out());
        List<JsonNode> totals = new ArrayList<>();
        records.forEach(record -> {
            if (record.get("total").asBoolean()) {
                totals.add(record);
            }
        });
        assertThat(totals).extracting(total -> total.get("kind").asText()).containsExactly("s3 read", "flow egress");
        assertThat(totals.get(0).get("bytes").asLong()).isEqualTo(MovementFixture.S3_BYTES);
        assertThat(totals.get(0).get("objects").asLong()).isEqualTo(MovementFixture.S3_OBJECTS);
        assertThat(totals.get(1).get("bytes").asLong()).isEqualTo(MovementFixture.FLOW_BYTES);
        assertThat(totals.get(1).get("requests").asLong()).isEqualTo(MovementFixture.FLOW_CONNECTIONS);
    }

    @Test
    void toBeforeFromIsAUsageError() {
        InvestigationGoldenTest.Run result = InvestigationGoldenTest.run("movement", "--from", "2025-11-05", "--to", "2025-11-04",
                "--case", caseFolder);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--from must be before --to");
    }
}
