package dev.cloudsift.acquire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAcquisitionTest {
    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    static final Instant FROM = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2024-03-02T00:00:00Z");

    @TempDir
    Path temporary;

    private static ReplayServerAccess replay() throws Exception {
        return ReplayServerAccess.start()
                .answer("LookupEvents", 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")
                .answer("LookupEvents", "lookup-events-1.json")
                .answer("LookupEvents", "lookup-events-2.json")
                .answer("FilterLogEvents", "filter-log-events-1.json")
                .answer("FilterLogEvents", "filter-log-events-2.json")
                .answer("ListDiscoveredResources", "list-discovered-resources.json")
                .answer("GetResourceConfigHistory", "get-resource-config-history.json")
                .answer("GetCallerIdentity", "get-caller-identity.xml");
    }

    private static AcquireRequest request(Path output) {
        return new AcquireRequest(output, FROM, TO, List.of("us-east-1"), List.of(), false, true, List.of("/var/log/secure"),
                List.of(), List.of("AWS::EC2::SecurityGroup"), 2, false, Integer.MAX_VALUE);
    }

    @Test
    void retriesAThrottledLookupWithBackoffAndWritesEveryPageInTheLookupShape() throws Exception {
        Path output = temporary.resolve("out");
        List<Long> sleeps = new ArrayList<>();
        StringWriter log = new StringWriter();
        try (ReplayServerAccess replay = replay()) {
            Acquisition.Outcome outcome = new Acquisition(replay.access(), sleeps::add).run(request(output), new PrintWriter(log, true));

            assertThat(outcome.failures()).isEmpty();
            List<ReplayServer.Request> lookups = replay.server().requests("LookupEvents");
            assertThat(lookups).hasSize(3);
            assertThat(lookups.get(1).body()).doesNotContain("NextToken");
            assertThat(lookups.get(2).body()).contains("\"NextToken\":\"lookup-page-2\"");
            assertThat(lookups.get(2).body()).contains("\"StartTime\":1709251200.000,\"EndTime\":1709337600.000");
            assertThat(replay.server().requests("FilterLogEvents").get(1).body()).contains("logs-page-2");
        }
        // One backoff (the throttle; at least half of the 500 ms base) and the 2-per-second pacing between lookups.
        assertThat(sleeps).anySatisfy(millis -> assertThat(millis).isBetween(250L, 500L));
        assertThat(log.toString()).contains("LookupEvents us-east-1: 3 events", "FilterLogEvents /var/log/secure us-east-1: 2 events",
                "GetResourceConfigHistory AWS::EC2::SecurityGroup us-east-1: 1 configuration items");

        String firstPage = Files.readString(output.resolve("cloudtrail-lookup/us-east-1/lookup-events-00001.json"));
        assertThat(firstPage).startsWith("{\"Events\":[{\"EventId\":\"lookup-event-1\",\"EventName\":\"CreateUser\"")
                .contains("\"EventTime\":\"2024-03-01T10:00:00Z\"").contains("\"NextToken\":\"lookup-page-2\"");
        assertThat(output.resolve("cloudtrail-lookup/us-east-1/lookup-events-00002.json")).exists();
        assertThat(Files.readString(output.resolve("cloudwatch-logs/us-east-1/_var_log_secure/filter-log-events-00001.json")))
                .startsWith("{\"events\":[{\"logStreamName\":\"i-0abc/secure\",\"timestamp\":1709287200000,");
        List<Manifest.Entry> entries = Manifest.read(output);
        assertThat(entries).extracting(Manifest.Entry::source).containsExactlyInAnyOrder("cloudtrail:LookupEvents",
                "cloudtrail:LookupEvents", "logs:FilterLogEvents", "logs:FilterLogEvents", "config:GetResourceConfigHistory");
        for (Manifest.Entry entry : entries) {
            assertThat(Manifest.sha256(output.resolve(entry.path()))).isEqualTo(entry.sha256());
        }
    }

    @Test
    void apiPagesIngestIntoACase() throws Exception {
        Path output = temporary.resolve("out");
        try (ReplayServerAccess replay = replay()) {
            new Acquisition(replay.access(), millis -> { }).run(request(output), new PrintWriter(new StringWriter()));
        }
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(temporary.resolve("case"), registry.formats())) {
            new Ingest(store, registry).run(IngestOptions.of(List.of(output.resolve("cloudtrail-lookup"), output.resolve("config-history"),
                    output.resolve("cloudwatch-logs"))), IngestListener.NONE);
            try (Statement statement = store.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT (SELECT string_agg(event_id, ',' ORDER BY event_id) FROM events "
                         + "WHERE source = 'cloudtrail'), (SELECT resource_id FROM config), (SELECT count(*) FROM quarantine), "
                         + "(SELECT count(*) FROM events WHERE source = 'cloudwatch')")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("lookup-event-1,lookup-event-2,lookup-event-3");
                assertThat(rows.getString(2)).isEqualTo("sg-0123456789abcdef0");
                assertThat(rows.getLong(3)).isZero();
                assertThat(rows.getLong(4)).isEqualTo(2);
            }
        }
    }

    @Test
    void credentialsAppearInNoFileNorInTheLog() throws Exception {
        Path output = temporary.resolve("out");
        StringWriter log = new StringWriter();
        try (ReplayServerAccess replay = replay()) {
            new Acquisition(replay.access(), millis -> { }).run(request(output), new PrintWriter(log, true));
            // The requests did carry them (signed with the access key): the test would see a leak.
            assertThat(replay.server().requests().get(0).headers().toString()).contains(ReplayServerAccess.ACCESS_KEY);
        }
        assertThat(log.toString()).doesNotContain(ReplayServerAccess.ACCESS_KEY).doesNotContain(ReplayServerAccess.SECRET_KEY);
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(ReplayServerAccess.ACCESS_KEY)
                        .doesNotContain(ReplayServerAccess.SECRET_KEY);
            }
        }
        assertThat(Files.readString(output.resolve(Manifest.SUMMARY))).contains("\"caller_account\" : \"111122223333\"",
                "\"caller_arn\" : \"arn:aws:sts::111122223333:assumed-role/IncidentResponder/analyst\"", "\"window_from\" : \"2024-03-01T00:00:00Z\"");
    }

    @Test
    void fetchesMetricsOfNamedInstancesInPages() throws Exception {
        Path output = temporary.resolve("out");
        try (ReplayServerAccess replay = ReplayServerAccess.start()
                .answer("GetMetricData", "{\"MetricDataResults\":[{\"Id\":\"m0\",\"Label\":\"i-0123456789abcdef0 NetworkOut\","
                        + "\"Timestamps\":[1709287200,1709287500],\"Values\":[123456.0,7890.0],\"StatusCode\":\"PartialData\"}],"
                        + "\"NextToken\":\"metrics-page-2\",\"Messages\":[]}")
                .answer("GetMetricData", "{\"MetricDataResults\":[{\"Id\":\"m0\",\"Label\":\"i-0123456789abcdef0 NetworkOut\","
                        + "\"Timestamps\":[1709287800],\"Values\":[5.0],\"StatusCode\":\"Complete\"}],\"Messages\":[]}")) {
            Manifest manifest = Manifest.open(output);
            int points = new ApiAcquisition(replay.access(), manifest, FROM, TO, millis -> { })
                    .metrics("us-east-1", List.of(new ApiAcquisition.MetricRequest("NetworkOut", "i-0123456789abcdef0")));
            manifest.close();
            assertThat(points).isEqualTo(3);
            assertThat(replay.server().requests("GetMetricData")).hasSize(2);
        }
        assertThat(Files.readString(output.resolve("cloudwatch-metrics/us-east-1/get-metric-data-00001.json"))).isEqualTo(
                "{\"MetricDataResults\":[{\"Id\":\"m0\",\"Label\":\"i-0123456789abcdef0 NetworkOut\",\"Timestamps\":"
                        + "[\"2024-03-01T10:00:00Z\",\"2024-03-01T10:05:00Z\"],\"Values\":[123456.0,7890.0],\"StatusCode\":\"PartialData\"}],"
                        + "\"Messages\":[]}");
        assertThat(Files.readString(output.resolve("cloudwatch-metrics/us-east-1/get-metric-data-00002.json"))).contains("\"Values\":[5.0]");
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(temporary.resolve("metrics-case"), registry.formats())) {
            new Ingest(store, registry).run(IngestOptions.of(List.of(output.resolve("cloudwatch-metrics"))), IngestListener.NONE);
            try (Statement statement = store.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*), min(metric), min(resource), sum(value) FROM metrics")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(3);
                assertThat(rows.getString(2)).isEqualTo("NetworkOut");
                assertThat(rows.getString(3)).isEqualTo("i-0123456789abcdef0");
                assertThat(rows.getDouble(4)).isEqualTo(131351.0);
            }
        }
    }

}
