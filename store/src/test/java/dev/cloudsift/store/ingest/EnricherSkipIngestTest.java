package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enricher whose tables got no new part is skipped when every enricher ran to the end after the previous ingest,
 * and runs again when they did not (a run cut off or failed, or a case without the mark).
 */
class EnricherSkipIngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();
    private static final String STREAM = "exportedlogs/367b6cca-64a6-1653-82ce-265dae29b154/i-0123456789abcdef0/var/log/secure/";
    private static final String LINE = "2026-10-04T01:09:4%d.309Z Oct 04 01:09:4%d ip-10-0-1-23 sshd[8522]: Invalid user admin from 203.0.113.45 port 36507";

    @TempDir
    Path folder;

    @Test
    void configChangesAreNotRebuiltForLogsThatHoldNoConfigItemUnlessThePreviousEnrichmentWasCutOff() throws Exception {
        Path caseFolder = folder.resolve("case");
        ingest(caseFolder, logs(1));
        markConfigChanges(caseFolder);

        ingest(caseFolder, logs(2));

        assertThat(configChanges(caseFolder)).as("CloudWatch logs change no Config change: not rebuilt").isEqualTo(1);

        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats());
             Statement statement = store.connection().createStatement()) {
            // as if the last ingest had been killed before its enrichers ended
            statement.execute("DELETE FROM meta WHERE key = '" + Ingest.ENRICHED + "'");
        }
        ingest(caseFolder, logs(3));

        assertThat(configChanges(caseFolder)).as("rebuilt from the Config items (none)").isZero();
        markConfigChanges(caseFolder);

        ingest(caseFolder, logs(3));

        assertThat(configChanges(caseFolder)).as("a re-ingest that adds nothing rebuilds nothing").isEqualTo(1);
    }

    private void markConfigChanges(Path caseFolder) throws Exception {
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats());
             Statement statement = store.connection().createStatement()) {
            statement.execute("INSERT INTO config_changes (resource_type, resource_id) VALUES ('AWS::EC2::SecurityGroup', 'sg-marker')");
        }
    }

    private static long configChanges(Path caseFolder) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            return store.scalarLong("SELECT count(*) FROM config_changes");
        }
    }

    private Path logs(int n) throws IOException {
        Path logs = folder.resolve("logs" + n);
        Path file = logs.resolve(STREAM + "00000" + n + ".gz");
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((LINE.formatted(n, n) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return logs;
    }

    private static void ingest(Path caseFolder, Path logs) throws Exception {
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            IngestSummary summary = new Ingest(store, REGISTRY).run(new IngestOptions(List.of(logs), Map.of(), 1), IngestListener.NONE);
            assertThat(summary.warnings()).isEmpty();
        }
    }
}
