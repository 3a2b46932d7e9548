package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.investigate.EntityMatch;
import dev.cloudsift.report.export.EventRows;
import dev.cloudsift.report.export.ExportFilter;
import dev.cloudsift.report.export.OcsfWriter;
import dev.cloudsift.report.export.OriginalRecords;
import dev.cloudsift.report.export.TimesketchWriter;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ReadOnlyQuery;
import dev.cloudsift.store.Version;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift export}: the case's events and findings, for other tools. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export events and findings for other tools (Timesketch, CSV, JSONL, OCSF, Parquet).",
                "Time order, times in UTC: timesketch (JSONL with message, datetime and timestamp_desc; events a finding "
                        + "matched carry its rule in tag, and each finding is a line of its own), csv (formula-looking "
                        + "cells neutralised), jsonl, ocsf (OCSF 1.1 JSON lines: API Activity 6003, Network Activity 4001, "
                        + "HTTP Activity 4002, Base Event 0, Detection Finding 2004) or parquet (needs -o). --from, --to, "
                        + "--source, --entity and --where narrow the events; --where is a condition over the events "
                        + "columns, checked by the same read-only sandbox as query."},
        footer = {"", "Examples:", "  cloudsift export --format timesketch -o acme.jsonl",
                "  cloudsift export --format ocsf --from 2026-11-03T08:00 --entity 203.0.113.77 -o attacker.ocsf.jsonl",
                "  cloudsift export --format jsonl --source cloudtrail --where \"error_code IS NOT NULL\" --raw > denied.jsonl",
                "  cloudsift export --format parquet -o acme.parquet", "  cloudsift export --format csv > acme.csv"})
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", required = true,
            description = "timesketch, csv, jsonl, ocsf or parquet.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this time (UTC; a date alone is its start).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only events at or before this time (UTC; a date alone is its end).")
    String to;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source (repeatable): cloudtrail, vpcflow, s3access, waf, alb, cloudwatch, config, ...")
    List<String> sources = new ArrayList<>();

    @Option(names = "--entity", paramLabel = "VALUE", description = "Only events touching this IP, key, ARN, account, instance, ENI, bucket or name.")
    String entity;

    @Option(names = "--where", paramLabel = "SQL", description = "Only events for which this SQL condition over the events columns holds, e.g. \"outcome = 'failure'\".")
    String where;

    @Option(names = "--raw", description = "Carry each event's original record beside the normalised fields (timesketch and jsonl: raw; ocsf: raw_data), or say why it is missing.")
    boolean raw;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String kind = format.toLowerCase(Locale.ROOT);
        if (!List.of("timesketch", "csv", "jsonl", "ocsf", "parquet").contains(kind)) {
            throw new UsageException("unknown export format '" + format + "'; choose timesketch, csv, jsonl, ocsf or parquet");
        }
        if (kind.equals("parquet") && output == null) {
            throw new UsageException("--format parquet needs -o FILE");
        }
        if (raw && (kind.equals("csv") || kind.equals("parquet"))) {
            throw new UsageException("--raw works with timesketch, jsonl and ocsf: an original record does not fit a " + kind + " cell");
        }
        ExportFilter filter = filter();
        if (filter.where() != null) {
            // The analyst's condition becomes part of the statement: the sandbox checks that whole statement first.
            try (ReadOnlyQuery sandbox = ReadOnlyQuery.open(caseOption.file(), null)) {
                Connection connection = sandbox.store().connection();
                sandbox.check(EventRows.sql(connection, filter, raw));
                sandbox.check(EventRows.detailedSql(connection, filter, raw));
            } catch (java.sql.SQLException e) {
                // a condition DuckDB cannot parse is the analyst's to fix, like a refused one
                throw new UsageException("--where: " + dev.cloudsift.core.TerminalText.clean(String.valueOf(e.getMessage()), 500));
            }
        }
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file())) {
            TimelineCommand.checkSources(store, filter.sources());
            Connection connection = store.connection();
            if (kind.equals("parquet")) {
                Path target = output.toAbsolutePath();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("COPY (" + EventRows.sql(connection, filter) + "\n) TO '"
                            + target.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
                }
                spec.commandLine().getErr().println("wrote " + target);
                return ExitCodes.OK;
            }
            Writer writer = output == null ? spec.commandLine().getOut()
                    : new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8));
            OriginalRecords originals = raw ? new OriginalRecords(store) : null;
            try {
                switch (kind) {
                    case "timesketch" -> TimesketchWriter.write(connection, writer, filter, originals);
                    case "ocsf" -> OcsfWriter.write(connection, writer, Version.current(), filter, originals);
                    default -> {
                        PrintWriter printer = writer instanceof PrintWriter p ? p : new PrintWriter(writer);
                        boolean terminal = output == null && dev.cloudsift.cli.output.Terminal.stdoutIsTerminal();
                        try (Statement statement = connection.createStatement();
                             ResultSet result = statement.executeQuery(EventRows.sql(connection, filter, raw))) {
                            if (!raw) {
                                new ResultPrinter(kind.equals("csv") ? OutputFormat.CSV : OutputFormat.JSONL, printer, terminal)
                                        .print(result);
                            } else {
                                RawJsonLines.print(result, originals, printer, terminal);
                            }
                        }
                        printer.flush();
                    }
                }
                writer.flush();
            } finally {
                if (output != null) {
                    writer.close();
                }
            }
        }
        return ExitCodes.OK;
    }

    private ExportFilter filter() {
        Instant fromTime = from == null ? null : DisplayOptions.parseTime("--from", from, false);
        Instant toTime = to == null ? null : DisplayOptions.parseTime("--to", to, true);
        EntityMatch match = null;
        if (entity != null) {
            try {
                match = EntityMatch.of(entity);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        List<String> wanted = sources.stream().map(source -> source.strip().toLowerCase(Locale.ROOT)).toList();
        return new ExportFilter(fromTime, toTime, wanted, match, where);
    }
}
