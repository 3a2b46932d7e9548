package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.suspects.Suspect;
import dev.cloudsift.investigate.suspects.SuspectRanking;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift suspects}: principals, keys and IPs ranked by how suspicious they look. */
@Command(name = "suspects", mixinStandardHelpOptions = true,
        description = {"Rank principals, access keys and IP addresses by how suspicious they look.",
                "The 0-100 score adds: findings naming them (up to 50), first seen during the incident window "
                        + "(15), breadth across sources, regions and actions (up to 20), share of failed calls (up to 15) "
                        + "and bytes moved (up to 10). Each comes with a one-line reason. The incident window starts at the"
                        + " first high/critical finding, else the last 24 h of the case."},
        footer = {"", "Examples:", "  cloudsift suspects --top 20",
                "  cloudsift suspects --window-start 2025-11-04T09:00:00Z"})
public final class SuspectsCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "How many to show. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--window-start", paramLabel = "TIME", description = "Start of the incident window (overrides the default).")
    String windowStart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new UsageException("--top must be at least 1");
        }
        TimeDisplay time = display.time();
        Instant start = DisplayOptions.parseTime("--window-start", windowStart);
        PrintWriter out = spec.commandLine().getOut();
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file()); GeoIp geo = display.geo(store)) {
            SuspectRanking ranking = new SuspectRanking(store.connection());
            Instant window = ranking.windowStart(start);
            List<Suspect> suspects = ranking.rank(top, start);
            out.println("Incident window from " + (window == null ? "-" : time.format(window)));
            print(suspects, time, geo, out);
            String stale = new dev.cloudsift.investigate.FindingsTable(store.connection()).staleWarning();
            if (stale != null) {
                out.println("Note: " + stale + ".");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(List<Suspect> suspects, TimeDisplay time, GeoIp geo, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"score", "kind", "value", "records", "first seen", "reason"});
        for (Suspect suspect : suspects) {
            rows.add(new String[] {Integer.toString(suspect.score()), suspect.kind(), TerminalText.clean(suspect.kind().equals("ip") ? geo.annotate(suspect.value()) : suspect.value(), 120),
                    Long.toString(suspect.events()), time.format(suspect.firstSeen()), TerminalText.clean(suspect.reason(), 160)});
        }
        IngestReport.printAligned(rows, out);
    }
}
