package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift info}: what a case holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show what a case holds: ingests, files by status, records per source with time range, accounts and regions, tables.",
        footer = {"", "Example:", "  cloudsift info --case acme-case"})
public final class InfoCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file());
             Statement statement = store.connection().createStatement()) {
            out.println("Case " + caseOption.file() + " (schema " + store.meta("schema_version") + ", created "
                    + store.meta("created_at") + " by " + store.meta("created_by") + ")");
            out.println();
            section(out, statement, "Ingests", """
                    SELECT ingest_id, started_at, files, records_read, stored, duplicates, quarantined, skipped
                    FROM ingests ORDER BY ingest_id""");
            section(out, statement, "Files by status", """
                    SELECT status, coalesce(format, '-') AS format, count(*) AS files, sum(records_read) AS read,
                           sum(stored) AS stored, sum(duplicates) AS duplicates, sum(quarantined) AS quarantined
                    FROM ingest_files GROUP BY ALL ORDER BY status, format""");
            section(out, statement, "Events by source", """
                    SELECT source, count(*) AS records, min(event_time) AS first_event, max(event_time) AS last_event,
                           count(DISTINCT account_id) AS accounts, count(DISTINCT region) AS regions,
                           string_agg(DISTINCT account_id, ',' ORDER BY account_id) AS account_ids
                    FROM events GROUP BY source ORDER BY source""");
            section(out, statement, "Tables", exactCounts(store));
        }
        return ExitCodes.OK;
    }

    /** Row counts per table; DuckDB's estimates go stale after the dedupe's deletes, so count exactly. */
    private static String exactCounts(CaseStore store) throws java.sql.SQLException {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String table : store.listTables()) {
            parts.add("SELECT '" + table.replace("'", "''") + "' AS \"table\", count(*) AS rows FROM \"" + table.replace("\"", "\"\"") + "\"");
        }
        return String.join(" UNION ALL ", parts) + " ORDER BY 1";
    }

    private static void section(PrintWriter out, Statement statement, String title, String sql) throws Exception {
        out.println(title + ":");
        try (ResultSet result = statement.executeQuery(sql)) {
            new ResultPrinter(OutputFormat.TABLE, out).print(result);
        }
        out.println();
    }
}
