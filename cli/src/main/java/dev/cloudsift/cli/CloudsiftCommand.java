package dev.cloudsift.cli;

import dev.cloudsift.store.Version;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top command: lists the subcommands. */
@Command(name = "cloudsift",
        mixinStandardHelpOptions = true,
        versionProvider = CloudsiftCommand.VersionProvider.class,
        description = {"Offline incident response over AWS logs.",
                "Ingest CloudTrail, CloudWatch, Config, S3 access, VPC flow, WAF and ELB logs into one case "
                        + "(Parquet tables, DuckDB catalogue), then hunt, query, pivot, find logging gaps and report."},
        footer = {"",
                "Exit codes: 0 done, 1 error, 2 usage error, 3 completed but some input quarantined or "
                        + "unreadable, 4 findings at or above --fail-on.",
                "Set CLOUDSIFT_JAVA_OPTS (e.g. -Xmx1g) to pass options to the JVM."})
public final class CloudsiftCommand implements Runnable {
    /**
     * The subcommands in the order the usage lists them. Not in the annotation: {@link Main} registers only the one a
     * command line names, since building picocli's model of all of them costs about 0.3 CPU s on every start.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(InvestigateCommand.class, IngestCommand.class, HuntCommand.class,
            QueryCommand.class, TimelineCommand.class, EntityCommand.class, ChainCommand.class, SuspectsCommand.class,
            GapsCommand.class, MovementCommand.class, AuditCommand.class, AcquireCommand.class, CompactCommand.class,
            EnrichCommand.class, ReportCommand.class, ExportCommand.class, RulesCommand.class, InfoCommand.class,
            FormatsCommand.class, RawCommand.class, VerifyCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cloudsift " + Version.current()};
        }
    }
}
