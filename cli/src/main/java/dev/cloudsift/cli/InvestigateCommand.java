package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.investigate.FindingsTable;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.IncidentAnswers;
import dev.cloudsift.investigate.RuleFindings;
import dev.cloudsift.investigate.movement.Movement;
import dev.cloudsift.investigate.movement.MovementFilter;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.suspects.Suspect;
import dev.cloudsift.investigate.suspects.SuspectRanking;
import dev.cloudsift.report.HtmlReport;
import dev.cloudsift.report.ReportFile;
import dev.cloudsift.report.ReportOptions;
import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.HuntResult;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleRun;
import dev.cloudsift.report.RuleStatus;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Version;
import dev.cloudsift.store.enrich.GeoIpCatalogue;
import dev.cloudsift.store.enrich.GeoIpDatabases;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.store.ingest.IngestSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift investigate}: ingest, hunt, rank, find gaps and write the report in one go. */
@Command(name = "investigate", mixinStandardHelpOptions = true,
        description = {"Ingest, hunt, rank suspects, find logging gaps and write the report, in one go.",
                "Ingests the paths, hunts with the built-in rule pack, ranks suspects, finds logging gaps, writes"
                        + " the HTML report, and prints the five answers (what happened: ATT&CK techniques in order; who: principals"
                        + " and keys; from where: addresses; when: first and last attacker finding and the logging gaps; what"
                        + " left), the top suspects, the gaps, a table of findings per rule and the reconciliation"
                        + " read = stored + duplicates + quarantined."},
        footer = {"", "Examples:", "  cloudsift investigate ~/cases/acme/s3-sync/ -o acme.html",
                "  cloudsift investigate --case acme-case --public-key keys.json --timezone Europe/Berlin trail/ flows/",
                "", "Exit codes: 0 done, 3 done but some input was quarantined or unreadable, 1 error, 2 usage error."})
