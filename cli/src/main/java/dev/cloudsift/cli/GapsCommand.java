package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.gaps.Coverage;
import dev.cloudsift.investigate.gaps.CoverageRow;
import dev.cloudsift.investigate.gaps.LoggingPause;
import dev.cloudsift.investigate.gaps.RankedSilence;
import dev.cloudsift.investigate.gaps.SilenceRanking;
import dev.cloudsift.investigate.gaps.SourceSpan;
import dev.cloudsift.investigate.gaps.DigestIssue;
import dev.cloudsift.investigate.gaps.DigestReport;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.gaps.Silence;
import dev.cloudsift.investigate.gaps.Silences;
import dev.cloudsift.investigate.gaps.TamperingEvent;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift gaps}: what the logs cannot tell, and who made them silent. */
@Command(name = "gaps", mixinStandardHelpOptions = true,
        description = {"What the logs cannot tell: tampering, silences, digest integrity and coverage.",
                "(1) Calls that stopped, deleted, narrowed or redirected logging, with who and when. (2) Silences: per "
                        + "account, region and source, stretches without records where the series' own rhythm says "
                        + "records were due (gap >= " + Silences.FACTOR + " x the median gap and >= 20 min), ranked: those "
                        + "a logging call opened or a StartLogging closed first, then the longest; each StopLogging is "
                        + "paired with the StartLogging that ended it and the silence it caused. "
                        + "(3) CloudTrail digest validation offline: log file hashes, the digest chain, hours without "
                        + "digests, missing and unexpected files, and with --public-key the RSA signatures. "
                        + "(4) Coverage: one table of records per seed source and account/region, and what the absent sources "
                        + "leave invisible; regions known only from a few CloudTrail calls are listed but not judged."},
        footer = {"", "Examples:", "  cloudsift gaps",
                "  # while online:", "  aws cloudtrail list-public-keys --start-time 2025-11-01 > keys.json",
                "  cloudsift gaps --public-key keys.json"})
