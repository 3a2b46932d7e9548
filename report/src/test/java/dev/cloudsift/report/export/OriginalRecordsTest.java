package dev.cloudsift.report.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.Json;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginalRecordsTest {
    private static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes"
            + " start end action log-status";

    @TempDir
    Path folder;

    @Test
    void timesketchRawIsEachFlowRecordsLineFromItsGzipEvenWhenTwoFilesInterleaveInTime() throws Exception {
        // two files whose records alternate in time, so the export reads them turn about
        List<String> first = flows(0, 40);
        List<String> second = flows(1, 40);
        gzip("111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0930Z_a.log.gz", first);
        gzip("111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0930Z_b.log.gz", second);
        Path caseFile = ingest(EvidenceMode.COPY);

        List<JsonNode> lines = timesketch(caseFile);

        List<String> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertThat(lines).hasSize(80).allSatisfy(line -> assertThat(line.has("raw_missing")).as(line.toString()).isFalse());
        assertThat(lines).extracting(line -> line.path("raw").asText()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(lines.get(0).path("raw").asText()).isEqualTo(first.get(0));
        assertThat(lines.get(1).path("raw").asText()).isEqualTo(second.get(0));
        // the pointer's columns serve the lookup; they are no event fields
        assertThat(lines.get(0).has("evidence_sha256")).isFalse();
    }

    @Test
    void aReferencedOriginalChangedSinceIngestGivesEveryRecordTheReasonAndTheExportGoesOn() throws Exception {
        Path input = gzip("111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0930Z_a.log.gz", flows(0, 3));
        Path caseFile = ingest(EvidenceMode.REFERENCE);
        gzip(input.getFileName().toString(), flows(0, 4));

        List<JsonNode> lines = timesketch(caseFile);

        assertThat(lines).hasSize(3).allSatisfy(line -> {
            assertThat(line.has("raw")).isFalse();
            assertThat(line.path("raw_missing").asText()).startsWith("original record gone: the referenced original")
                    .contains("has changed since it was ingested");
        });
    }

    @Test
    void aDeletedReferencedOriginalIsNamedAsMissing() throws Exception {
        Path input = gzip("111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0930Z_a.log.gz", flows(0, 2));
        Path caseFile = ingest(EvidenceMode.REFERENCE);
        Files.delete(input);

        assertThat(timesketch(caseFile)).hasSize(2).allSatisfy(line ->
                assertThat(line.path("raw_missing").asText()).startsWith("original record gone").contains("is missing"));
    }

    private static List<String> flows(int parity, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = 1762248600L + 2L * i + parity;
            lines.add("2 111122223333 eni-0a1b2c3d 10.0.0." + (parity + 1) + " 10.0.1.9 " + (40000 + i) + " 443 6 3 180 "
                    + start + " " + (start + 30) + " ACCEPT OK");
        }
        return lines;
    }

    private Path gzip(String name, List<String> lines) throws Exception {
        Path file = folder.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((HEADER + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private Path ingest(EvidenceMode mode) throws Exception {
        Path caseFile = folder.resolve("case.duckdb");
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(caseFile, registry.formats())) {
            new Ingest(store, registry).run(new IngestOptions(List.of(folder.resolve("in")), Map.of(), 1, mode),
                    IngestListener.NONE);
        }
        return caseFile;
    }

    private static List<JsonNode> timesketch(Path caseFile) throws Exception {
        StringWriter out = new StringWriter();
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            TimesketchWriter.write(store.connection(), out, ExportFilter.ALL, new OriginalRecords(store));
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }
}