public final class InvestigateCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Mixin
    RuleOptions ruleOptions;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders or archives to read.")
    List<Path> paths;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "cloudsift-report.html",
            description = "The HTML report. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--public-key", paramLabel = "FILE", description = "CloudTrail public keys for digest signatures (repeatable).")
    List<Path> publicKeys = new ArrayList<>();

    @Mixin
    EvidenceOption evidence;

    @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "Suspects in the summary. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TimeDisplay time = display.time();
        List<PublicKey> keys = PublicKeys.load(publicKeys);
        // a bad --geoip file is a usage error before any work is done
        display.geo().close();
        PrintWriter out = spec.commandLine().getOut();
        FormatRegistry registry = FormatRegistry.load();
        IngestSummary summary;
        List<RuleStatus> rules;
        try (GeoIpDatabases databases = GeoIpOptions.open(display.geoipDatabaseFiles());
             CaseStore store = CaseStore.open(caseOption.file(), registry.formats())) {
            try (IngestProgress progress = IngestProgress.startIfTerminal(quiet)) {
                summary = new Ingest(store, registry).run(new IngestOptions(paths, Map.of(),
                        Math.max(1, Runtime.getRuntime().availableProcessors()), evidence.mode()), progress);
            }
            if (databases.any()) {
                // before the hunt, so that rules over src_country / src_asn see the new addresses
                GeoIpReport.print(new GeoIpCatalogue(store).run(databases, GeoIpCatalogue.Mode.NEW_ONLY), databases, false, out);
            }
            rules = hunt(store, out);
        }
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file()); GeoIp geo = display.geo(store)) {
            List<Suspect> suspects = new SuspectRanking(store.connection()).rank(Math.max(top, 50), null);
            GapAnalysis gaps = GapAnalysis.run(store.connection(), keys);
            FindingsTable findings = new FindingsTable(store.connection());
            Map<String, Long> levels = findings.countsByLevel();
            IncidentAnswers answers = IncidentAnswers.of(store.connection(), suspects, gaps);
            Movement movement = Movement.of(store.connection(), MovementFilter.ALL);
            String whatLeft = movement.isEmpty() ? "nothing read from S3, sent to public addresses or shared, as far as the logs show"
                    : movement.oneLine();
            List<RuleFindings> byRule = findings.byRule(3);
            ReportOptions options = new ReportOptions(time, Version.current(), rules, keys, geo);
            ReportFile.write(output, writer -> new HtmlReport(store.connection(), options).write(writer));
            printSummary(out, summary, levels, suspects.subList(0, Math.min(top, suspects.size())), gaps, time,
                    new IncidentSummaryPrinter(out, time, geo), answers, whatLeft, byRule);
        }
        out.flush();
        return IngestReport.complete(summary) ? ExitCodes.OK : ExitCodes.INCOMPLETE_INPUT;
    }

    /** Runs the loaded rules (the built-in pack unless told otherwise) over the case; returns each rule's status. */
    private List<RuleStatus> hunt(CaseStore store, PrintWriter out) throws Exception {
        List<LoadedRule> loaded = ruleOptions.load();
        HuntResult result;
        try (HuntProgress progress = HuntProgress.startIfTerminal(quiet)) {
            result = new Hunt(store.connection()).listener(progress).run(loaded);
        }
        Map<String, RuleRun> runs = new java.util.HashMap<>();
        for (RuleRun run : result.runs()) {
            runs.put(run.rule().reference(), run);
        }
        List<RuleStatus> statuses = new ArrayList<>();
        for (LoadedRule rule : loaded) {
            RuleRun run = runs.get(rule.metadata().reference());
            String status;
            if (rule.status() != LoadedRule.Status.OK) {
                status = rule.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + rule.reason();
            } else if (run != null && run.error() != null) {
                status = "failed: " + run.error();
            } else if (run != null) {
                status = "ran (" + run.mode() + "), " + run.findings() + " finding(s)";
            } else {
                status = "loaded";
            }
            statuses.add(new RuleStatus(rule.title() + " [" + rule.metadata().reference() + "] " + rule.sourceFile(), status));
        }
        long notLoaded = loaded.stream().filter(rule -> rule.status() != LoadedRule.Status.OK).count();
        out.printf(java.util.Locale.ROOT, "Hunt: %d rules (%d not loaded, %d failed to run), %d findings in %.1f s%n",
                loaded.size(), notLoaded, result.failed().size(), result.findings(), result.totalNanos() / 1e9);
        return statuses;
    }

    private void printSummary(PrintWriter out, IngestSummary summary, Map<String, Long> levels, List<Suspect> suspects,
            GapAnalysis gaps, TimeDisplay time, IncidentSummaryPrinter printer, IncidentAnswers answers, String whatLeft,
            List<RuleFindings> byRule) {
        out.println();
        out.println("Case " + caseOption.file() + ", report " + output);
        out.println("Records: read " + summary.read() + " = stored " + summary.stored() + " + duplicates " + summary.duplicates()
                + " + quarantined " + summary.quarantined() + (summary.skipped() > 0 ? " (and " + summary.skipped()
                + " non-records skipped)" : "") + " from " + summary.files().size() + " files");
        IngestReport.printIncompleteFiles(summary, out, 10);
        List<String> parts = new ArrayList<>();
        levels.forEach((level, count) -> parts.add(count + " " + TerminalText.clean(level, 20)));
        out.println("Findings: " + (parts.isEmpty() ? "none" : String.join(", ", parts)));
        out.println();
        printer.answers(answers, whatLeft);
        out.println();
        out.println("Top suspects:");
        for (Suspect suspect : suspects) {
            out.println("  " + suspect.score() + "  " + suspect.kind() + "  " + TerminalText.clean(suspect.value(), 100)
                    + "  — " + TerminalText.clean(suspect.reason(), 200));
        }
        out.println();
        printer.gaps(gaps);
        gaps.tampering().stream().limit(5).forEach(event -> out.println("  " + time.format(event.time()) + "  "
                + TerminalText.clean(event.action(), 40) + " by " + TerminalText.clean(event.principal(), 100)));
        out.println();
        printer.rules(byRule);
        out.println();
        out.println("Details: cloudsift gaps | suspects | timeline | entity VALUE | chain KEY --case " + caseOption.file());
    }
}
