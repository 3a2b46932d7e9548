package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.store.CaseStore;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift query}: read-only SQL over a case. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run read-only SQL (DuckDB dialect) over a case.",
                "The case cannot be changed and no file outside it can be read or written from the query."},
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
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file());
             Statement statement = store.connection().createStatement()) {
            store.confineToCase();
            statement.execute("SET lock_configuration = true");
            try (ResultSet result = statement.executeQuery(sql)) {
                new ResultPrinter(outputFormat, spec.commandLine().getOut()).print(result);
            }
        }
        return ExitCodes.OK;
    }
}
