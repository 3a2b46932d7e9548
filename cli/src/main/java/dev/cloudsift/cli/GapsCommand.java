package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.gaps.CoverageRow;
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
                        + "records were due (gap >= " + Silences.FACTOR + " x the median gap and >= 20 min). "
                        + "(3) CloudTrail digest validation offline: log file hashes, the digest chain, hours without "
                        + "digests, missing and unexpected files, and with --public-key the RSA signatures. "
                        + "(4) Coverage: which of the six seed sources are absent per account and region and what that "
                        + "leaves invisible."},
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

    @Spec
    CommandSpec spec;

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
            print(gaps, time, out);
        } else {
            printJson(gaps, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(GapAnalysis gaps, TimeDisplay time, PrintWriter out) {
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
        out.println("Silences (" + gaps.silences().size() + "):");
        if (gaps.silences().isEmpty()) {
            out.println("(none)");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"account", "region", "source", "silent from", "to", "minutes", "usual gap (min)"});
            for (Silence silence : gaps.silences()) {
                rows.add(new String[] {clean(silence.accountId(), 12), clean(silence.region(), 20), clean(silence.source(), 40),
                        time.formatMinute(silence.lastBefore()),
                        silence.untilCaseEnd() ? "end of case (" + time.formatMinute(silence.firstAfter()) + ")"
                                : time.formatMinute(silence.firstAfter()),
                        Long.toString(silence.length().toMinutes()), Long.toString(Math.max(1, silence.typicalGap().toMinutes()))});
            }
            IngestReport.printAligned(rows, out);
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
        out.println("Coverage of the six seed sources:");
        for (CoverageRow row : gaps.coverage()) {
            out.println(clean(row.accountId(), 20) + " " + clean(row.region(), 30) + ": has "
                    + (row.present().isEmpty() ? "none" : String.join(", ", row.present()))
                    + (row.absent().isEmpty() ? "; nothing missing" : "; missing " + String.join(", ", row.absent())));
            for (String blind : row.blindSpots()) {
                out.println("    " + blind);
            }
        }
        if (gaps.coverage().isEmpty()) {
            out.println("(the case has no records)");
        }
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
        for (Silence silence : gaps.silences()) {
            json.writeStartObject();
            json.writeStringField("section", "silence");
            json.writeStringField("account_id", silence.accountId());
            json.writeStringField("region", silence.region());
            json.writeStringField("source", silence.source());
            json.writeStringField("from", utc.formatMinute(silence.lastBefore()));
            json.writeStringField("to", utc.formatMinute(silence.firstAfter()));
            json.writeNumberField("minutes", silence.length().toMinutes());
            json.writeBooleanField("until_case_end", silence.untilCaseEnd());
            json.writeNumberField("typical_gap_seconds", silence.typicalGap().toSeconds());
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
