package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.cli.output.Terminal;
import dev.cloudsift.store.PartLayout;
import dev.cloudsift.store.ReadOnlyQuery;
import java.sql.ResultSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift query}: read-only SQL over a case. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL statement (DuckDB dialect) over a case.",
                "Only reads run: SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN of one. COPY, ATTACH, "
                        + "INSTALL, LOAD, SET, PRAGMA, CREATE and the like are refused before they run (exit 2); no file "
                        + "outside the case is read or written and no extension is loaded. Rows are printed as they are "
                        + "read."},
        footer = {"", "Examples:",
                "  cloudsift query \"SELECT event_name, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC LIMIT 20\"",
                "  cloudsift query --format csv \"SELECT * FROM events WHERE src_ip = '203.0.113.45'\" > ip.csv",
                "  cloudsift query \"SELECT path, status, error FROM ingest_files WHERE status <> 'ok'\""})
public final class QueryCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Parameters(index = "0", paramLabel = "SQL", description = "The query.")
    String sql;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or jsonl (default: ${DEFAULT-VALUE}). CSV cells that look like formulas are neutralised.")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat outputFormat = OutputFormats.parse(format);
        // The views read the case's Parquet parts, so file readers may read its tables/ folder and nothing else
        // (not the catalogue, not the evidence).
        try (ReadOnlyQuery query = ReadOnlyQuery.open(caseOption.file(), caseOption.file().resolve(PartLayout.TABLES));
             ResultSet result = query.execute(sql)) {
            new ResultPrinter(outputFormat, spec.commandLine().getOut(), Terminal.stdoutIsTerminal()).print(result);
        }
        return ExitCodes.OK;
    }
}
