package dev.cloudsift.cli;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.enrich.GeoIpCatalogue;
import dev.cloudsift.store.enrich.GeoIpDatabases;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift enrich}: looks up every public address of an existing case in GeoIP and ASN databases. */
@Command(name = "enrich", mixinStandardHelpOptions = true,
        description = {"Look up country, city, autonomous system and AS organisation of every public source and "
                + "destination address of the case in MaxMind databases, into the case's geoip table.",
                "The events view and each source's view join it (src_country, src_city, src_asn, src_as_org, and "
                        + "dst_* where a source has a destination), for query, hunt, exports and the report. Every "
                        + "address is looked up again and its row replaced: run it with newer databases to refresh the "
                        + "case; the summary says how many rows changed. Private, reserved and redacted addresses and "
                        + "AWS service names are not looked up."},
        footer = {"", "Examples:",
                "  cloudsift enrich --case acme-case --geoip GeoLite2-City.mmdb --asn GeoLite2-ASN.mmdb",
                "  cloudsift enrich --geoip GeoLite2-Country.mmdb --new-only",
                "", "Exit codes: 0 done, 1 error, 2 usage error (no database, a file that is no MaxMind database)."})
public final class EnrichCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    GeoIpOptions geoip;

    @Option(names = "--new-only", description = "Look up only addresses the geoip table does not hold yet.")
    boolean newOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (geoip.files().isEmpty()) {
            throw new UsageException("give --geoip FILE (Country or City database) and/or --asn FILE (ASN database)");
        }
        if (!Files.isRegularFile(caseOption.file().resolve(CaseStore.CATALOGUE))) {
            throw new UsageException("no case at " + caseOption.file());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (GeoIpDatabases databases = geoip.open();
             CaseStore store = CaseStore.open(caseOption.file(), FormatRegistry.load().formats())) {
            GeoIpCatalogue.Result result = new GeoIpCatalogue(store)
                    .run(databases, newOnly ? GeoIpCatalogue.Mode.NEW_ONLY : GeoIpCatalogue.Mode.REPLACE);
            GeoIpReport.print(result, databases, !newOnly, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
