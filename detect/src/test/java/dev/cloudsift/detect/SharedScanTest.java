package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.detect.pack.BuiltInPack;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules evaluated together in one scan per table, with correlations and finding summaries reading copies of the
 * matched rows, raise exactly the findings of one query per rule over the tables themselves: the whole pack over the
 * example incident and every rule's own test events, every column of every finding compared.
 */
class SharedScanTest {
    @TempDir
    Path folder;

    @Test
    void rulesSharingAScanRaiseTheSameFindingsAsOneQueryPerRule() throws Exception {
        Path root = Path.of(System.getProperty("cloudsift.root", "..")).toAbsolutePath().normalize();
        FormatRegistry registry = FormatRegistry.load();
        List<LoadedRule> rules = RuleLoader.builtIn();
        try (CaseStore store = CaseStore.open(folder.resolve("case"), registry.formats())) {
            new Ingest(store, registry).run(new IngestOptions(List.of(root.resolve("examples/acme-incident"),
                    BuiltInPack.casesRoot()), Map.of(), 1), IngestListener.NONE);

            HuntResult perRule = new Hunt(store.connection()).oneScanPerRule(true).run(rules);
            List<String> expected = findings(store.connection());
            HuntResult shared = new Hunt(store.connection()).run(rules);
            List<String> actual = findings(store.connection());

            assertThat(perRule.failed()).isEmpty();
            assertThat(shared.failed()).isEmpty();
            assertThat(expected).as("findings of the pack over the example and the rule cases").hasSizeGreaterThan(500);
            assertThat(expected).as("correlation and first-seen findings among them")
                    .anyMatch(row -> row.contains(" | correlation | ")).anyMatch(row -> row.contains(" | first_seen | "));
            assertThat(actual).containsExactlyElementsOf(expected);
            assertThat(shared.runs()).extracting(run -> run.rule().reference(), RuleRun::mode, RuleRun::matches)
                    .containsExactlyElementsOf(perRule.runs().stream()
                            .map(run -> org.assertj.core.groups.Tuple.tuple(run.rule().reference(), run.mode(), run.matches()))
                            .toList());
        }
    }

    /** Every column of every finding as text, in finding order. */
    private static List<String> findings(Connection connection) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM findings ORDER BY finding_id")) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
