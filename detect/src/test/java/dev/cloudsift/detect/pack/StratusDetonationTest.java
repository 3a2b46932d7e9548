package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each Stratus Red Team detonation log, ingested alone into a case and hunted with the whole built-in pack, raises a
 * finding tagged with the ATT&CK technique that stratus-techniques.yml gives for it.
 */
@Conformance
class StratusDetonationTest {
    private static final String FOLDER = "attack-data/DataDog__stratus-red-team/docs/detonation-logs";
    private static final List<LoadedRule> PACK = RuleLoader.builtIn();

    @TempDir
    Path folder;

    @SuppressWarnings("unchecked")
    static Map<String, String> techniques() throws IOException {
        try (var in = StratusDetonationTest.class.getResourceAsStream("/stratus-techniques.yml")) {
            Object loaded = new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new TreeMap<>((Map<String, String>) loaded);
        }
    }

    static List<Path> detonations() throws IOException {
        try (Stream<Path> files = Files.list(ConformanceCorpus.path(FOLDER))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<Arguments> cases() throws IOException {
        Map<String, String> techniques = techniques();
        return detonations().stream().map(file -> {
            String technique = file.getFileName().toString().replaceFirst("\\.json$", "");
            return Arguments.of(technique, techniques.get(technique), file);
        }).toList();
    }

    @Test
    void everyDetonationLogHasAnExpectedTechniqueAndEveryMappingALog() throws IOException {
        List<String> logs = detonations().stream()
                .map(file -> file.getFileName().toString().replaceFirst("\\.json$", "")).toList();
        assertThat(logs).hasSize(35);
        assertThat(techniques().keySet()).containsExactlyInAnyOrderElementsOf(logs);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void detonationRaisesAFindingTaggedWithItsTechnique(String stratusTechnique, String attackTechnique, Path log)
            throws Exception {
        assertThat(attackTechnique).as("ATT&CK technique for %s in stratus-techniques.yml", stratusTechnique)
                .isNotNull();
        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(log), PACK);
        assertThat(findings).as("findings on %s: %s", stratusTechnique, findings)
                .anyMatch(finding -> finding.taggedWith(attackTechnique));
    }
}
