package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcquireAndAuditCommandTest {
    static final String ACCESS_KEY = "AKIACLIFAKE000000003";
    static final String SECRET_KEY = "cliSecretKeyThatMustNeverBePrinted000003";
    static HttpServer server;

    @TempDir
    Path temporary;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // LookupEvents answers one page of one event; every other call is refused, as AWS refuses a role without rights.
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            boolean lookup = target.endsWith(".LookupEvents");
            String body = lookup
                    ? "{\"Events\":[{\"EventId\":\"cli-event-1\",\"EventName\":\"GetCallerIdentity\",\"ReadOnly\":\"true\",\"EventTime\":1709287200,"
                    + "\"EventSource\":\"sts.amazonaws.com\",\"Username\":\"alice\",\"Resources\":[],\"CloudTrailEvent\":\"{\\\"eventVersion\\\":\\\"1.08\\\","
                    + "\\\"eventTime\\\":\\\"2024-03-01T10:00:00Z\\\",\\\"eventSource\\\":\\\"sts.amazonaws.com\\\",\\\"eventName\\\":\\\"GetCallerIdentity\\\","
                    + "\\\"awsRegion\\\":\\\"us-east-1\\\",\\\"sourceIPAddress\\\":\\\"203.0.113.7\\\",\\\"eventID\\\":\\\"cli-event-1\\\","
                    + "\\\"recipientAccountId\\\":\\\"111122223333\\\",\\\"userIdentity\\\":{\\\"type\\\":\\\"IAMUser\\\",\\\"accountId\\\":\\\"111122223333\\\"}}\"}]}"
                    : "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(lookup ? 200 : 400, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void acquireWritesLookupPagesAndAManifestAndNeverPrintsOrWritesTheCredentials() throws Exception {
        Path output = temporary.resolve("evidence");
        CliRun run = CliRun.of("acquire", "--endpoint-url", endpoint(), "--region", "us-east-1", "--from", "2024-03-01",
                "--to", "2024-03-01", "-o", output.toString(), "--log-group", "/var/log/secure");

        assertThat(run.out()).contains("LookupEvents us-east-1: 1 events", "Done: 1 files");
        assertThat(run.err()).contains("cloudsift acquire: failed: FilterLogEvents /var/log/secure us-east-1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        assertThat(output.resolve("cloudtrail-lookup/us-east-1/lookup-events-00001.json")).exists();
        assertThat(Files.readString(output.resolve("manifest.jsonl"))).contains("\"source\":\"cloudtrail:LookupEvents\"");
        assertThat(run.out() + run.err()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
            }
        }

        Path caseFile = temporary.resolve("case");
        assertThat(CliRun.of("ingest", "-q", "--case", caseFile.toString(), output.resolve("cloudtrail-lookup").toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
        CliRun query = CliRun.of("query", "--case", caseFile.toString(), "SELECT event_id FROM events");
        assertThat(query.out()).contains("cli-event-1");
    }

    @Test
    void auditReportsRefusedSourcesAsUnknownFailsWhenNothingAnsweredAndPrintsNoCredential() {
        CliRun run = CliRun.of("audit", "--endpoint-url", endpoint(), "--region", "us-east-1", "--format", "json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("cloudsift audit: no AWS call succeeded; first refusal: us-east-1 cloudtrail: ");
        assertThat(run.out()).contains("\"status\" : \"unknown\"", "AccessDeniedException");
        assertThat(run.out() + run.err()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
    }

    @Test
    void auditOfACaseWithoutConfigItemsListsWhatTheCaseHolds() throws Exception {
        Path caseFile = temporary.resolve("case");
        Path input = temporary.resolve("trail.json");
        Files.writeString(input, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-03-01T10:00:00Z\","
                + "\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"GetCallerIdentity\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.7\",\"eventID\":\"e-1\",\"recipientAccountId\":\"111122223333\"}]}");
        assertThat(CliRun.of("ingest", "-q", "--case", caseFile.toString(), input.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        CliRun run = CliRun.of("audit", "--case", caseFile.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("The case holds:", "cloudtrail", "1 records", "no AWS Config items");
    }

    @Test
    void badWindowsAreUsageErrors() {
        for (List<String> args : List.of(List.of("--from", "yesterday", "--to", "2024-03-01"),
                List.of("--from", "2024-03-02", "--to", "2024-03-01"))) {
            CliRun run = CliRun.of(Stream.concat(Stream.of("acquire", "-o", temporary.toString(), "--endpoint-url", endpoint()),
                    args.stream()).toArray(String[]::new));
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).startsWith("cloudsift acquire: --from");
        }
    }

    @Test
    void auditOfACaseWithConfigItemsPrintsAGridDetailsAndFixes() throws Exception {
        Path caseFile = temporary.resolve("config-case");
        Path input = temporary.resolve("snapshot.json");
        String item = "{\"configurationItemVersion\":\"1.3\",\"configurationItemCaptureTime\":\"2024-03-01T10:00:00.000Z\","
                + "\"configurationStateId\":1,\"awsAccountId\":\"111122223333\",\"configurationItemStatus\":\"OK\","
                + "\"resourceType\":\"AWS::S3::Bucket\",\"resourceId\":\"acme-data\",\"resourceName\":\"acme-data\","
                + "\"ARN\":\"arn:aws:s3:::acme-data\",\"awsRegion\":\"eu-west-1\",\"availabilityZone\":\"Regional\",\"tags\":{},"
                + "\"relatedEvents\":[],\"relationships\":[],\"configuration\":{\"name\":\"acme-data\"},"
                + "\"supplementaryConfiguration\":{\"BucketLoggingConfiguration\":{\"destinationBucketName\":null,\"logFilePrefix\":null}}}";
        Files.writeString(input, "{\"fileVersion\":\"1.0\",\"configSnapshotId\":\"s-1\",\"configurationItems\":[" + item + "]}");
        assertThat(CliRun.of("ingest", "-q", "--case", caseFile.toString(), input.toString()).exitCode()).isEqualTo(ExitCodes.OK);

        CliRun run = CliRun.of("audit", "--case", caseFile.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("SOURCE            eu-west-1\ncloudtrail        unknown\n")
                .contains("\ns3-access         off\n")
                .contains("  s3-access eu-west-1 off: 0 of 1 buckets log access\n    GAP: no server access logs for acme-data: ")
                .contains("  aws s3api put-bucket-logging --bucket acme-data --bucket-logging-status");
        CliRun json = CliRun.of("audit", "--case", caseFile.toString(), "--format", "json");
        assertThat(json.out()).contains("\"source\" : \"s3-access\"", "\"status\" : \"off\"", "\"fixes\" : [ \"aws s3api put-bucket-logging");
    }
}
