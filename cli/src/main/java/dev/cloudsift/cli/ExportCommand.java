package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.report.export.EventRows;
import dev.cloudsift.report.export.OcsfWriter;
import dev.cloudsift.report.export.TimesketchWriter;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Version;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift export}: every event, for other tools. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export every event for other tools (Timesketch, CSV, JSONL, OCSF, Parquet).",
                "Time order, times in UTC: timesketch (JSONL with message, datetime and timestamp_desc), csv "
                        + "(formula-looking cells neutralised), jsonl, ocsf (OCSF 1.1 JSON lines: API Activity 6003, "
                        + "Network Activity 4001, HTTP Activity 4002, Base Event 0) or parquet (needs -o)."},
        footer = {"", "Examples:", "  cloudsift export --format timesketch -o acme.jsonl",
                "  cloudsift export --format parquet -o acme.parquet", "  cloudsift export --format csv > acme.csv"})
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", required = true,
            description = "timesketch, csv, jsonl, ocsf or parquet.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String kind = format.toLowerCase(Locale.ROOT);
        if (!java.util.List.of("timesketch", "csv", "jsonl", "ocsf", "parquet").contains(kind)) {
            throw new UsageException("unknown export format '" + format + "'; choose timesketch, csv, jsonl, ocsf or parquet");
        }
        if (kind.equals("parquet") && output == null) {
            throw new UsageException("--format parquet needs -o FILE");
        }
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file())) {
            if (kind.equals("parquet")) {
                Path target = output.toAbsolutePath();
                try (Statement statement = store.connection().createStatement()) {
                    statement.execute("COPY (" + EventRows.sql(store.connection()) + ") TO '"
                            + target.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
                }
                spec.commandLine().getErr().println("wrote " + target);
                return ExitCodes.OK;
            }
            Writer writer = output == null ? spec.commandLine().getOut()
                    : new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8));
            try {
                switch (kind) {
                    case "timesketch" -> TimesketchWriter.write(store.connection(), writer);
                    case "ocsf" -> OcsfWriter.write(store.connection(), writer, Version.current());
                    default -> {
                        PrintWriter printer = writer instanceof PrintWriter p ? p : new PrintWriter(writer);
                        try (Statement statement = store.connection().createStatement();
                             ResultSet result = statement.executeQuery(EventRows.sql(store.connection()))) {
                            new ResultPrinter(kind.equals("csv") ? OutputFormat.CSV : OutputFormat.JSONL, printer,
                                    output == null && dev.cloudsift.cli.output.Terminal.stdoutIsTerminal()).print(result);
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
}
