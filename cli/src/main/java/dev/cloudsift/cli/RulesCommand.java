package dev.cloudsift.cli;

import dev.cloudsift.cli.output.CsvCells;
import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.core.Json;
import dev.cloudsift.detect.LoadedRule;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift rules}: every rule with its id, level, kind, title, tags, source file and load status. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"List the Sigma rules Cloudsift would hunt with, each with its load status.",
                "The built-in pack and any --rules. A rule that cannot load (bad YAML, unknown field, unknown "
                        + "placeholder) is listed with the reason; none is dropped silently."},
        footer = {"", "Examples:",
                "  cloudsift rules",
                "  cloudsift rules --rules ~/sigma/rules/cloud/aws --no-builtin --format jsonl",
                "", "Exit codes: 0 every rule loaded, 3 some rules failed to load or are unsupported, 1 error, 2 usage error."})
public final class RulesCommand implements Callable<Integer> {
    @Mixin
    RuleOptions ruleOptions;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat outputFormat = OutputFormats.parse(format);
        List<LoadedRule> rules = ruleOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LoadedRule rule : rules) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("status", rule.status().name().toLowerCase(java.util.Locale.ROOT));
            row.put("id", rule.id());
            row.put("level", rule.level());
            row.put("kind", rule.kind().name().toLowerCase(java.util.Locale.ROOT));
            row.put("title", rule.title());
            row.put("tags", rule.tags());
            row.put("file", rule.sourceFile());
            row.put("standalone", rule.standalone());
            row.put("reason", rule.reason());
            row.put("warnings", rule.warnings());
            rows.add(row);
        }
        switch (outputFormat) {
            case JSON -> out.println(Json.MAPPER.writeValueAsString(rows));
            case JSONL -> {
                for (Map<String, Object> row : rows) {
                    out.println(Json.MAPPER.writeValueAsString(row));
                }
            }
            case CSV -> {
                CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
                printer.printRecord(rows.isEmpty() ? List.of() : rows.get(0).keySet());
                for (Map<String, Object> row : rows) {
                    List<String> cells = new ArrayList<>();
                    row.values().forEach(value -> cells.add(value == null ? "" : CsvCells.neutralise(
                            value instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                                    : value.toString())));
                    printer.printRecord(cells);
                }
                printer.flush();
            }
            case TABLE -> printTable(rules, out);
        }
        out.flush();
        boolean allLoaded = rules.stream().allMatch(rule -> rule.status() == LoadedRule.Status.OK);
        return allLoaded ? ExitCodes.OK : ExitCodes.INCOMPLETE_INPUT;
    }

    private static void printTable(List<LoadedRule> rules, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATUS", "LEVEL", "KIND", "ID", "TITLE", "TAGS", "FILE / REASON"});
        for (LoadedRule rule : rules) {
            String detail = rule.reason() != null ? rule.reason()
                    : rule.sourceFile() + (rule.warnings().isEmpty() ? "" : " (" + String.join("; ", rule.warnings()) + ")");
            rows.add(new String[] {rule.status().name().toLowerCase(java.util.Locale.ROOT), rule.level(),
                    rule.kind().name().toLowerCase(java.util.Locale.ROOT) + (rule.standalone() ? "" : "*"),
                    rule.id(), rule.title(), String.join(" ", rule.tags()), detail});
        }
        TextTable.print(rows, out, 60);
        long ok = rules.stream().filter(rule -> rule.status() == LoadedRule.Status.OK).count();
        out.println(rules.size() + " rules: " + ok + " ok, "
                + rules.stream().filter(rule -> rule.status() == LoadedRule.Status.ERROR).count() + " error, "
                + rules.stream().filter(rule -> rule.status() == LoadedRule.Status.UNSUPPORTED).count()
                + " unsupported (* = only feeds a correlation)");
        out.println(dev.cloudsift.detect.AwsIpRanges.current().describe());
    }
}
