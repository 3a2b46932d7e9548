package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery details of the CloudWatch Logs shapes: paths, options, gzip members, limits and dedupe keys. */
class CloudWatchShapesTest {
    private static final String SSHD = "Nov  4 09:15:31 ip-198-51-100-10 sshd[2211]: Invalid user admin from 203.0.113.45 port 51514";
    private static final String EVENT_ID = "09339060933514927038519362951239234886333183758075180337";

    @TempDir
    Path directory;

    @Test
    void takesTheLogStreamFromTheExportPathAndTheGroupFromTheOption() throws IOException {
        Path file = write("exportedlogs/3b6f0a52-1c2d-4e8f-9a0b-2c4d6e8f0a1b/i-0123456789abcdef0/000000.gz",
                gzip("2025-11-04T09:15:31.000Z " + SSHD + "\n"));

        FormatHarness.Result result = FormatHarness.read(file, Map.of("cloudwatch.log-group", "/aws/ec2/secure"));

        assertThat(result.column("cloudwatch", "log_stream")).containsExactly("i-0123456789abcdef0");
        assertThat(result.column("cloudwatch", "log_group")).containsExactly("/aws/ec2/secure");
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.resource()).isEqualTo("i-0123456789abcdef0");
            assertThat(event.action()).isEqualTo("ssh_invalid_user");
        });
    }

    @Test
    void storesAHostLineWhoseUserNameHoldsControlCharactersAsWritten() throws IOException {
        // The user name of a failed SSH login is the attacker's choice: escape sequences must not hide the line.
        String hostile = SSHD.replace("Invalid user admin", "Invalid user ad\u001b[8mmin\u0007\u0008");
        Path file = write("exportedlogs/3b6f0a52-1c2d-4e8f-9a0b-2c4d6e8f0a1b/i-0123456789abcdef0/000000.gz",
                gzip("2025-11-04T09:15:31.000Z " + hostile + "\n"));

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("ssh_invalid_user");
            assertThat(event.principal()).isEqualTo("ad\u001b[8mmin\u0007\u0008");
        });
    }

    @Test
    void keysAndStoresExportMessagesOfEveryShapeAsTheirText() throws IOException {
        // one-line ASCII messages are stored from the line's bytes; the others from their text: same keys, same cells
        String accented = SSHD.replace("admin", "adm\u00efn \ud83d\ude00");
        String[] messages = {SSHD, accented, "first line\n  continued", "{\"level\":\"info\",\"msg\":\"caf\u00e9\"}"};
        StringBuilder export = new StringBuilder();
        for (String message : messages) {
            export.append("2025-11-04T09:15:31.000Z ").append(message).append('\n');
        }
        Path file = write("exportedlogs/3b6f0a52-1c2d-4e8f-9a0b-2c4d6e8f0a1b/i-0123456789abcdef0/000000.gz",
                gzip(export.toString()));

        FormatHarness.Result result = FormatHarness.read(file, Map.of("cloudwatch.log-group", "/aws/ec2/secure"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "message")).containsExactly((Object[]) messages);
        for (int i = 0; i < messages.length; i++) {
            LogEvent event = new LogEvent("/aws/ec2/secure", "i-0123456789abcdef0", null,
                    java.time.Instant.parse("2025-11-04T09:15:31Z"), null, messages[i], null, null, null, "export",
                    dev.cloudsift.core.Position.START);
            assertThat(result.records().get(i).dedupeKey()).isEqualTo(MessageInterpreter.dedupeKey(event, messages[i]));
        }
        assertThat(result.records().get(0).rows().get(0).values()[CloudWatchTables.CLOUDWATCH.indexOf("message")])
                .isInstanceOf(dev.cloudsift.core.Utf8Slice.class);
    }

    @Test
    void keepsSlashesOfLambdaStreamNamesInExportPaths() throws IOException {
        Path file = write("exportedlogs/3b6f0a52-1c2d-4e8f-9a0b-2c4d6e8f0a1b/2025/11/04/[$LATEST]0f1e2d3c4b5a6978/000001.gz",
                gzip("2025-11-04T09:15:31.000Z START RequestId: 1\n"));

        assertThat(FormatHarness.read(file).column("cloudwatch", "log_stream"))
                .containsExactly("2025/11/04/[$LATEST]0f1e2d3c4b5a6978");
    }

    @Test
    void skipsTheExportWriteTestMarker() throws IOException {
        Path file = write("exportedlogs/aws-logs-write-test", "Permission Check Successful".getBytes(StandardCharsets.UTF_8));

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.export");
        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).isEmpty();
        assertThat(result.skipped()).singleElement().satisfies(
                skipped -> assertThat(skipped.reason()).isEqualTo("export write-test marker"));
    }

    @Test
    void readsEveryGzipMemberOfAFirehoseObject() throws IOException {
        byte[] first = gzip(payload("DATA_MESSAGE", EVENT_ID, SSHD));
        byte[] second = gzip(payload("DATA_MESSAGE", "09339060933514927038519362951239234886333183758075180338", "second"));
        byte[] control = gzip(payload("CONTROL_MESSAGE", "", "CWL CONTROL MESSAGE: Checking health of destination Firehose."));
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        members.write(first);
        members.write(control);
        members.write(second);

        FormatHarness.Result result = FormatHarness.read(write("firehose/2025/11/04/09/stream-1", members.toByteArray()));

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.subscription");
        assertThat(result.column("cloudwatch", "message")).containsExactly(SSHD, "second");
        assertThat(result.skipped()).extracting(skipped -> skipped.reason()).containsExactly("control message");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void keepsTheEventsBeforeATruncatedGzipAndReportsTheBrokenStream() throws IOException {
        // Random text compresses badly, so the cut falls well after the head the sniffer reads.
        java.util.Random random = new java.util.Random(7);
        StringBuilder payloads = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            payloads.append(payload("DATA_MESSAGE", Integer.toString(i), SSHD + " " + Long.toHexString(random.nextLong())
                    + Long.toHexString(random.nextLong())));
        }
        byte[] whole = gzip(payloads.toString());

        FormatHarness.Result result = FormatHarness.read(write("cut.gz", Arrays.copyOf(whole, whole.length * 2 / 3)));

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.subscription");
        assertThat(result.records()).hasSizeGreaterThan(100).hasSizeLessThan(2000);
        assertThat(result.streamError()).isPresent();
    }

    @Test
    void cutsAMessageLongerThanCloudWatchAllowsAndSaysSo() throws IOException {
        String huge = "A".repeat(300 * 1024);

        FormatHarness.Result result = FormatHarness.read(write("huge.json",
                payload("DATA_MESSAGE", EVENT_ID, huge).getBytes(StandardCharsets.UTF_8)));

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "message")).singleElement()
                .satisfies(message -> assertThat((String) message).hasSize(MessageInterpreter.MAX_MESSAGE_CHARS));
        assertThat(result.column("cloudwatch", "message_truncated")).containsExactly(true);
        assertThat(result.column("cloudwatch", "kind_note")).containsExactly(
                "message of 307200 characters exceeds CloudWatch's 256 KiB event limit; cut");
        assertThat(result.events()).singleElement()
                .satisfies(event -> assertThat(event.message()).hasSize(2048));
    }

    @Test
    void givesTheSameEventTheSameKeyWhicheverWayItArrived() throws IOException {
        FormatHarness.Result subscription = FormatHarness.read(write("payload.json",
                payload("DATA_MESSAGE", EVENT_ID, SSHD).getBytes(StandardCharsets.UTF_8)));
        FormatHarness.Result dump = FormatHarness.read(write("filter.json", ("{\"events\":[{\"logStreamName\":"
                + "\"i-0123456789abcdef0\",\"timestamp\":1762247731000,\"message\":\"" + SSHD + "\",\"ingestionTime\":"
                + "1762247733120,\"eventId\":\"" + EVENT_ID + "\"}],\"searchedLogStreams\":[]}").getBytes(StandardCharsets.UTF_8)),
                Map.of("cloudwatch.log-group", "/aws/ec2/secure"));

        assertThat(dump.format()).map(format -> format.name()).contains("cloudwatch.cli");
        assertThat(subscription.records()).extracting(LogRecord::dedupeKey)
                .containsExactly("cloudwatch:/aws/ec2/secure:" + EVENT_ID);
        assertThat(dump.records()).extracting(LogRecord::dedupeKey)
                .containsExactlyElementsOf(subscription.records().stream().map(LogRecord::dedupeKey).toList());
    }

    @Test
    void givesACloudTrailCopyTheKeyOfTheTrailFileRecord() throws IOException {
        String record = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"111122223333\","
                + "\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"},\"eventTime\":"
                + "\"2025-11-04T09:20:11Z\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.45\",\"userAgent\":\"Mozilla/5.0\","
                + "\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"eventID\":"
                + "\"5c1f6f1e-1111-4a4a-9b9b-0123456789ab\",\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":"
                + "\"111122223333\"}";
        Path trail = write("AWSLogs/111122223333/CloudTrail/us-east-1/2025/11/04/"
                + "111122223333_CloudTrail_us-east-1_20251104T0925Z_abcdefabcdefabcd.json.gz",
                gzip("{\"Records\":[" + record + "]}"));
        String escaped = record.replace("\\", "\\\\").replace("\"", "\\\"");
        Path copy = write("payload.json", ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":"
                + "\"aws-cloudtrail-logs\",\"logStream\":\"111122223333_CloudTrail_us-east-1\",\"subscriptionFilters\":[\"f\"],"
                + "\"logEvents\":[{\"id\":\"" + EVENT_ID + "\",\"timestamp\":1762248013000,\"message\":\"" + escaped
                + "\"}]}").getBytes(StandardCharsets.UTF_8));

        FormatHarness.Result fromTrail = FormatHarness.read(trail);
        FormatHarness.Result fromCloudWatch = FormatHarness.read(copy);

        assertThat(fromCloudWatch.records()).singleElement().satisfies(record1 -> {
            assertThat(record1.event().source()).isEqualTo("cloudtrail");
            assertThat(record1.rows()).extracting(row -> row.table()).containsExactly("cloudtrail", "cloudwatch");
            assertThat(record1.dedupeKey()).isEqualTo(fromTrail.records().get(0).dedupeKey());
        });
        assertThat(fromCloudWatch.column("cloudtrail", "shape")).containsExactly("cloudwatch");
        assertThat(fromCloudWatch.column("cloudtrail", "event_name"))
                .isEqualTo(fromTrail.column("cloudtrail", "event_name"));
        assertThat(fromCloudWatch.column("cloudwatch", "kind")).containsExactly("cloudtrail");
    }

    @Test
    void namesTheStreamOfGetLogEventsDumpsFromTheOption() throws IOException {
        Path file = write("get.json", ("{\"events\":[{\"timestamp\":1762247731000,\"message\":\"" + SSHD
                + "\",\"ingestionTime\":1762247733120}],\"nextForwardToken\":\"f/1\",\"nextBackwardToken\":\"b/1\"}")
                .getBytes(StandardCharsets.UTF_8));

        FormatHarness.Result result = FormatHarness.read(file,
                Map.of("cloudwatch.log-group", "/aws/ec2/secure", "cloudwatch.log-stream", "i-0123456789abcdef0"));

        assertThat(result.column("cloudwatch", "log_group")).containsExactly("/aws/ec2/secure");
        assertThat(result.column("cloudwatch", "log_stream")).containsExactly("i-0123456789abcdef0");
        assertThat(result.column("cloudwatch", "shape")).containsExactly("get-log-events");
    }

    @Test
    void readsAPayloadWhoseHeaderComesAfterItsEvents() throws IOException {
        Path file = write("reordered.json", ("{\"logEvents\":[{\"id\":\"" + EVENT_ID + "\",\"timestamp\":1762247731000,"
                + "\"message\":\"late header\"}],\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\","
                + "\"logGroup\":\"/g\",\"logStream\":\"s\",\"subscriptionFilters\":[]}").getBytes(StandardCharsets.UTF_8));

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.column("cloudwatch", "log_group")).containsExactly("/g");
        assertThat(result.column("cloudwatch", "owner_account")).containsExactly("111122223333");
    }

    @Test
    void readsFlowLogsInACustomLayoutWithTheFormatOptionAndKeysThemLikeTheS3Copy() throws IOException {
        String format = "${vpc-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${bytes}"
                + " ${start} ${end} ${action}";
        String line = "vpc-0a1b2c3d eni-0a1b2c3d4e5f60718 198.51.100.10 203.0.113.45 443 51514 6 912004096"
                + " 1762247700 1762247760 ACCEPT";
        Path copy = write("payload.json", payload("DATA_MESSAGE", EVENT_ID, line).getBytes(StandardCharsets.UTF_8));
        Path s3 = write("AWSLogs/111122223333/vpcflowlogs/us-east-1/2025/11/04/"
                + "111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20251104T0915Z_abcd1234.log.gz",
                gzip(format.replace("${", "").replace("}", "") + "\n" + line + "\n"));

        FormatHarness.Result withoutOption = FormatHarness.read(copy);
        FormatHarness.Result withOption = FormatHarness.read(copy, Map.of("vpcflow.format", format));
        FormatHarness.Result fromS3 = FormatHarness.read(s3);

        assertThat(withoutOption.column("cloudwatch", "kind")).containsExactly("text");
        assertThat(withOption.column("cloudwatch", "kind")).containsExactly("vpcflow");
        assertThat(withOption.column("vpcflow", "bytes")).containsExactly(912004096L);
        assertThat(withOption.events()).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("vpcflow");
            assertThat(event.dstPort()).isEqualTo(51514);
        });
        assertThat(fromS3.records()).hasSize(1);
        assertThat(withOption.records().get(0).dedupeKey()).isEqualTo(fromS3.records().get(0).dedupeKey());
    }

    @Test
    void claimsAKinesisEventWhoseFirstRecordIsLargerThanTheSniffedHead() throws IOException {
        java.util.Random random = new java.util.Random(3);
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"timestamp\":1762247731000,")
                    .append("\"message\":\"").append(Long.toHexString(random.nextLong())).append("\"}");
        }
        String payload = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"/g\","
                + "\"logStream\":\"s\",\"subscriptionFilters\":[],\"logEvents\":[" + events + "]}";
        String data = java.util.Base64.getEncoder().encodeToString(gzip(payload));
        assertThat(data.length()).isGreaterThan(dev.cloudsift.core.Sample.SIZE);
        Path file = write("kinesis.json", ("{\"Records\":[{\"kinesis\":{\"kinesisSchemaVersion\":\"1.0\",\"data\":\""
                + data + "\"},\"eventSource\":\"aws:kinesis\",\"eventVersion\":\"1.0\"}]}").getBytes(StandardCharsets.UTF_8));

        byte[] head = Arrays.copyOf(Files.readAllBytes(file), dev.cloudsift.core.Sample.SIZE);
        dev.cloudsift.core.Sample sample = new dev.cloudsift.core.Sample(head, false, file.toString(),
                dev.cloudsift.core.PathHints.NONE);

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(new KinesisEnvelopeFormat().sniff(sample)).isEqualTo(dev.cloudsift.core.LogFormat.STRONG + 10);
        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.kinesis");
        assertThat(result.records()).hasSize(5000);
        assertThat(result.problems()).isEmpty();
    }

    private static String payload(String type, String id, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"messageType\":\"" + type + "\",\"owner\":\"111122223333\",\"logGroup\":\"/aws/ec2/secure\","
                + "\"logStream\":\"i-0123456789abcdef0\",\"subscriptionFilters\":[\"to-firehose\"],\"logEvents\":[{\"id\":\""
                + id + "\",\"timestamp\":1762247731000,\"message\":\"" + escaped + "\"}]}";
    }

    private Path write(String relative, byte[] content) throws IOException {
        Path file = directory.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
