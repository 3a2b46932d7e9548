package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.cli.output.CsvCells;
import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.HuntResult;
import dev.cloudsift.detect.Level;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleMetadata;
import dev.cloudsift.detect.RuleRun;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift hunt}: run Sigma rules over a case and report the findings. */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Run the built-in Sigma rules (and any --rules) over a whole case and write the findings table.",
                "Given PATHs, they are ingested into the case first. The findings of the rules run replace their "
                        + "earlier findings; other rules' findings are kept (and marked stale when older than the last "
                        + "ingest). Only the findings of the rules run are printed."},
        footer = {"", "Examples:",
                "  cloudsift hunt --case acme-case",
                "  cloudsift hunt ~/cases/acme/s3-sync/ --min-level high",
                "  cloudsift hunt --rules ~/sigma/rules/cloud/aws --tags attack.t1098 --format jsonl > findings.jsonl",
                "  cloudsift hunt --fail-on high   # exit 4 when anything high or critical is found",
                "", "Exit codes: 0 done, 4 findings at or above --fail-on, 1 error, 2 usage error."})
public final class HuntCommand implements Callable<Integer> {
    private static final String FINDING_COLUMNS = "rule_id, title, level, tags, time, source, event_ids, row_ids, "
            + "account_id, region, principal, src_ip, summary, group_by, counts, kind, rule_file";
    private static final List<String> JSON_COLUMNS = List.of("tags", "event_ids", "row_ids", "group_by", "counts");

    @Mixin
    CaseOption caseOption;

