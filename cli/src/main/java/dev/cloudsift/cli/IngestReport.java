package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.core.Json;
import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.FileStatus;
import dev.cloudsift.store.ingest.IngestSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The end-of-ingest summary: totals per source, and why each file that stored nothing stored nothing. */
final class IngestReport {
    /** At most this many files with remarks are listed; the ledger table has them all. */
    static final int MAX_REMARKS = 40;

    private IngestReport() {}

    /** True when nothing was quarantined, unrecognised or unreadable. */
    static boolean complete(IngestSummary summary) {
        return summary.files().stream().noneMatch(f -> f.quarantined() > 0 || f.status() == FileStatus.FAILED || f.status() == FileStatus.PARTIAL
                || f.status() == FileStatus.UNRECOGNISED);
    }

    static void printTable(IngestSummary summary, Path caseFile, PrintWriter out) {
        double seconds = Math.max(0.001, summary.elapsed().toMillis() / 1000.0);
        out.printf(Locale.ROOT, "Ingested %d file(s) into %s in %.1f s: %d records read = %d stored + %d duplicates + %d quarantined"
                        + "%s (%.0f records/s, %.1f MiB/s of content)%n",
                summary.files().size(), caseFile, seconds, summary.read(), summary.stored(), summary.duplicates(),
                summary.quarantined(), summary.skipped() > 0 ? "; " + summary.skipped() + " skipped (no record)" : "",
                summary.read() / seconds, summary.contentBytes() / seconds / (1 << 20));
        if (!summary.sources().isEmpty()) {
            out.println();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"source", "files", "read", "stored", "duplicates", "quarantined", "skipped", "first event",
                    "last event", "accounts", "regions"});
            for (IngestSummary.SourceTotals t : summary.sources()) {
                rows.add(new String[] {t.source(), Long.toString(t.files()), Long.toString(t.read()), Long.toString(t.stored()),
                        Long.toString(t.duplicates()), Long.toString(t.quarantined()), Long.toString(t.skipped()),
                        time(t.firstEvent()), time(t.lastEvent()), list(t.accounts()), list(t.regions())});
            }
            printAligned(rows, out);
        }
        List<FileResult> remarks = summary.filesWithRemarks();
        if (!remarks.isEmpty()) {
            out.println();
            out.println("Files not fully stored (" + remarks.size() + "):");
            for (FileResult file : remarks.subList(0, Math.min(MAX_REMARKS, remarks.size()))) {
                out.println("  " + TerminalText.clean(file.path(), 160) + ": " + file.status().columnValue() + " — "
                        + TerminalText.clean(remark(file), 300));
            }
            if (remarks.size() > MAX_REMARKS) {
                out.println("  ... and " + (remarks.size() - MAX_REMARKS) + " more: cloudsift query \"SELECT path, status, error "
                        + "FROM ingest_files WHERE status <> 'ok'\"");
            }
            if (summary.quarantined() > 0) {
                out.println("Quarantined records: cloudsift query \"SELECT path, \\\"offset\\\", line, reason FROM quarantine\"");
            }
        }
        for (String warning : summary.warnings()) {
            out.println("warning: " + TerminalText.clean(warning, 500));
        }
    }

    static void printJson(IngestSummary summary, Path caseFile, PrintWriter out) {
        try {
            JsonGenerator json = Json.FACTORY.createGenerator(out).useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("case", caseFile.toString());
            json.writeNumberField("ingest_id", summary.ingestId());
            json.writeNumberField("seconds", summary.elapsed().toMillis() / 1000.0);
            json.writeNumberField("read", summary.read());
            json.writeNumberField("stored", summary.stored());
            json.writeNumberField("duplicates", summary.duplicates());
            json.writeNumberField("quarantined", summary.quarantined());
            json.writeNumberField("skipped", summary.skipped());
            json.writeArrayFieldStart("sources");
            for (IngestSummary.SourceTotals t : summary.sources()) {
                json.writeStartObject();
                json.writeStringField("source", t.source());
                json.writeNumberField("files", t.files());
                json.writeNumberField("read", t.read());
                json.writeNumberField("stored", t.stored());
                json.writeNumberField("duplicates", t.duplicates());
                json.writeNumberField("quarantined", t.quarantined());
                json.writeNumberField("skipped", t.skipped());
                json.writeStringField("first_event", t.firstEvent() == null ? null : t.firstEvent().toString());
                json.writeStringField("last_event", t.lastEvent() == null ? null : t.lastEvent().toString());
                json.writeArrayFieldStart("accounts");
                for (String account : t.accounts()) {
                    json.writeString(account);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("regions");
                for (String region : t.regions()) {
                    json.writeString(region);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("files");
            for (FileResult f : summary.files()) {
                json.writeStartObject();
                json.writeStringField("path", f.path());
                json.writeStringField("status", f.status().columnValue());
                json.writeStringField("format", f.format());
                json.writeNumberField("read", f.read());
                json.writeNumberField("stored", f.stored());
                json.writeNumberField("duplicates", f.duplicates());
                json.writeNumberField("quarantined", f.quarantined());
                json.writeNumberField("skipped", f.skipped());
                json.writeStringField("why_not_stored", f.whyNothingStored());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("warnings");
            for (String warning : summary.warnings()) {
                json.writeString(warning);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Names the files that were unrecognised, failed or had records quarantined (the ones that make an ingest
     * incomplete), at most {@code max} of them, and counts the rest.
     */
    static void printIncompleteFiles(IngestSummary summary, PrintWriter out, int max) {
        List<FileResult> incomplete = summary.files().stream().filter(f -> f.quarantined() > 0
                || f.status() == FileStatus.FAILED || f.status() == FileStatus.UNRECOGNISED).toList();
        if (incomplete.isEmpty()) {
            return;
        }
        out.println("Files not fully read (" + incomplete.size() + "):");
        for (FileResult file : incomplete.subList(0, Math.min(max, incomplete.size()))) {
            String what = file.status() == FileStatus.FAILED ? "failed"
                    : file.status() == FileStatus.UNRECOGNISED ? "unrecognised" : file.quarantined() + " quarantined";
            out.println("  " + TerminalText.clean(file.path(), 160) + ": " + what + " — " + TerminalText.clean(remark(file), 200));
        }
        if (incomplete.size() > max) {
            out.println("  ... and " + (incomplete.size() - max) + " more: cloudsift query \"SELECT path, status, error "
                    + "FROM ingest_files WHERE status <> 'ok'\"");
        }
    }

    private static String remark(FileResult file) {
        String why = file.whyNothingStored();
        if (why != null) {
            return why;
        }
        return file.stored() + " stored, " + file.quarantined() + " quarantined"
                + (file.error() == null ? "" : ": " + file.error());
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    private static String list(List<String> values) {
        if (values.isEmpty()) {
            return "-";
        }
        String joined = String.join(",", values.subList(0, Math.min(3, values.size())));
        return TerminalText.clean(values.size() > 3 ? joined + " +" + (values.size() - 3) : joined, 60);
    }

    static void printAligned(List<String[]> rows, PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? "" : "  ").append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
