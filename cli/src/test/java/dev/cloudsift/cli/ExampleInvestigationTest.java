package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command on the bundled incident, end to end. */
class ExampleInvestigationTest {
    @TempDir
    Path folder;

    @Test
    void investigatingTheExampleFindsTheAttackAndTheTrailThatWentQuiet() throws Exception {
        Path caseFile = folder.resolve("acme-case");
        Path report = folder.resolve("acme.html");

        CliRun run = CliRun.of("investigate", "--quiet", "--case", caseFile.toString(), "-o", report.toString(),
                IngestCommandTest.EXAMPLE.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("quarantined 0").containsPattern("Findings: \\d+ high")
                .contains("StopLogging by arn:aws:iam::111122223333:user/support-svc");
        assertThat(Files.size(report)).isPositive();

        CliRun gaps = CliRun.of("gaps", "--case", caseFile.toString(), "--format", "jsonl");
        List<JsonNode> silences = new ArrayList<>();
        for (String line : gaps.out().lines().toList()) {
            JsonNode node = Json.MAPPER.readTree(line);
            if ("silence".equals(node.path("section").asText())) {
                silences.add(node);
            }
        }
        assertThat(silences).as(gaps.out()).anySatisfy(silence -> {
            assertThat(silence.get("source").asText()).isEqualTo("cloudtrail (cloudtrail.s3)");
            assertThat(silence.get("region").asText()).isEqualTo("eu-west-1");
            assertThat(silence.get("until_case_end").asBoolean()).isTrue();
        });
    }
}