public final class GapsCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "CloudTrail public keys: PEM, or the JSON of 'aws cloudtrail list-public-keys' (repeatable).")
    List<Path> publicKeys = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or jsonl (one object per item, times in UTC). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--all", description = "List every silence (default: the first " + SILENCES_SHOWN + " by rank).")
    boolean all;

    @Spec
    CommandSpec spec;

    static final int SILENCES_SHOWN = 20;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("jsonl")) {
            throw new UsageException("unknown format '" + format + "'; choose table or jsonl");
        }
        TimeDisplay time = display.time();
        List<PublicKey> keys = PublicKeys.load(publicKeys);
        GapAnalysis gaps;
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file())) {
            gaps = GapAnalysis.run(store.connection(), keys);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("table")) {
            print(gaps, time, out, all);
        } else {
            printJson(gaps, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(GapAnalysis gaps, TimeDisplay time, PrintWriter out, boolean all) {
        out.println("Logging tampering (" + gaps.tampering().size() + "):");
        if (gaps.tampering().isEmpty()) {
            out.println("(none seen" + (gaps.hasCloudTrail() ? "" : "; the case has no CloudTrail, so none could be seen") + ")");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"time", "account", "region", "call", "by", "from", "result", "effect"});
            for (TamperingEvent event : gaps.tampering()) {
                rows.add(new String[] {time.format(event.time()), clean(event.accountId(), 12), clean(event.region(), 20),
                        clean(event.action(), 40), clean(event.principal(), 90), clean(event.srcIp(), 45),
                        event.failed() ? "FAILED " + clean(event.errorCode(), 40) : "done", clean(event.effect(), 200)});
            }
            IngestReport.printAligned(rows, out);
        }
        out.println();
        printPauses(gaps, time, out);
        out.println();
        long linked = gaps.ranked().stream().filter(RankedSilence::tamperingLinked).count();
        out.println("Silences (" + gaps.ranked().size() + ", " + linked + " linked to tampering; linked first, then the longest):");
        if (gaps.ranked().isEmpty()) {
            out.println("(none)");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "account", "region", "source", "silent from", "to", "length", "usual gap", "explained by"});
            int shown = all ? gaps.ranked().size() : Math.min(SILENCES_SHOWN, gaps.ranked().size());
            for (int i = 0; i < shown; i++) {
                RankedSilence ranked = gaps.ranked().get(i);
                Silence silence = ranked.silence();
                rows.add(new String[] {Integer.toString(i + 1), clean(silence.accountId(), 12), clean(silence.region(), 20),
                        clean(silence.source(), 40), time.formatMinute(silence.lastBefore()),
                        silence.untilCaseEnd() ? "end of case (" + time.formatMinute(silence.firstAfter()) + ")"
                                : time.formatMinute(silence.firstAfter()),
                        SilenceRanking.duration(silence.length()), Math.max(1, silence.typicalGap().toMinutes()) + " min",
                        explanation(ranked, time)});
            }
            IngestReport.printAligned(rows, out);
            if (shown < gaps.ranked().size()) {
                out.println("... and " + (gaps.ranked().size() - shown) + " more, none linked to tampering (--all lists them)");
            }
        }
        out.println();
        DigestReport digests = gaps.digests();
        out.println("CloudTrail digest validation:");
        if (digests == null) {
            out.println("(no digest files in the case: log file integrity cannot be checked; ingest the CloudTrail-Digest folders)");
        } else {
            out.println(digests.digests() + " digests, " + digests.logFilesListed() + " log files listed, "
                    + digests.logFilesVerified() + " verified by hash; signatures: " + digests.signaturesVerified()
                    + " verified, " + digests.signaturesUnchecked() + " not checked"
                    + (gaps.keysGiven() ? " (the newest digest of each chain is signed only in S3 metadata)" : " (no --public-key given)"));
            if (digests.issues().isEmpty()) {
                out.println("(no integrity problems)");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"problem", "time", "account", "region", "file", "detail"});
                for (DigestIssue issue : digests.issues()) {
                    rows.add(new String[] {issue.kind().label(), time.format(issue.time()), clean(issue.accountId(), 12),
                            clean(issue.region(), 20), clean(issue.file(), 200), clean(issue.detail(), 200)});
                }
                IngestReport.printAligned(rows, out);
            }
        }
        out.println();
        printCoverage(gaps, time, out);
    }

    /** Each trail stop with the restart that ended it and the silence it caused. */
    static void printPauses(GapAnalysis gaps, TimeDisplay time, PrintWriter out) {
        out.println("Trail stops (" + gaps.pauses().size() + "):");
        if (gaps.pauses().isEmpty()) {
            out.println("(no successful StopLogging in the case)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"trail", "account", "stopped", "by", "from", "restarted", "by", "off for", "silence of its records"});
        for (LoggingPause pause : gaps.pauses()) {
            Silence silence = pause.silence();
            rows.add(new String[] {clean(pause.trail(), 60), clean(pause.accountId(), 12), time.format(pause.stop()),
                    clean(pause.stoppedBy(), 90), clean(pause.stoppedFrom(), 45),
                    pause.restart() == null ? "not within the case" : time.format(pause.restart()),
                    clean(pause.restartedBy(), 90),
                    pause.off() == null ? "-" : SilenceRanking.duration(pause.off()),
                    silence == null ? "none found" : clean(silence.region(), 20) + " " + time.formatMinute(silence.lastBefore())
                            + " to " + (silence.untilCaseEnd() ? "end of case" : time.formatMinute(silence.firstAfter()))});
        }
        IngestReport.printAligned(rows, out);
    }

    private static String explanation(RankedSilence ranked, TimeDisplay time) {
        List<String> parts = new ArrayList<>();
        if (ranked.cause() != null) {
            TamperingEvent cause = ranked.cause();
            parts.add(clean(cause.action(), 40) + " " + time.format(cause.time()) + " by " + clean(cause.principal(), 90));
        }
        if (ranked.restart() != null) {
            parts.add("StartLogging " + time.format(ranked.restart()));
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** One table: account/region by seed source (records, or - when absent), first and last record, scope. */
    static void printCoverage(GapAnalysis gaps, TimeDisplay time, PrintWriter out) {
        List<CoverageRow> inScope = gaps.coverageInScope();
        out.println("Coverage of the six seed sources (records per source, - absent):");
        if (gaps.coverage().isEmpty()) {
            out.println("(the case has no records)");
            return;
        }
        List<String> header = new ArrayList<>(List.of("account", "region"));
        header.addAll(Coverage.SEED_SOURCES);
        header.addAll(List.of("first", "last"));
        List<String[]> rows = new ArrayList<>();
        rows.add(header.toArray(String[]::new));
        List<CoverageRow> minor = new ArrayList<>();
        for (CoverageRow row : gaps.coverage()) {
            if (!row.inScope() && row.region().matches("[a-z]{2}(-gov)?-[a-z]+-\\d")) {
                minor.add(row);
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(clean(row.accountId(), 20), clean(row.region(), 30)
                    + (row.inScope() ? "" : " (not judged)")));
            java.time.Instant first = null;
            java.time.Instant last = null;
            for (String source : Coverage.SEED_SOURCES) {
                SourceSpan span = row.sources().get(source);
                cells.add(span == null ? "-" : String.format(java.util.Locale.ROOT, "%,d", span.records()));
                if (span != null) {
                    first = first == null || span.first().isBefore(first) ? span.first() : first;
                    last = last == null || span.last().isAfter(last) ? span.last() : last;
                }
            }
            cells.add(first == null ? "-" : time.formatMinute(first));
            cells.add(last == null ? "-" : time.formatMinute(last));
            rows.add(cells.toArray(String[]::new));
        }
        IngestReport.printAligned(rows, out);
        if (!minor.isEmpty()) {
            boolean oneAccount = minor.stream().map(CoverageRow::accountId).distinct().count() == 1;
            out.println("Not judged, CloudTrail only with few records (" + minor.size() + " region" + (minor.size() == 1 ? "" : "s")
                    + (oneAccount ? " of " + clean(minor.get(0).accountId(), 20) : "") + "): " + String.join(", ",
                    minor.stream().map(row -> (oneAccount ? "" : clean(row.accountId(), 20) + " ") + clean(row.region(), 30)
                            + " (" + (row.sources().containsKey("cloudtrail") ? row.sources().get("cloudtrail").records() : 0) + ")")
                            .toList()));
        }
        // each missing source said once, with the account/regions it is missing in
        java.util.Map<String, List<String>> missingIn = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> blindSpot = new java.util.HashMap<>();
        for (CoverageRow row : inScope) {
            for (int i = 0; i < row.absent().size(); i++) {
                missingIn.computeIfAbsent(row.absent().get(i), k -> new ArrayList<>())
                        .add(clean(row.accountId(), 20) + " " + clean(row.region(), 30));
                blindSpot.putIfAbsent(row.absent().get(i), row.blindSpots().get(i));
            }
        }
        if (missingIn.isEmpty()) {
            out.println("Every judged account/region has all six seed sources.");
        }
        missingIn.forEach((source, where) -> out.println("Missing " + source + " in " + String.join(", ", where) + ": "
                + blindSpot.get(source)));
    }

    private static void printJson(GapAnalysis gaps, PrintWriter out) throws Exception {
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.setRootValueSeparator(null);
        TimeDisplay utc = TimeDisplay.UTC;
        for (TamperingEvent event : gaps.tampering()) {
            json.writeStartObject();
            json.writeStringField("section", "tampering");
            json.writeStringField("time", utc.format(event.time()));
            json.writeStringField("account_id", event.accountId());
            json.writeStringField("region", event.region());
            json.writeStringField("action", event.action());
            json.writeStringField("principal", event.principal());
            json.writeStringField("src_ip", event.srcIp());
            json.writeStringField("error_code", event.errorCode());
            json.writeStringField("effect", event.effect());
            json.writeEndObject();
            json.flush();
            out.println();
        }
        int rank = 0;
        for (RankedSilence ranked : gaps.ranked()) {
            Silence silence = ranked.silence();
            json.writeStartObject();
            json.writeStringField("section", "silence");
            json.writeNumberField("rank", ++rank);
            json.writeStringField("account_id", silence.accountId());
            json.writeStringField("region", silence.region());
            json.writeStringField("source", silence.source());
            json.writeStringField("from", utc.formatMinute(silence.lastBefore()));
            json.writeStringField("to", utc.formatMinute(silence.firstAfter()));
            json.writeNumberField("minutes", silence.length().toMinutes());
            json.writeBooleanField("until_case_end", silence.untilCaseEnd());
            json.writeNumberField("typical_gap_seconds", silence.typicalGap().toSeconds());
            json.writeBooleanField("tampering_linked", ranked.tamperingLinked());
            json.writeStringField("cause_action", ranked.cause() == null ? null : ranked.cause().action());
            json.writeStringField("cause_time", ranked.cause() == null ? null : utc.format(ranked.cause().time()));
            json.writeStringField("cause_principal", ranked.cause() == null ? null : ranked.cause().principal());
            json.writeStringField("restart_time", ranked.restart() == null ? null : utc.format(ranked.restart()));
            json.writeEndObject();
            json.flush();
            out.println();
        }
        for (LoggingPause pause : gaps.pauses()) {
            json.writeStartObject();
            json.writeStringField("section", "trail_stop");
            json.writeStringField("trail", pause.trail());
            json.writeStringField("account_id", pause.accountId());
            json.writeStringField("region", pause.region());
            json.writeStringField("stopped", utc.format(pause.stop()));
            json.writeStringField("stopped_by", pause.stoppedBy());
            json.writeStringField("stopped_from", pause.stoppedFrom());
            json.writeStringField("restarted", pause.restart() == null ? null : utc.format(pause.restart()));
            json.writeStringField("restarted_by", pause.restartedBy());
            json.writeStringField("restarted_from", pause.restartedFrom());
            if (pause.off() != null) {
                json.writeNumberField("off_seconds", pause.off().toSeconds());
            }
            if (pause.silence() != null) {
                json.writeStringField("silence_region", pause.silence().region());
                json.writeStringField("silence_source", pause.silence().source());
                json.writeStringField("silence_from", utc.formatMinute(pause.silence().lastBefore()));
                json.writeStringField("silence_to", utc.formatMinute(pause.silence().firstAfter()));
            }
            json.writeEndObject();
            json.flush();
            out.println();
        }
        if (gaps.digests() != null) {
            for (DigestIssue issue : gaps.digests().issues()) {
                json.writeStartObject();
                json.writeStringField("section", "digest");
                json.writeStringField("problem", issue.kind().label());
                json.writeStringField("time", issue.time() == null ? null : utc.format(issue.time()));
                json.writeStringField("account_id", issue.accountId());
                json.writeStringField("region", issue.region());
                json.writeStringField("file", issue.file());
                json.writeStringField("detail", issue.detail());
                json.writeEndObject();
                json.flush();
                out.println();
            }
        }
        for (CoverageRow row : gaps.coverage()) {
            json.writeStartObject();
            json.writeStringField("section", "coverage");
            json.writeStringField("account_id", row.accountId());
            json.writeStringField("region", row.region());
            json.writeArrayFieldStart("present");
            for (String source : row.present()) {
                json.writeString(source);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("sources");
            for (String source : row.present()) {
                SourceSpan span = row.sources().get(source);
                json.writeObjectFieldStart(source);
                json.writeNumberField("records", span.records());
                json.writeStringField("first", utc.format(span.first()));
                json.writeStringField("last", utc.format(span.last()));
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeBooleanField("judged", row.inScope());
            json.writeStringField("not_judged_because", row.outOfScope());
            json.writeArrayFieldStart("absent");
            for (String source : row.absent()) {
                json.writeString(source);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("invisible");
            for (String blind : row.blindSpots()) {
                json.writeString(blind);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.println();
        }
    }

    private static String clean(String text, int max) {
        return text == null ? "-" : TerminalText.clean(text, max);
    }
}
