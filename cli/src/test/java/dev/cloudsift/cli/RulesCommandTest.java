package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cloudsift rules} lists what the README promises: id, title, level, tags, source file and load status. */
class RulesCommandTest {
    @TempDir
    Path directory;
    private Path rules;

    @BeforeEach
    void writeRules() throws Exception {
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
                tags: [attack.defense-evasion, attack.T1562.008]
                """);
    }

    @Test
    void tableHasATagsColumn() {
        CliRun run = CliRun.of("rules", "--no-builtin", "--rules", rules.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).containsSubsequence("STATUS", "LEVEL", "KIND", "ID", "TITLE", "TAGS", "FILE / REASON");
        assertThat(lines.get(2)).containsSubsequence("ok", "high", "detection", "3c3b1d1c-0000-4000-8000-000000000001",
                "Trail logging stopped", "attack.defense-evasion attack.t1562.008", "stop.yml");
    }

    @Test
    void everyFormatCarriesTheTags() throws Exception {
        JsonNode json = Json.MAPPER.readTree(CliRun.of("rules", "--no-builtin", "--rules", rules.toString(),
                "--format", "json").out()).get(0);
        assertThat(json.get("tags")).extracting(JsonNode::asText)
                .containsExactly("attack.defense-evasion", "attack.t1562.008");
        assertThat(json.get("file").asText()).endsWith("stop.yml");
        assertThat(json.get("title").asText()).isEqualTo("Trail logging stopped");

        List<String> csv = CliRun.of("rules", "--no-builtin", "--rules", rules.toString(), "--format", "csv").out()
                .lines().toList();
        assertThat(csv.get(0)).isEqualTo("status,id,level,kind,title,tags,file,standalone,reason,warnings");
        assertThat(csv.get(1)).contains(",attack.defense-evasion attack.t1562.008,");
    }
}
