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
                .append("`detect/src/test/resources/rules/<service>/<rule>/`.\n\n");
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
