package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.investigate.Counted;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.IncidentAnswers;
import dev.cloudsift.investigate.RuleFindings;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.gaps.CoverageRow;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.gaps.LoggingPause;
import dev.cloudsift.investigate.gaps.RankedSilence;
import dev.cloudsift.investigate.gaps.SilenceRanking;
import dev.cloudsift.investigate.suspects.Suspect;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints investigate's five answers, the per-rule table and the gaps line; every log-derived value is cleaned. */
final class IncidentSummaryPrinter {
    /** Rules listed in the per-rule table; the rest are counted. */
    static final int RULES_SHOWN = 30;

    private final PrintWriter out;
    private final TimeDisplay time;
    private final GeoIp geo;

    IncidentSummaryPrinter(PrintWriter out, TimeDisplay time, GeoIp geo) {
        this.out = out;
        this.time = time;
        this.geo = geo;
    }

    /** @param whatLeft the movement totals in one line ({@code Movement.oneLine}) */
    void answers(IncidentAnswers answers, String whatLeft) {
        out.println("What happened (ATT&CK techniques of medium and higher findings, in order):");
        if (answers.techniques().isEmpty()) {
            out.println("  (no finding carries an ATT&CK technique)");
        }
        for (IncidentAnswers.Technique technique : answers.techniques()) {
            out.println("  " + time.format(technique.first()) + "  " + pad(technique.id(), 10) + " "
                    + clean(String.join("; ", technique.rules()), 160) + " (" + technique.findings() + " finding"
                    + (technique.findings() == 1 ? "" : "s") + ", last " + time.format(technique.last()) + ")");
        }
        out.println("Who (principals and access keys with findings):");
        if (answers.who().isEmpty()) {
            out.println("  (none)");
        }
        for (Suspect suspect : answers.who()) {
            out.println("  " + pad(suspect.kind(), 10) + " " + clean(suspect.value(), 100) + "  score " + suspect.score()
                    + " — " + clean(suspect.reason(), 160));
        }
        out.println("From where (addresses with findings):");
        if (answers.where().isEmpty()) {
            out.println("  (none)");
        }
        for (IncidentAnswers.Address address : answers.where()) {
            String place = address.country() != null || address.asn() != null
                    ? address.suspect().value() + " (" + String.join(", ", java.util.stream.Stream.of(address.country(),
                            address.asn() == null ? null : "AS" + address.asn().replaceFirst("^(?i)AS", ""))
                            .filter(java.util.Objects::nonNull).toList()) + ")"
                    : geo.annotate(address.suspect().value());
            out.println("  " + clean(place, 140) + "  score " + address.suspect().score() + " — "
                    + clean(address.suspect().reason(), 160));
        }
        out.print("When: ");
        if (answers.firstActivity() == null) {
            out.println("no findings to date the attack by");
        } else {
            out.println("first attacker finding " + time.format(answers.firstActivity()) + ", last "
                    + time.format(answers.lastActivity()) + " ("
                    + SilenceRanking.duration(Duration.between(answers.firstActivity(), answers.lastActivity())) + ")");
        }
        for (LoggingPause pause : answers.pauses()) {
            out.println("  trail " + clean(pause.trail(), 60) + " stopped " + time.format(pause.stop()) + " by "
                    + clean(pause.stoppedBy(), 100) + (pause.restart() == null ? ", not restarted within the case"
                            : ", restarted " + time.format(pause.restart()) + " (off " + SilenceRanking.duration(pause.off()) + ")"));
        }
        for (RankedSilence silence : answers.gaps()) {
            out.println("  gap: " + clean(silence.describe(time::formatMinute), 300));
        }
        out.println("What left: " + clean(whatLeft, 400));
    }

    void rules(List<RuleFindings> rules) {
        out.println("Findings by rule (" + rules.size() + " rules):");
        if (rules.isEmpty()) {
            out.println("  (none)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"level", "count", "first", "last", "rule", "top entities"});
        for (RuleFindings rule : rules.subList(0, Math.min(RULES_SHOWN, rules.size()))) {
            List<String> entities = new ArrayList<>();
            for (Counted entity : rule.entities()) {
                entities.add(clean(shortName(entity.value()), 60) + " (" + entity.count() + ")");
            }
            rows.add(new String[] {clean(rule.level(), 13), String.format(Locale.ROOT, "%,d", rule.count()),
                    rule.first() == null ? "-" : time.formatMinute(rule.first()),
                    rule.last() == null ? "-" : time.formatMinute(rule.last()), clean(rule.title(), 70),
                    String.join(", ", entities)});
        }
        IngestReport.printAligned(rows, out);
        if (rules.size() > RULES_SHOWN) {
            long more = rules.subList(RULES_SHOWN, rules.size()).stream().mapToLong(RuleFindings::count).sum();
            out.println("... and " + (rules.size() - RULES_SHOWN) + " more rules with " + more + " findings (cloudsift hunt"
                    + " --format table lists them all)");
        }
    }

    void gaps(GapAnalysis gaps) {
        List<CoverageRow> judged = gaps.coverageInScope();
        long missing = judged.stream().filter(CoverageRow::missesSource).count();
        long notJudged = gaps.coverage().size() - judged.size();
        long linked = gaps.ranked().stream().filter(RankedSilence::tamperingLinked).count();
        out.println("Logging gaps: " + gaps.tampering().size() + " tampering calls, " + gaps.silences().size() + " silences ("
                + linked + " linked to tampering), " + (gaps.digests() == null ? "no digests to validate"
                        : gaps.digests().issues().size() + " digest integrity problems")
                + "; coverage: " + missing + " of " + judged.size() + " account/regions miss a seed source"
                + (notJudged == 0 ? "" : " (" + notJudged + " more known only from a few calls or global, not judged)"));
    }

    static String shortName(String principal) {
        if (!principal.startsWith("arn:")) {
            return principal;
        }
        int slash = principal.indexOf('/');
        return slash < 0 ? principal : principal.substring(slash + 1);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String clean(String text, int max) {
        return text == null ? "-" : TerminalText.clean(text, max);
    }
}
