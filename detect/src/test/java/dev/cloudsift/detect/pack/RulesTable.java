package dev.cloudsift.detect.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes docs/rules.md, the table of the built-in pack, from the rule files themselves.
 * Run {@code main} (or the test with {@code -Dcloudsift.regenerateRulesTable=true}) after changing the pack.
 */
public final class RulesTable {
    private RulesTable() {}

    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Paths.get(args[0]) : documentPath();
        Files.writeString(target, render(BuiltInPack.rules()), StandardCharsets.UTF_8);
    }

    /** docs/rules.md under the repository root (surefire passes the root as cloudsift.root). */
    static Path documentPath() {
        String root = System.getProperty("cloudsift.root");
        Path base = root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
        return base.resolve("docs").resolve("rules.md");
    }

    static String render(List<PackRule> rules) {
        StringBuilder out = new StringBuilder();
        out.append("# Built-in rules\n\n")
                .append("Generated from `detect/src/main/resources/dev/cloudsift/detect/rules` by ")
                .append("`dev.cloudsift.detect.pack.RulesTable` (test scope); `RulesTableTest` fails when this file ")
                .append("and the pack disagree. Each rule has positive and negative native log events under ")
                .append("`detect/src/test/resources/rules/<service>/<rule>/`.\n\n")
                .append("How the pack is tested (module `detect`, package `dev.cloudsift.detect.pack`):\n\n")
                .append("- `RulePackTest`: every document loads with status ok and no warning; every rule has a level, ")
                .append("a description, false positives, references, an ATT&CK tactic and technique tag, and positive and ")
                .append("negative cases.\n")
                .append("- `RuleCasesTest`: each case file, in its native log form, is ingested alone through the real ")
                .append("readers into a DuckDB case and hunted with its rule: positives raise it, negatives do not. Rules ")
                .append("that cannot fire yet for a reason outside the pack are listed with the reason in ")
                .append("`known-gaps.yml` (their positives are asserted not to fire until the gap closes).\n")
                .append("- `StratusDetonationTest`: each of the 35 Stratus Red Team detonation logs, hunted alone with the ")
                .append("whole pack, raises a finding tagged with the ATT&CK technique `stratus-techniques.yml` gives it.\n")
                .append("- `PantherCasesTest`: Panther's test records for the rules mapped in `panther-mapping.yml` agree with ")
                .append("Panther's expected result, except where the mapping explains why our rule decides otherwise.\n\n")
                .append("Correlation files hold their building blocks (level informational, never findings on their own) ")
                .append("before the correlation; the table lists the correlation.\n\n");
        Map<String, Integer> perService = new TreeMap<>();
        for (PackRule rule : rules) {
            perService.merge(rule.service(), 1, Integer::sum);
        }
        out.append(rules.size()).append(" rules: ");
        perService.forEach((service, count) -> out.append(service).append(' ').append(count).append(", "));
        out.setLength(out.length() - 2);
        out.append(".\n\n");
        out.append("| rule id | title | service | level | ATT&CK | kind |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (PackRule rule : rules) {
            out.append("| `").append(rule.id()).append("` | ").append(cell(rule.title())).append(" | ")
                    .append(rule.service()).append(" | ").append(rule.level()).append(" | ")
                    .append(String.join(", ", rule.techniques())).append(" | ")
                    .append(rule.correlation() ? "correlation" : "detection").append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
