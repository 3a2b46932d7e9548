package dev.cloudsift.cli;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.report.HtmlReport;
import dev.cloudsift.report.ReportFile;
import dev.cloudsift.report.ReportOptions;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Version;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift report}: the HTML report of a case as it stands. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the self-contained HTML report of a case (opens offline; nothing is fetched).",
        footer = {"", "Example:", "  cloudsift report --case acme-case -o acme.html --timezone Europe/Berlin"})
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "cloudsift-report.html",
            description = "Where to write it. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--public-key", paramLabel = "FILE", description = "CloudTrail public keys for digest signatures (repeatable).")
    List<Path> publicKeys = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var time = display.time();
        List<PublicKey> keys = PublicKeys.load(publicKeys);
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file()); GeoIp geo = display.geo(store)) {
            ReportOptions options = new ReportOptions(time, Version.current(), List.of(), keys, geo);
            ReportFile.write(output, writer -> new HtmlReport(store.connection(), options).write(writer));
        }
        spec.commandLine().getOut().println("wrote " + output);
        return ExitCodes.OK;
    }
}
