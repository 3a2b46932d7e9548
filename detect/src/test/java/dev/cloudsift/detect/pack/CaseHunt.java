package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.HuntResult;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.enrich.GeoIpCatalogue;
import dev.cloudsift.store.enrich.GeoIpDatabases;
import dev.cloudsift.testdata.MaxMindTestDatabases;
import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.store.ingest.IngestSummary;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Ingests native log files into a fresh DuckDB case through the real readers and hunts it with real rules. */
final class CaseHunt {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    private CaseHunt() {}

    /** One row of the findings table, as far as these tests look at it. */
    record Finding(String ruleId, String title, String tags, String principal) {
        Finding {
            Objects.requireNonNull(ruleId, "ruleId");
        }

        boolean taggedWith(String technique) {
            String tag = "attack." + technique.toLowerCase(java.util.Locale.ROOT);
            return tags != null && tags.contains("\"" + tag + "\"");
        }
    }

    /**
     * Ingests {@code inputs} into {@code folder/case}, checks every record parsed cleanly, then hunts with
     * {@code rules} and returns the findings.
     */
    static List<Finding> run(Path folder, List<Path> inputs, List<LoadedRule> rules) throws Exception {
        return run(folder, inputs, rules, false);
    }

    /**
     * As {@link #run(Path, List, List)}; with {@code geoip}, the case's addresses are first looked up in MaxMind's
     * test Country and ASN databases, as {@code ingest --geoip --asn} does.
     */
    static List<Finding> run(Path folder, List<Path> inputs, List<LoadedRule> rules, boolean geoip) throws Exception {
        Path caseFile = folder.resolve("case");
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            IngestSummary summary = new Ingest(store, REGISTRY).run(new IngestOptions(inputs, Map.of(), 1),
                    IngestListener.NONE);
            if (geoip) {
                try (GeoIpDatabases databases = GeoIpDatabases.open(List.of(
                        MaxMindTestDatabases.copy(MaxMindTestDatabases.COUNTRY, folder.resolve("geoip")),
                        MaxMindTestDatabases.copy(MaxMindTestDatabases.ASN, folder.resolve("geoip"))))) {
                    new GeoIpCatalogue(store).run(databases, GeoIpCatalogue.Mode.NEW_ONLY);
                }
            }
            for (FileResult file : summary.files()) {
                assertThat(file.format()).as("no reader claimed %s (%s)", file.path(), file.error()).isNotNull();
                assertThat(file.quarantined()).as("records of %s quarantined by %s", file.path(), file.format())
                        .isZero();
                assertThat(file.stored() + file.duplicates() + file.skipped()).as("records stored from %s", file.path()).isPositive();
            }
            HuntResult result = new Hunt(store.connection()).run(rules);
            assertThat(result.failed()).as("rules that failed to run").isEmpty();
            List<Finding> findings = new ArrayList<>();
            try (Statement statement = store.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT rule_id, title, CAST(tags AS VARCHAR), principal FROM findings")) {
                while (rows.next()) {
                    findings.add(new Finding(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
            return findings;
        }
    }
}
