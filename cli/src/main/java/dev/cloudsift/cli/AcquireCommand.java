package dev.cloudsift.cli;

import dev.cloudsift.acquire.AcquireRequest;
import dev.cloudsift.acquire.Acquisition;
import dev.cloudsift.acquire.ApiAcquisition;
import dev.cloudsift.acquire.AwsAccess;
import dev.cloudsift.acquire.Manifest;
import dev.cloudsift.acquire.S3Location;
import dev.cloudsift.core.TerminalText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code cloudsift acquire}: download the logs of a time window from a live account, with a chain-of-custody manifest. */
@Command(name = "acquire", mixinStandardHelpOptions = true,
        description = {"Download what exists for a time window into a folder 'cloudsift ingest' reads.",
                "It fetches S3 log prefixes (CloudTrail, VPC flow, S3 access, WAF, ALB, Config, CloudWatch "
                        + "exports), CloudTrail Event history (LookupEvents), CloudWatch Logs events, EC2 metrics and "
                        + "Config resource history. manifest.jsonl lists every file with its origin, fetch time, size, ETag"
                        + " and SHA-256. Running again resumes: verified files are not fetched twice."},
        footer = {"",
                "Examples:",
                "  cloudsift acquire --from 2024-03-01 --to 2024-03-08 -o evidence/ \\",
                "      --s3 s3://acme-trail/AWSLogs/",
                "  cloudsift acquire --from 2024-03-01T00:00:00Z --to 2024-03-02T00:00:00Z \\",
                "      -o evidence/ --discover --all-regions",
                "  cloudsift acquire --from 2024-03-01 --to 2024-03-02 -o evidence/ \\",
                "      --log-group /var/log/secure --metric NetworkOut --instance i-0abc \\",
                "      --config-resource AWS::EC2::SecurityGroup",
                "",
                "Exit codes: 0 everything fetched, 3 done but some calls or files failed (listed on stderr), 1 "
                        + "error, 2 usage error."})
public final class AcquireCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder to write into (created; re-use it to resume).")
    Path output;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start of the window, ISO-8601 (2024-03-01 or 2024-03-01T10:00:00Z).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the window, ISO-8601; a date means the end of that day.")
    String to;

    @Option(names = "--s3", paramLabel = "s3://BUCKET/PREFIX", description = "S3 prefix of AWS logs to download; repeatable.")
    List<String> s3 = new ArrayList<>();

    @Option(names = "--discover", description = "Also download the S3 prefixes the audit finds (trail buckets, flow log, access log and WAF destinations).")
    boolean discover;

    @Option(names = "--no-lookup-events", negatable = false, description = "Skip CloudTrail LookupEvents (done by default in every region).")
    boolean noLookupEvents;

    @Option(names = "--log-group", paramLabel = "NAME", description = "CloudWatch Logs group to download with FilterLogEvents; repeatable.")
    List<String> logGroups = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "NAME", description = "AWS/EC2 metric (e.g. NetworkOut) for every --instance; repeatable.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--instance", paramLabel = "ID", description = "EC2 instance id for --metric; repeatable.")
    List<String> instances = new ArrayList<>();

    @Option(names = "--config-resource", paramLabel = "TYPE[:ID]", description = "Config history of one resource (AWS::EC2::SecurityGroup:sg-...) or every resource of a type; repeatable.")
    List<String> configResources = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Parallel S3 downloads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--dry-run", description = "List what would be fetched and its size; write nothing.")
    boolean dryRun;

    @Option(names = "--max-files", paramLabel = "N", hidden = true, description = "Stop after N S3 downloads (resume later).")
    Integer maxFiles;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant start = time(from, "--from", false);
        Instant end = time(to, "--to", true);
        if (!start.isBefore(end)) {
            throw new UsageException("--from must be before --to");
        }
        if (threads < 1 || threads > 64) {
            throw new UsageException("--threads must be between 1 and 64");
        }
        if (metrics.isEmpty() != instances.isEmpty()) {
            throw new UsageException("--metric and --instance go together");
        }
        List<S3Location> locations = new ArrayList<>();
        for (String location : s3) {
            try {
                locations.add(S3Location.parse(location));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--s3: " + e.getMessage());
            }
        }
        List<ApiAcquisition.MetricRequest> metricRequests = new ArrayList<>();
        for (String instance : instances) {
            for (String metric : metrics) {
                metricRequests.add(new ApiAcquisition.MetricRequest(metric, instance));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AwsAccess access = aws.access()) {
            AcquireRequest request = new AcquireRequest(output, start, end, aws.regions(access), locations, discover, !noLookupEvents,
                    logGroups, metricRequests, configResources, threads, dryRun, maxFiles == null ? Integer.MAX_VALUE : maxFiles);
            Acquisition.Outcome outcome = new Acquisition(access, Thread::sleep).run(request, out);
            if (!dryRun) {
                out.println((outcome.stoppedEarly() ? "Stopped early (run again to resume): " : "Done: ") + outcome.files()
                        + " files, " + outcome.bytes() + " bytes in " + output + " (" + Manifest.FILE + ", " + Manifest.SUMMARY + ")");
            }
            for (String failure : outcome.failures()) {
                spec.commandLine().getErr().println("cloudsift acquire: failed: " + TerminalText.clean(failure, 500));
            }
            out.flush();
            return outcome.failures().isEmpty() && !outcome.stoppedEarly() ? ExitCodes.OK : ExitCodes.INCOMPLETE_INPUT;
        } catch (SdkException e) {
            spec.commandLine().getErr().println("cloudsift acquire: AWS: " + TerminalText.clean(String.valueOf(e.getMessage()), 500));
            return ExitCodes.ERROR;
        }
    }

    static Instant time(String text, String option, boolean endOfDay) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new UsageException(option + ": expected an ISO-8601 date or time such as 2024-03-01 or 2024-03-01T10:00:00Z, got '"
                    + TerminalText.clean(text, 60) + "'");
        }
    }
}
