package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every rule of the pack against its own native test events: each positive file, ingested alone into a real case
 * through the real readers, must raise the rule; each negative file must not. Rules listed in known-gaps.yml must
 * still not fire, until the limitation named there is lifted.
 */
class RuleCasesTest {
    private static final Map<String, String> KNOWN_GAPS = knownGaps();
    private static final java.util.regex.Pattern GEO_FIELD =
            java.util.regex.Pattern.compile("\\b(src|dst)_(country|city|asn|as_org)\\b");

    @TempDir
    Path folder;

    @SuppressWarnings("unchecked")
    private static Map<String, String> knownGaps() {
        Object loaded = new Load(LoadSettings.builder().build()).loadFromString(BuiltInPack.text("/known-gaps.yml"));
        return loaded == null ? Map.of() : Map.copyOf((Map<String, String>) loaded);
    }

    static List<Arguments> cases() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (PackRule rule : BuiltInPack.rules()) {
            Path ruleFolder = rule.caseFolder(BuiltInPack.casesRoot());
            for (String kind : List.of("positive", "negative")) {
                for (Path file : RulePackTest.files(ruleFolder.resolve(kind))) {
                    cases.add(Arguments.of(rule, kind.equals("positive"), file,
                            rule.title() + " / " + kind + "/" + file.getFileName()));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("cases")
    void ruleFiresOnItsPositiveEventsAndNotOnItsNegativeOnes(PackRule rule, boolean positive, Path file, String name)
            throws Exception {
        String text = BuiltInPack.text(BuiltInPack.RULES_FOLDER + rule.resource());
        List<LoadedRule> loaded = new RuleLoader().loadText("builtin:" + rule.resource(), text);
        // rules over the geoip columns run on a case whose addresses were looked up, as ingest --geoip --asn does
        boolean geoip = GEO_FIELD.matcher(text).find();
        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(file), loaded, geoip);
        List<CaseHunt.Finding> raised = findings.stream().filter(finding -> finding.ruleId().equals(rule.id())).toList();
        String gap = KNOWN_GAPS.get(rule.service() + "/" + rule.shortName());
        if (positive && gap != null) {
            assertThat(raised).as("known gap of %s is fixed (%s): remove it from known-gaps.yml", rule.title(), gap)
                    .isEmpty();
        } else if (positive) {
            assertThat(raised).as("findings of %s on %s", rule.title(), file.getFileName()).isNotEmpty();
        } else {
            assertThat(raised).as("findings of %s on %s", rule.title(), file.getFileName()).isEmpty();
        }
        // building blocks of a correlation never raise findings on their own
        assertThat(findings).allMatch(finding -> finding.ruleId().equals(rule.id()));
    }
}
