package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.acquire.AwsAccess;
import dev.cloudsift.acquire.Backoff;
import dev.cloudsift.acquire.audit.Assessment;
import dev.cloudsift.acquire.audit.CaseFacts;
import dev.cloudsift.acquire.audit.Facts;
import dev.cloudsift.acquire.audit.Finding;
import dev.cloudsift.acquire.audit.LiveFacts;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code cloudsift audit}: which logs an account keeps, what an incident would leave invisible, and how to close each gap. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Readiness audit: which log sources an account keeps, per region.",
                "Each source (CloudTrail, CloudWatch Logs, agent, Config, S3 access, VPC flow, WAF) is reported "
                        + "on, partial or off, with what a gap leaves invisible, and the AWS CLI command that closes it. "
                        + "Live (read-only calls) or offline from the AWS Config items of a case (--case)."},
        footer = {"",
                "Examples:",
                "  cloudsift audit --profile acme --all-regions",
                "  cloudsift audit --region eu-west-1 --format json",
                "  cloudsift audit --case acme-case",
                "",
                "Exit codes: 0 done (sources AWS would not show are reported as unknown), 1 error (no AWS call "
                        + "succeeded: no credentials, permission or network), 2 usage error."})
public final class AuditCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    @Option(names = {"-c", "--case"}, paramLabel = "DIR",
            description = "Audit offline from the AWS Config items and the sources held in this case; no AWS call.")
    Path caseFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean json = switch (format) {
            case "table" -> false;
            case "json" -> true;
            default -> throw new UsageException("unknown format '" + format + "'; choose table or json");
        };
        PrintWriter out = spec.commandLine().getOut();
        Facts.Account account;
        List<String> warnings = new ArrayList<>();
        List<CaseFacts.CaseSource> held = List.of();
        if (caseFile != null) {
            if (!Files.exists(caseFile)) {
                throw new UsageException("no case at " + caseFile);
            }
            try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
                held = CaseFacts.sources(store.connection());
                boolean hasConfig = store.tableExists("config");
                account = hasConfig ? CaseFacts.gather(store.connection()) : new Facts.Account(null, List.of(), null);
            }
            if (account.regions().isEmpty()) {
                warnings.add("the case holds no AWS Config items of the resource types that describe logging: only its sources are listed");
            }
        } else {
            try (AwsAccess access = aws.access()) {
                LiveFacts live = new LiveFacts(access, Backoff.standard());
                account = live.gather(aws.regions(access));
                warnings.addAll(live.warnings());
            } catch (SdkException e) {
                spec.commandLine().getErr().println("cloudsift audit: AWS: " + TerminalText.clean(String.valueOf(e.getMessage()), 500));
                return ExitCodes.ERROR;
            }
        }
        List<Finding> findings = Assessment.assess(account);
        if (json) {
            printJson(out, findings, warnings, held);
        } else {
            printTable(out, findings, warnings, held);
        }
        out.flush();
        if (caseFile == null && !warnings.isEmpty()
                && findings.stream().allMatch(finding -> finding.status() == Finding.Status.UNKNOWN)) {
            // Nothing answered: no credentials, no permission or no network. That is an error, not a clean audit.
            spec.commandLine().getErr().println("cloudsift audit: no AWS call succeeded; first refusal: "
                    + TerminalText.clean(warnings.get(0), 500));
            return ExitCodes.ERROR;
        }
        return ExitCodes.OK;
    }

    private static void printTable(PrintWriter out, List<Finding> findings, List<String> warnings, List<CaseFacts.CaseSource> held) {
        // A grid first (source x region), so twenty regions fit on a screen; then the details of each cell.
        List<String> sources = findings.stream().map(Finding::source).distinct().toList();
        List<String> regions = findings.stream().map(Finding::region).distinct().toList();
        int sourceWidth = Math.max(6, sources.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder header = new StringBuilder(pad("SOURCE", sourceWidth));
        for (String region : regions) {
            header.append("  ").append(pad(region, Math.max(7, region.length())));
        }
        out.println(header.toString().stripTrailing());
        for (String source : sources) {
            StringBuilder line = new StringBuilder(pad(source, sourceWidth));
            for (String region : regions) {
                String cell = findings.stream().filter(finding -> finding.source().equals(source) && finding.region().equals(region))
                        .map(finding -> finding.status().label()).findFirst().orElse("-");
                line.append("  ").append(pad(cell, Math.max(7, region.length())));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
        out.println("Details:");
        for (Finding finding : findings) {
            if (finding.status() == Finding.Status.UNKNOWN) {
                continue;
            }
            out.println("  " + finding.source() + " " + finding.region() + " " + finding.status().label() + ": "
                    + TerminalText.clean(finding.detail(), 600));
            if (finding.gap() != null) {
                out.println("    GAP: " + TerminalText.clean(finding.gap(), 600));
            }
        }
        List<Finding> withFixes = findings.stream().filter(finding -> !finding.fixes().isEmpty()).toList();
        if (!withFixes.isEmpty()) {
            out.println();
            out.println("To close the gaps (replace LOG-BUCKET, ROLE-ARN and the like):");
            for (Finding finding : withFixes) {
                out.println("  # " + finding.source() + " " + finding.region());
                finding.fixes().forEach(fix -> out.println("  " + TerminalText.clean(fix, 2000)));
            }
        }
        if (!held.isEmpty()) {
            out.println();
            out.println("The case holds:");
            held.forEach(source -> out.println("  " + pad(source.source(), 12) + " " + source.records() + " records, "
                    + source.first() + " to " + source.last()));
        }
        if (!warnings.isEmpty()) {
            out.println();
            out.println("Not seen (reported as unknown):");
            warnings.forEach(warning -> out.println("  " + TerminalText.clean(warning, 500)));
        }
    }

    private static void printJson(PrintWriter out, List<Finding> findings, List<String> warnings, List<CaseFacts.CaseSource> held) throws Exception {
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out)) {
            generator.useDefaultPrettyPrinter();
            generator.writeStartObject();
            generator.writeArrayFieldStart("findings");
            for (Finding finding : findings) {
                generator.writeStartObject();
                generator.writeStringField("source", finding.source());
                generator.writeStringField("region", finding.region());
                generator.writeStringField("status", finding.status().label());
                generator.writeStringField("detail", finding.detail());
                generator.writeStringField("gap", finding.gap());
                generator.writeArrayFieldStart("fixes");
                for (String fix : finding.fixes()) {
                    generator.writeString(fix);
                }
                generator.writeEndArray();
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("case_sources");
            for (CaseFacts.CaseSource source : held) {
                generator.writeStartObject();
                generator.writeStringField("source", source.source());
                generator.writeNumberField("records", source.records());
                generator.writeStringField("first", source.first() == null ? null : source.first().toString());
                generator.writeStringField("last", source.last() == null ? null : source.last().toString());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("warnings");
            for (String warning : warnings) {
                generator.writeString(warning);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        out.println();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
