package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in pack is complete: every rule loads, is documented, tagged and comes with its own test events. */
class RulePackTest {
    private static final Set<String> TACTICS = Set.of("attack.reconnaissance", "attack.resource-development",
            "attack.initial-access", "attack.execution", "attack.persistence", "attack.privilege-escalation",
            "attack.defense-evasion", "attack.credential-access", "attack.discovery", "attack.lateral-movement",
            "attack.collection", "attack.command-and-control", "attack.exfiltration", "attack.impact");
    private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    private static final Set<String> SERVICES = Set.of("cloudtrail", "vpcflow", "s3access", "waf", "cloudwatch",
            "config", "alb", "metrics");

    static List<PackRule> rules() {
        return BuiltInPack.rules();
    }

    @Test
    void everyDocumentOfThePackLoadsWithoutErrorOrWarning() {
        List<LoadedRule> loaded = RuleLoader.builtIn();
        assertThat(loaded).isNotEmpty();
        assertThat(loaded).allSatisfy(rule -> {
            assertThat(rule.status()).as("%s: %s", rule.sourceFile(), rule.reason()).isEqualTo(LoadedRule.Status.OK);
            assertThat(rule.warnings()).as(rule.sourceFile()).isEmpty();
        });
    }

    @Test
    void packHoldsAtLeastEightyRulesOverEverySource() {
        List<PackRule> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(80);
        assertThat(rules.stream().map(PackRule::service).distinct())
                .contains("cloudtrail", "vpcflow", "s3access", "waf", "cloudwatch", "config");
    }

    @Test
    void ruleIdsAreDistinctUuidsAcrossEveryDocument() {
        Set<String> seen = new HashSet<>();
        for (LoadedRule rule : RuleLoader.builtIn()) {
            String id = rule.metadata().id();
            assertThat(id).as(rule.sourceFile()).isNotNull();
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
            assertThat(seen.add(id)).as("duplicate id %s in %s", id, rule.sourceFile()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleIsDocumentedAndTagged(PackRule rule) {
        assertThat(SERVICES).contains(rule.service());
        assertThat(rule.status()).isIn("test", "stable", "experimental");
        assertThat(rule.level()).isIn(LEVELS);
        assertThat(rule.description()).hasSizeGreaterThan(20);
        assertThat(rule.author()).isEqualTo("Cloudsift");
        assertThat(rule.falsePositives()).isNotEmpty();
        assertThat(rule.references()).isNotEmpty();
        assertThat(rule.techniques()).as("attack.tNNNN tags").isNotEmpty();
        assertThat(rule.tags()).anyMatch(TACTICS::contains);
        assertThat(rule.tags()).allMatch(tag -> TACTICS.contains(tag) || tag.matches("attack\\.t\\d{4}(\\.\\d{3})?"),
                "every tag is an ATT&CK tactic or technique");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleHasPositiveAndNegativeNativeEvents(PackRule rule) throws IOException {
        Path folder = rule.caseFolder(BuiltInPack.casesRoot());
        assertThat(files(folder.resolve("positive"))).as("positive cases of %s", folder).isNotEmpty();
        assertThat(files(folder.resolve("negative"))).as("negative cases of %s", folder).isNotEmpty();
    }

    @Test
    void everyCaseFolderBelongsToAnIndexedRule() throws IOException {
        Set<String> indexed = new HashSet<>();
        for (PackRule rule : rules()) {
            indexed.add(rule.service() + "/" + rule.shortName());
        }
        Path root = BuiltInPack.casesRoot();
        try (Stream<Path> services = Files.list(root)) {
            for (Path service : services.toList()) {
                try (Stream<Path> folders = Files.list(service)) {
                    for (Path folder : folders.toList()) {
                        assertThat(indexed).as("test events without a rule").contains(root.relativize(folder).toString());
                    }
                }
            }
        }
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
