package dev.cloudsift.report;

import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.RuleLoader;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.fixture.IncidentFixture;
import dev.cloudsift.investigate.fixture.MmdbWriter;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report of the multi-source incident fixture, ingested through the real readers, hunted with the built-in rules,
 * with a GeoIP database that knows the first attacker's network.
 */
final class IncidentReport {
    private IncidentReport() {}

    /** Ingests and hunts the incident under {@code folder} and writes its report to {@code folder/report.html}. */
    static Path write(Path folder) throws Exception {
        Path caseFolder = IncidentFixture.ingest(folder);
        try (CaseStore store = CaseStore.open(caseFolder, TestCase.formats())) {
            new Hunt(store.connection()).run(RuleLoader.builtIn());
        }
        // a GeoIP database for the first attacker's network, as an analyst would pass with --geoip
        Path database = folder.resolve("test.mmdb");
        MmdbWriter.write(database, new int[] {203, 0, 113}, "ZZ", 64500, "Example Hosting");
        Path report = folder.resolve("report.html");
        try (CaseStore store = CaseStore.openReadOnly(caseFolder);
             GeoIp geo = GeoIp.open(List.of(database));
             Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            new HtmlReport(store.connection(), new ReportOptions(TimeDisplay.UTC, "test", List.of(), List.of(), geo)).write(out);
        }
        return report;
    }
}
