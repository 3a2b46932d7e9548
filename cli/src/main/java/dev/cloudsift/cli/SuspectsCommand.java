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
                "The score adds, per rule naming them, its level's weight with diminishing returns (denied findings "
                        + "count a fifth), points for distinct ATT&CK techniques, credit shared between addresses, the keys "
                        + "used from them, the principals holding them and the keys they issued, then small context points "
                        + "(new in the incident window, breadth, failed share, bytes). Each comes with a one-line reason. "
                        + "The incident window starts at the first high/critical finding, else the last 24 h of the case."},
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
