package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.enrich.MetricSpike;
import dev.cloudsift.store.enrich.MetricSpikes;
import dev.cloudsift.store.CaseStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CloudWatch Logs and metrics files through the real ingest into a DuckDB case: counts reconcile, keys dedupe. */
class CloudWatchIngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    @Test
    void reconcilesCountsSkipsControlMessagesAndStoresACloudTrailCopyOnce() throws Exception {
        List<String> trail = TrailFiles.records(3, 0);
        Path logs = folder.resolve("logs");
        TrailFiles.writeTrailFile(logs, "AAAA", trail);
        String copy = trail.get(1).replace("\\", "\\\\").replace("\"", "\\\"");
        String payloads = payload("CONTROL_MESSAGE", "", "CWL CONTROL MESSAGE: Checking health of destination Firehose.")
                + payload("DATA_MESSAGE", "09339060933514927038519362951239234886333183758075180337",
                        "Nov  4 09:15:31 ip-198-51-100-10 sshd[2211]: Invalid user admin from 203.0.113.45 port 51514")
                + payload("DATA_MESSAGE", "09339060933514927038519362951239234886333183758075180338", copy)
                + "{\"messageType\":\"DATA_MESSAGE_V2\",\"logEvents\":[]}";
        Path firehose = logs.resolve("firehose/2025/11/04/09/to-s3-1-2025-11-04-09-15-00-abc");
        Files.createDirectories(firehose.getParent());
        Files.write(firehose, gzip(gzip(payloads.getBytes(StandardCharsets.UTF_8))));
        Path caseFile = folder.resolve("case");

        IngestSummary summary;
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            summary = new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(logs)), IngestListener.NONE);
        }

        for (FileResult file : summary.files()) {
            assertThat(file.read()).as(file.path()).isEqualTo(file.stored() + file.duplicates() + file.quarantined());
        }
        FileResult cloudwatch = summary.files().stream().filter(file -> file.path().contains("firehose")).findFirst()
                .orElseThrow();
        assertThat(cloudwatch.format()).isEqualTo("cloudwatch.subscription");
        assertThat(cloudwatch.read()).isEqualTo(3);
        assertThat(cloudwatch.quarantined()).isEqualTo(1);
        assertThat(cloudwatch.skipped()).isEqualTo(1);
        assertThat(cloudwatch.skippedReasons()).containsEntry("control message", 1L);
        // The CloudTrail record reached the case twice (trail file and CloudWatch copy) and is kept once.
        assertThat(summary.files().stream().mapToLong(FileResult::duplicates).sum()).isEqualTo(1);
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            assertThat(store.scalarLong("SELECT count(*) FROM cloudtrail")).isEqualTo(3);
            assertThat(store.scalarLong("SELECT count(*) FROM events WHERE source = 'cloudwatch' AND action = 'ssh_invalid_user'"
                    + " AND src_ip = '203.0.113.45' AND resource = 'i-0123456789abcdef0'")).isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM cloudwatch WHERE parsed->>'$.user' = 'admin'")).isEqualTo(1);
            assertThat(store.scalarLong("SELECT count(*) FROM quarantine WHERE reason LIKE 'unknown messageType%'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void findsSpikesInTheStoredMetricsTable() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double value = i == 20 ? 5.0e9 : 40_000 + i * 100;
            lines.add("{\"metric_stream_name\":\"ir\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                    + "\"namespace\":\"AWS/EC2\",\"metric_name\":\"NetworkOut\",\"dimensions\":{\"InstanceId\":"
                    + "\"i-0123456789abcdef0\"},\"timestamp\":" + (1762214400000L + i * 300_000L) + ",\"value\":{\"max\":"
                    + value + ",\"min\":" + value + ",\"sum\":" + value + ",\"count\":1.0},\"unit\":\"Bytes\"}");
        }
        Path stream = folder.resolve("metrics/ir-1-2025-11-04-00-00-00-abc");
        Files.createDirectories(stream.getParent());
        Files.write(stream, lines, StandardCharsets.UTF_8);
        Path caseFile = folder.resolve("case");

        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(stream)), IngestListener.NONE);
            List<MetricSpike> spikes = MetricSpikes.find(store.connection());

            assertThat(spikes).singleElement().satisfies(spike -> {
                assertThat(spike.resource()).isEqualTo("i-0123456789abcdef0");
                assertThat(spike.toEvent().action()).isEqualTo("NetworkOut spike");
                assertThat(spike.bytes()).isEqualTo(5_000_000_000L);
            });
        }
    }

    @Test
    void putsSpikesOnTheTimelineAfterEveryIngestWithoutPilingThemUp() throws Exception {
        Path stream = folder.resolve("metrics/ir-1-2025-11-04-00-00-00-abc");
        Files.createDirectories(stream.getParent());
        Files.write(stream, networkOut(30, 20, 0), StandardCharsets.UTF_8);
        Path later = folder.resolve("metrics/ir-1-2025-11-05-00-00-00-def");
        Path caseFile = folder.resolve("case");

        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(stream)), IngestListener.NONE);
            Files.write(later, networkOut(30, 25, 30), StandardCharsets.UTF_8);
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(later)), IngestListener.NONE);

            assertThat(store.scalarLong("SELECT count(*) FROM events WHERE source = 'metrics'"
                    + " AND action = 'NetworkOut spike' AND resource = 'i-0123456789abcdef0' AND bytes = 5000000000"))
                    .isEqualTo(2);
            assertThat(store.scalarLong("SELECT count(*) FROM events e JOIN metric_spikes s USING (row_id)"))
                    .isEqualTo(2);
            assertThat(store.scalarLong("SELECT count(*) - count(DISTINCT row_id) FROM events")).isZero();
            assertThat(store.scalarLong("SELECT count(*) FROM metrics WHERE row_id IN (SELECT row_id FROM events"
                    + " WHERE source = 'metrics')")).isZero();
        }
    }

    /** A NetworkOut series of {@code count} points from point {@code first} on, with a burst at {@code burst}. */
    private static List<String> networkOut(int count, int burst, int first) {
        List<String> lines = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            double value = i == first + burst ? 5.0e9 : 40_000 + (i % 7) * 100;
            lines.add("{\"metric_stream_name\":\"ir\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                    + "\"namespace\":\"AWS/EC2\",\"metric_name\":\"NetworkOut\",\"dimensions\":{\"InstanceId\":"
                    + "\"i-0123456789abcdef0\"},\"timestamp\":" + (1762214400000L + i * 300_000L) + ",\"value\":{\"max\":"
                    + value + ",\"min\":" + value + ",\"sum\":" + value + ",\"count\":1.0},\"unit\":\"Bytes\"}");
        }
        return lines;
    }

    private static String payload(String type, String id, String message) {
        return "{\"messageType\":\"" + type + "\",\"owner\":\"111122223333\",\"logGroup\":\"/aws/ec2/secure\","
                + "\"logStream\":\"i-0123456789abcdef0\",\"subscriptionFilters\":[\"to-firehose\"],\"logEvents\":[{\"id\":\""
                + id + "\",\"timestamp\":1762247731000,\"message\":\"" + message + "\"}]}";
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
