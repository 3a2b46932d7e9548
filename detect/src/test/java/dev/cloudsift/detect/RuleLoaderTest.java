package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, linking and reporting: every document ends up with a status and, when it failed, the reason. */
class RuleLoaderTest {
    private final RuleLoader loader = new RuleLoader();

    private static LoadedRule only(List<LoadedRule> rules) {
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private static String rule(String detection) {
        return "title: t\nid: r1\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n" + detection;
    }

    @Test
    void reportsAnUnknownFieldWithTheRuleAndTheField() {
        LoadedRule rule = only(loader.loadText("f.yml", """
                title: Events rule
                id: ev1
                logsource: {product: aws}
                detection:
                  selection: {eventNam: ConsoleLogin}
                  condition: selection
                """));

        assertThat(rule.status()).isEqualTo(LoadedRule.Status.ERROR);
        assertThat(rule.id()).isEqualTo("ev1");
        assertThat(rule.sourceFile()).isEqualTo("f.yml");
        assertThat(rule.reason()).isEqualTo("unknown field 'eventNam' for events (not in its mapping)");
    }

    @Test
    void reportsAnUnknownPlaceholderByName() {
        LoadedRule rule = only(loader.loadText("f.yml", rule("  sel: {sourceIPAddress|expand: '%vpn_ranges%'}\n"
                + "  condition: sel\n")));

        assertThat(rule.status()).isEqualTo(LoadedRule.Status.ERROR);
        assertThat(rule.reason()).isEqualTo("search identifier 'sel': unknown placeholder %vpn_ranges% (give its "
                + "values in a placeholder file)");
    }

    @Test
    void marksRulesForOtherProductsUnsupportedWithTheReason() {
        LoadedRule rule = only(loader.loadText("f.yml", """
                title: Windows
                logsource: {product: windows, category: process_creation}
                detection:
                  sel: {Image|endswith: '\\\\cmd.exe'}
                  condition: sel
                """));

        assertThat(rule.status()).isEqualTo(LoadedRule.Status.UNSUPPORTED);
        assertThat(rule.reason()).isEqualTo("no field mapping for logsource product=windows category=process_creation "
                + "(Cloudsift reads AWS logs)");
    }

    @Test
    void reportsBrokenRulesWithoutDroppingThem() {
        List<LoadedRule> rules = loader.loadText("f.yml", """
                title: Unknown modifier
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName|sortof: x}
                  condition: sel
                ---
                title: Unknown identifier
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName: x}
                  condition: sel and filter
                ---
                title: Dangling operator
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName: x}
                  condition: sel and
                ---
                logsource: {product: aws, service: cloudtrail}
                ---
                title: Bad regex
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName|re: '(unclosed'}
                  condition: sel
                """);

        assertThat(rules).extracting(LoadedRule::reason).containsExactly(
                "search identifier 'sel': unknown modifier 'sortof' on 'eventName|sortof'",
                "condition 'sel and filter': unknown search identifier 'filter'",
                "condition 'sel and': expected a search identifier, 'not', 'x of' or '(' at the end",
                "the rule has no title",
                "search identifier 'sel': invalid regular expression in 'eventName|re': Unclosed group");
        assertThat(rules).allSatisfy(rule -> assertThat(rule.status()).isEqualTo(LoadedRule.Status.ERROR));
    }

    @Test
    void reportsInvalidYamlAsOneFailedEntryForTheFile() {
        LoadedRule rule = only(loader.loadText("broken.yml", "title: [unclosed\n"));

        assertThat(rule.status()).isEqualTo(LoadedRule.Status.ERROR);
        assertThat(rule.sourceFile()).isEqualTo("broken.yml");
        assertThat(rule.reason()).startsWith("invalid YAML:");
    }

    @Test
    void mergesGlobalDocumentsAndRepeatsThePreviousOne() {
        List<LoadedRule> rules = loader.loadText("collection.yml", """
                action: global
                logsource: {product: aws, service: cloudtrail}
                level: high
                detection:
                  condition: sel
                ---
                title: First
                detection:
                  sel: {eventName: A}
                ---
                action: repeat
                title: Second
                detection:
                  sel: {eventName: B}
                ---
                action: reset
                ---
                title: After reset
                detection:
                  sel: {eventName: C}
                  condition: sel
                """);

        assertThat(rules).extracting(LoadedRule::title).containsExactly("First", "Second", "After reset");
        assertThat(rules).extracting(LoadedRule::level).containsExactly("high", "high", "medium");
        assertThat(rules.subList(0, 2)).allSatisfy(rule -> assertThat(rule.status()).isEqualTo(LoadedRule.Status.OK));
        assertThat(rules.get(2).status()).isEqualTo(LoadedRule.Status.UNSUPPORTED);
        assertThat(rules.get(2).reason()).isEqualTo("the rule has no logsource product or service");
    }

    @Test
    void appliesAFilterToTheRulesItNamesByIdOrName() {
        List<LoadedRule> rules = loader.loadText("f.yml", """
                title: Console logins
                id: 11111111-1111-1111-1111-111111111111
                name: console_logins
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName: ConsoleLogin}
                  condition: sel
                ---
                title: Not the break-glass user
                logsource: {product: aws, service: cloudtrail}
                filter:
                  rules: [console_logins]
                  selection: {userIdentity.userName: breakglass}
                  condition: not selection
                """);

        LoadedRule target = rules.get(0);
        assertThat(target.warnings()).containsExactly("filter 'Not the break-glass user' applied");
        Rule.Detection detection = (Rule.Detection) target.rule();
        assertThat(detection.expression()).isInstanceOf(Expression.All.class);
        assertThat(new JavaMatcher(detection.expression()).matches(view(Map.of("eventName", "ConsoleLogin",
                "userIdentity.userName", "breakglass")))).isFalse();
        assertThat(new JavaMatcher(detection.expression()).matches(view(Map.of("eventName", "ConsoleLogin",
                "userIdentity.userName", "alice")))).isTrue();
        assertThat(rules.get(1).kind()).isEqualTo(LoadedRule.Kind.FILTER);
        assertThat(rules.get(1).standalone()).isFalse();
    }

    @Test
    void reportsAFilterNamingAnUnknownRule() {
        LoadedRule filter = only(loader.loadText("f.yml", """
                title: Orphan filter
                logsource: {product: aws, service: cloudtrail}
                filter:
                  rules: [nothing-by-this-id]
                  selection: {userIdentity.userName: x}
                  condition: not selection
                """));

        assertThat(filter.status()).isEqualTo(LoadedRule.Status.ERROR);
        assertThat(filter.reason()).isEqualTo("filters unknown rule 'nothing-by-this-id'");
    }

    @Test
    void reportsACorrelationReferencingAnUnknownRule() {
        LoadedRule correlation = only(loader.loadText("f.yml", """
                title: Count of nothing
                correlation:
                  type: event_count
                  rules: [missing]
                  timespan: 1h
                  condition: {gte: 3}
                """));

        assertThat(correlation.status()).isEqualTo(LoadedRule.Status.ERROR);
        assertThat(correlation.reason()).isEqualTo("references unknown rule 'missing'");
    }

    @Test
    void loadsEveryYamlFileOfAFolder(@TempDir Path directory) throws Exception {
        Files.createDirectories(directory.resolve("nested"));
        Files.writeString(directory.resolve("a.yml"), rule("  sel: {eventName: A}\n  condition: sel\n"));
        Files.writeString(directory.resolve("nested/b.yaml"), rule("  sel: {eventName: B}\n  condition: sel\n"));
        Files.writeString(directory.resolve("notes.txt"), "not a rule");

        List<LoadedRule> rules = loader.load(false, List.of(directory, directory.resolve("missing.yml")));

        assertThat(rules).extracting(LoadedRule::sourceFile).containsExactly(
                directory.resolve("a.yml").toString(), directory.resolve("nested/b.yaml").toString(),
                directory.resolve("missing.yml").toString());
        assertThat(rules.get(2).reason()).isEqualTo("no such file or folder");
    }

    @Test
    void extractsAttackTechniquesFromTags() {
        LoadedRule rule = only(loader.loadText("f.yml", "tags: [attack.persistence, attack.t1098.001, attack.T1078]\n"
                + rule("  sel: {eventName: A}\n  condition: sel\n")));

        assertThat(rule.metadata().attackTechniques()).containsExactly("T1098.001", "T1078");
    }

    @Test
    void loadsAPackListedInAClassPathIndexAndReportsMissingEntries() {
        List<LoadedRule> rules = loader.loadIndex("/dev/cloudsift/detect/testpack/index.txt");

        assertThat(rules).extracting(LoadedRule::sourceFile).containsExactly("builtin:cloudtrail/trail_stopped.yml",
                "builtin:cloudtrail/not_there.yml");
        assertThat(rules.get(0).status()).isEqualTo(LoadedRule.Status.OK);
        assertThat(rules.get(0).level()).isEqualTo("high");
        assertThat(rules.get(1).reason()).isEqualTo("listed in index.txt but missing");
    }

    static RecordView view(Map<String, String> values) {
        return new RecordView() {
            @Override
            public String text(String field) {
                return values.get(field);
            }

            @Override
            public Double number(String field) {
                return null;
            }

            @Override
            public boolean exists(String field) {
                return values.containsKey(field);
            }

            @Override
            public String recordText() {
                return null;
            }
        };
    }
}
