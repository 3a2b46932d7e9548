package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RulesTableTest {
    @Test
    void docsRulesTableMatchesThePack() throws IOException {
        Path document = RulesTable.documentPath();
        String expected = RulesTable.render(BuiltInPack.rules());
        if (Boolean.getBoolean("cloudsift.regenerateRulesTable")) {
            Files.writeString(document, expected, StandardCharsets.UTF_8);
        }
        assertThat(document).exists();
        assertThat(Files.readString(document, StandardCharsets.UTF_8))
                .as("docs/rules.md is stale: regenerate with -Dcloudsift.regenerateRulesTable=true")
                .isEqualTo(expected);
    }
}