    @Mixin
    RuleOptions ruleOptions;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Logs to ingest into the case before hunting.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--min-level", paramLabel = "LEVEL",
            description = "Only rules at this level or above: informational, low, medium, high, critical.")
    String minLevel;

    @Option(names = "--tags", paramLabel = "TAG", split = ",",
            description = "Only rules carrying one of these tags (e.g. attack.t1098 also selects attack.t1098.001).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (grouped by rule), jsonl, csv or json (one finding per row) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "Exit with code 4 when a finding is at this level or above.")
    String failOn;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--slowest", paramLabel = "N", defaultValue = "10",
            description = "Show the N slowest rules after the table (default: ${DEFAULT-VALUE}; 0 to hide).")
    int slowest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat outputFormat = OutputFormats.parse(format);
        Level minimum = minLevel == null ? null : level(minLevel, "--min-level");
        Level failLevel = failOn == null ? null : level(failOn, "--fail-on");
        List<LoadedRule> rules = ruleOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Predicate<RuleMetadata> selected = rule -> (minimum == null || Level.parse(rule.level()).compareTo(minimum) >= 0)
                && (tags.isEmpty() || rule.tags().stream().anyMatch(this::tagSelected));
        if (paths.isEmpty() && !java.nio.file.Files.exists(caseOption.file())) {
            throw new UsageException("no case at " + caseOption.file() + "; give --case DIR or PATHs to ingest first");
        }
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(caseOption.file(), registry.formats())) {
            if (!paths.isEmpty()) {
                new Ingest(store, registry).run(IngestOptions.of(paths), IngestListener.NONE);
            }
            HuntResult result;
            try (HuntProgress progress = HuntProgress.startIfTerminal(quiet)) {
                result = new Hunt(store.connection()).listener(progress).run(rules, selected);
            }
            Connection connection = store.connection();
            String ran = ranFilter(rules, selected);
            switch (outputFormat) {
                case TABLE -> {
                    FindingsTablePrinter.print(connection, ran, out);
                    printKept(connection, ran, out);
                    printSlowest(result, out);
                    printProblems(rules, result, out);
                }
                case JSONL, JSON -> {
                    printJson(connection, ran, out, outputFormat == OutputFormat.JSONL);
                    printKept(connection, ran, err);
                    printProblems(rules, result, err);
                }
                case CSV -> {
                    printCsv(connection, ran, out, dev.cloudsift.cli.output.Terminal.stdoutIsTerminal());
                    printKept(connection, ran, err);
                    printProblems(rules, result, err);
                }
            }
            out.flush();
            err.flush();
            if (failLevel != null && countAtOrAbove(connection, ran, failLevel) > 0) {
                return ExitCodes.FINDINGS;
            }
        }
        return ExitCodes.OK;
    }

    private boolean tagSelected(String ruleTag) {
        for (String tag : tags) {
            String wanted = tag.strip().toLowerCase(Locale.ROOT);
            if (ruleTag.equals(wanted) || ruleTag.startsWith(wanted + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Level level(String text, String option) {
        try {
            return Level.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** A SQL condition on {@code findings} that selects the findings of the rules this hunt ran. */
    private static String ranFilter(List<LoadedRule> rules, Predicate<RuleMetadata> selected) {
        List<String> quoted = rules.stream()
                .filter(rule -> rule.status() == LoadedRule.Status.OK && selected.test(rule.metadata()))
                .map(rule -> "'" + rule.metadata().reference().replace("'", "''") + "'")
                .distinct().toList();
        return quoted.isEmpty() ? "false" : "rule_id IN (" + String.join(", ", quoted) + ")";
    }

    /** Says how many findings of other rules the case keeps from earlier hunts, and whether any are stale. */
    private static void printKept(Connection connection, String ran, PrintWriter out) throws SQLException {
        long kept;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM findings WHERE NOT (" + ran + ")")) {
            result.next();
            kept = result.getLong(1);
        }
        if (kept > 0) {
            out.println(kept + " finding(s) of rules not run now are kept from earlier hunts (all: cloudsift query "
                    + "\"SELECT * FROM findings\")");
        }
        String stale = new dev.cloudsift.investigate.FindingsTable(connection).staleWarning();
        if (stale != null) {
            out.println("Note: " + stale + ".");
        }
    }

    private static long countAtOrAbove(Connection connection, String ran, Level level) throws SQLException {
        long count = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT level, count(*) FROM findings WHERE " + ran + " GROUP BY level")) {
            while (rows.next()) {
                if (Level.parse(rows.getString(1)).compareTo(level) >= 0) {
                    count += rows.getLong(2);
                }
            }
        }
        return count;
    }

    private static void printJson(Connection connection, String ran, PrintWriter out, boolean lines) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + FINDING_COLUMNS
                     + " FROM findings WHERE " + ran + " ORDER BY time, finding_id");
             JsonGenerator generator = Json.FACTORY.createGenerator(out)) {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            if (!lines) {
                generator.writeStartArray();
            }
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                generator.writeStartObject();
                for (int i = 1; i <= columns; i++) {
                    String name = rows.getMetaData().getColumnLabel(i);
                    generator.writeFieldName(name);
                    Object value = rows.getObject(i);
                    if (value == null) {
                        generator.writeNull();
                    } else if (JSON_COLUMNS.contains(name)) {
                        generator.writeTree(Json.MAPPER.readTree(value.toString()));
                    } else {
                        generator.writeString(ResultPrinter.text(value));
                    }
                }
                generator.writeEndObject();
                if (lines) {
                    generator.flush();
                    out.write('\n');
                }
            }
            if (!lines) {
                generator.writeEndArray();
                generator.flush();
                out.write('\n');
            }
        }
    }

    private static void printCsv(Connection connection, String ran, PrintWriter out, boolean terminal) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + FINDING_COLUMNS
                     + " FROM findings WHERE " + ran + " ORDER BY time, finding_id")) {
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
            int columns = rows.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                header.add(rows.getMetaData().getColumnLabel(i));
            }
            printer.printRecord(header.stream().map(name -> CsvCells.cell(name, terminal)).toList());
            while (rows.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rows.getObject(i);
                    cells.add(value == null ? "" : CsvCells.cell(ResultPrinter.text(value), terminal));
                }
                printer.printRecord(cells);
            }
            printer.flush();
        }
    }

    private void printSlowest(HuntResult result, PrintWriter out) {
        if (slowest <= 0 || result.runs().isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "%d rules in %.1f s; the slowest:%n", result.runs().size(), result.totalNanos() / 1e9);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MS", "MODE", "MATCHES", "FINDINGS", "RULE"});
        for (RuleRun run : result.slowest(slowest)) {
            rows.add(new String[] {String.format(Locale.ROOT, "%.1f", run.millis()), run.mode(),
                    String.valueOf(run.matches()), String.valueOf(run.findings()), run.rule().title()});
        }
        TextTable.print(rows, out, 70);
        if (!result.phaseNanos().isEmpty()) {
            out.println();
            out.println("where the time went:");
            List<String[]> phases = new ArrayList<>();
            phases.add(new String[] {"MS", "PHASE"});
            result.phaseNanos().forEach((phase, nanos) -> phases.add(new String[] {
                    String.format(Locale.ROOT, "%.1f", nanos / 1e6), phase}));
            TextTable.print(phases, out, 70);
        }
    }

    private static void printProblems(List<LoadedRule> rules, HuntResult result, PrintWriter out) {
        long notLoaded = rules.stream().filter(rule -> rule.status() != LoadedRule.Status.OK).count();
        if (notLoaded > 0) {
            out.println("warning: " + notLoaded + " rule(s) did not load and were not run; see `cloudsift rules`");
        }
        for (RuleRun run : result.failed()) {
            out.println("warning: rule '" + TerminalText.clean(run.rule().title(), 200) + "' failed: "
                    + TerminalText.clean(String.valueOf(run.error()), 500));
        }
    }
}
