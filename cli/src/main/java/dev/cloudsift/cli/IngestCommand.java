package dev.cloudsift.cli;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.CaseStoreException;
import dev.cloudsift.store.enrich.GeoIpCatalogue;
import dev.cloudsift.store.enrich.GeoIpDatabases;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.store.ingest.IngestSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift ingest}: read files, folders and archives into a case. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read AWS logs (files, folders, archives) into a case.",
                "Each file is recognised by its content, not its name; folders are read recursively; .gz, .bz2, "
                        + ".zip, .tar and .tar.gz are opened by their magic bytes. Re-ingesting the same files adds "
                        + "nothing; the same record from two acquisitions is stored once."},
        footer = {"",
                "Examples:",
                "  cloudsift ingest ~/cases/acme/s3-sync/",
                "  cloudsift ingest --case acme-case trail-export.zip lookup-events-*.json",
                "  cloudsift ingest --vpcflow-format '${version} ${vpc-id} ${srcaddr} ${dstaddr} ${action}' flows/",
                "",
                "Exit codes: 0 everything read, 3 completed but some input was quarantined, unrecognised or "
                        + "unreadable (see the summary and the quarantine and ingest_files tables), 1 error, 2 usage error."})
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders or archives to read.")
    List<Path> paths;

    @Option(names = "--vpcflow-format", paramLabel = "FORMAT",
            description = "Field layout of VPC flow records that come without a header line (as AWS shows it in the flow log definition).")
    String vpcflowFormat;

    @Mixin
    EvidenceOption evidence;

    @Mixin
    GeoIpOptions geoip;

    @Option(names = "--threads", paramLabel = "N", description = "Parsing threads (default: one per core).")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--timings", description = "Print each phase's wall and CPU seconds on stderr.")
    boolean timings;

    @Option(names = "--summary", paramLabel = "FORMAT", defaultValue = "table",
            description = "Summary as table or json (default: ${DEFAULT-VALUE}).")
    SummaryFormat summaryFormat;

    @Spec
    CommandSpec spec;

    enum SummaryFormat { table, json }

    private java.io.StringWriter geoipLine;

    @Override
    public Integer call() throws Exception {
        Map<String, String> options = new HashMap<>();
        if (vpcflowFormat != null) {
            options.put("vpcflow.format", vpcflowFormat);
        }
        int threadCount = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        if (threadCount < 1) {
            throw new UsageException("--threads must be at least 1");
        }
        for (Path path : paths) {
            // Checked before the case is opened: a mistyped path must not leave an ingest behind in the case.
            if (Files.isSymbolicLink(path) && !Files.exists(path)) {
                throw new UsageException(path + " is a symbolic link to " + Files.readSymbolicLink(path)
                        + ", which does not exist");
            }
            if (Files.notExists(path)) {
                throw new UsageException("no such file or folder: " + path);
            }
        }
        FormatRegistry registry = FormatRegistry.load();
        IngestSummary summary;
        try (GeoIpDatabases databases = geoip.open();
             CaseStore store = CaseStore.open(caseOption.file(), registry.formats())) {
            try (IngestProgress progress = IngestProgress.startIfTerminal(quiet)) {
                PhaseTimings timed = timings ? new PhaseTimings(progress, spec.commandLine().getErr()) : null;
                summary = new Ingest(store, registry).run(new IngestOptions(paths, options, threadCount, evidence.mode()),
                        timed == null ? progress : timed);
                if (timed != null) {
                    timed.end();
                }
            }
            if (databases.any()) {
                // only addresses the case's geoip table does not hold yet; `enrich` looks every one up again
                GeoIpCatalogue.Result located = new GeoIpCatalogue(store).run(databases, GeoIpCatalogue.Mode.NEW_ONLY);
                geoipLine = new java.io.StringWriter();
                GeoIpReport.print(located, databases, false, new PrintWriter(geoipLine, true));
            }
        } catch (SQLException e) {
            CaseStoreException described = WriteFailure.describe(e, caseOption.file());
            throw described != null ? described : e;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (summaryFormat == SummaryFormat.json) {
            IngestReport.printJson(summary, caseOption.file(), out);
        } else {
            IngestReport.printTable(summary, caseOption.file(), out);
        }
        if (geoipLine != null) {
            // beside a JSON summary on standard output, the GeoIP lines go to standard error
            PrintWriter geoipOut = summaryFormat == SummaryFormat.json ? spec.commandLine().getErr() : out;
            geoipOut.print(geoipLine);
            geoipOut.flush();
        }
        out.flush();
        return IngestReport.complete(summary) ? ExitCodes.OK : ExitCodes.INCOMPLETE_INPUT;
    }
}
