package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The malformed-input corpus of CloudTrail: each hostile or broken file and the exact outcome it must have. */
class CloudTrailMalformedInputTest {
    private static final String SNIFF_PATH = "malformed.json";

    private static String record(int n) {
        return "{\"eventVersion\":\"1.11\",\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.45\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/u" + n + "\"},"
                + "\"eventID\":\"id-" + n + "\",\"recipientAccountId\":\"111122223333\"}";
    }

    private static String records(String... items) {
        return "{\"Records\":[" + String.join(",", items) + "]}";
    }

    private static FormatHarness.Result read(String content) throws IOException {
        return FormatHarness.read(content.getBytes(StandardCharsets.UTF_8), SNIFF_PATH);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static List<String> reasons(FormatHarness.Result result) {
        return result.problems().stream().map(ParseProblem::reason).toList();
    }

    @Test
    void truncatedGzipKeepsTheRecordsBeforeTheBreakAndFailsTheStream() throws IOException {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(record(i));
        }
        byte[] whole = gzip(records(items.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);

        FormatHarness.Result result = FormatHarness.read(truncated, "truncated.json.gz");
        assertThat(result.format().map(LogFormat::name)).contains("cloudtrail.s3");
        assertThat(result.records()).hasSizeBetween(100, 1999);
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).as("the break surfaces as an I/O error for the ingest to quarantine the rest")
                .hasValueSatisfying(error -> assertThat(error).startsWith("truncated: the compressed data ends at byte"));

        // Reading directly: what was yielded stays yielded, and the reader says where the rest starts.
        LogFormat format = new CloudTrailS3Format();
        List<ReadItem> yielded = new ArrayList<>();
        EventReader reader = format.open(new GZIPInputStream(new ByteArrayInputStream(truncated)),
                SourceContext.of("truncated.json.gz"));
        assertThatThrownBy(() -> {
            ReadItem item;
            while ((item = reader.next()) != null) {
                yielded.add(item);
            }
        }).isInstanceOf(IOException.class).isNotInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThat(yielded).hasSizeGreaterThan(100).allMatch(LogRecord.class::isInstance);
        for (int i = 0; i < yielded.size(); i++) {
            assertThat(((LogRecord) yielded.get(i)).event().eventId()).as("nothing before the break is lost")
                    .isEqualTo("id-" + i);
        }
        assertThat(reader.position().offset()).isGreaterThan(0);
        reader.close();
    }

    @Test
    void invalidJsonInsideRecordsSkipsToTheNextRecord() throws IOException {
        String broken = "{\"eventVersion\":\"1.11\",\"eventTime\": nope, \"x\":[{\"a\":1},{\"b\":2}]}";
        String content = records(record(1), broken, record(3), record(4));
        FormatHarness.Result result = read(content);
        assertThat(result.records()).extracting(item -> item.event().eventId()).containsExactly("id-1", "id-3", "id-4");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("invalid JSON: Unrecognized token 'nope': was expecting "
                    + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') (at byte "
                    + content.indexOf("nope") + "); skipped to the next record at byte " + content.indexOf(record(3)));
            assertThat(problem.position().offset()).isEqualTo(content.indexOf(broken));
            assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).isEqualTo(broken + ",");
        });
        LogRecord third = result.records().get(1);
        assertThat(third.position().offset()).as("offsets stay those of the file").isEqualTo(content.indexOf(record(3)));
    }

    @Test
    void invalidJsonInsidePrettyPrintedRecordsKeepsFileLines() throws IOException {
        String content = "{\"Records\": [\n" + record(1) + ",\n{\"eventVersion\": \"1.11\", oops},\n  "
                + record(3) + "\n]}\n";
        FormatHarness.Result result = read(content);
        assertThat(result.records()).extracting(item -> item.position().line()).containsExactly(2L, 4L);
        assertThat(result.records()).extracting(item -> item.position().offset())
                .containsExactly((long) content.indexOf(record(1)), (long) content.indexOf(record(3)));
        assertThat(result.problems()).singleElement().extracting(problem -> problem.position().line()).isEqualTo(3L);
    }

    @Test
    void invalidJsonWithNoTrailRecordAfterItQuarantinesTheRest() throws IOException {
        // Keys in another order (as in saved API output): nothing marks where the next record starts.
        String sorted = "{\"awsRegion\":\"us-east-1\",\"eventName\":\"X\",\"eventTime\":\"2025-11-04T09:15:30Z\"}";
        String content = "[" + sorted + ",{\"awsRegion\": nope}," + sorted + "]";
        FormatHarness.Result result = read(content);
        assertThat(result.records()).hasSize(1);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("invalid JSON: Unrecognized token 'nope': was expecting "
                    + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false'); the rest of the file "
                    + "from here is quarantined");
            assertThat(problem.position().offset()).isEqualTo(content.indexOf("nope"));
            assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).contains(sorted + "]");
        });
    }

    @Test
    void eventTimeAsANumberIsOneProblemAndReadingGoesOn() throws IOException {
        FormatHarness.Result result = read(records(record(1),
                "{\"eventTime\":1762247730,\"eventName\":\"X\",\"eventSource\":\"iam.amazonaws.com\"}", record(3)));
        assertThat(result.records()).hasSize(2);
        assertThat(reasons(result)).containsExactly(
                "eventTime is a number (1762247730), expected an ISO-8601 string such as 2025-11-04T09:15:30Z");
        assertThat(result.problems().get(0).position().offset()).isEqualTo(records(record(1), "").length() - 2);
    }

    @Test
    void userIdentityAsAStringIsAProblem() throws IOException {
        FormatHarness.Result result = read(records(
                "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\",\"userIdentity\":\"root\"}"));
        assertThat(reasons(result)).containsExactly("userIdentity is a string, expected a JSON object");
    }

    @Test
    void recordsThatIsNotAnArrayIsAProblem() throws IOException {
        FormatHarness.Result result = read("{\"Records\":{\"eventTime\":\"2025-11-04T09:15:30Z\"}}");
        assertThat(result.format().map(LogFormat::name)).contains("cloudtrail.s3");
        assertThat(result.records()).isEmpty();
        assertThat(reasons(result)).containsExactly("Records is an object, expected an array of records");
        assertThat(reasons(read("{\"Records\":\"[]\"}"))).containsExactly("Records is a string, expected an array of records");
    }

    @Test
    void arrayItemsThatAreNotObjectsAreProblems() throws IOException {
        FormatHarness.Result result = read(records(record(1), "42", "[1]", record(4)));
        assertThat(result.records()).hasSize(2);
        assertThat(reasons(result)).containsExactly("array item is a number (42), expected a JSON object",
                "array item is an array, expected a JSON object");
    }

    /**
     * A zero-byte file (also what an empty .gz inflates to) is claimed by no format: there is nothing to recognise,
     * and the ingest records it as such. An empty Records array is a valid trail file with zero records.
     */
    @Test
    void emptyFilesAreUnclaimedAndEmptyRecordsAreZeroRecords() throws IOException {
        assertThat(FormatHarness.read(new byte[0], "empty.json").format()).isEmpty();
        assertThat(FormatHarness.read(gzip(new byte[0]), "empty.json.gz").format()).isEmpty();
        assertThat(read("  \n\n ").format()).isEmpty();
        FormatHarness.Result emptyRecords = read("{\"Records\":[]}");
        assertThat(emptyRecords.format().map(LogFormat::name)).contains("cloudtrail.s3");
        assertThat(emptyRecords.items()).isEmpty();
        assertThat(emptyRecords.streamError()).isEmpty();
    }

    @Test
    void nonUtf8BytesCostOnlyTheirRecordOrLine() throws IOException {
        byte[] bad = (records(record(1), record(2).replace("ListUsers", "List\u00ffUsers"), record(3)))
                .getBytes(StandardCharsets.ISO_8859_1);
        FormatHarness.Result trail = FormatHarness.read(bad, SNIFF_PATH);
        assertThat(trail.records()).extracting(item -> item.event().eventId()).containsExactly("id-1", "id-3");
        assertThat(reasons(trail)).singleElement().asString()
                .startsWith("invalid JSON: Invalid UTF-8 start byte 0xff")
                .endsWith("; skipped to the next record at byte "
                        + (records(record(1), record(2).replace("ListUsers", "List\u00ffUsers"), "").length() - 2));

        byte[] lines = (record(1) + "\n" + record(2).replace("ListUsers", "List\u00ffUsers") + "\n" + record(3) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        FormatHarness.Result jsonLines = FormatHarness.read(lines, SNIFF_PATH);
        assertThat(jsonLines.format().map(LogFormat::name)).contains("cloudtrail.jsonl");
        assertThat(jsonLines.records()).hasSize(2);
        assertThat(jsonLines.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).startsWith("line is not valid JSON: Invalid UTF-8 start byte 0xff");
            assertThat(problem.position().line()).isEqualTo(2);
            assertThat(problem.position().offset()).isEqualTo(record(1).length() + 1);
        });
    }

    @Test
    void aFiftyMegabyteSingleLineTrailFileIsStreamed(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("big.json.gz");
        int count = 0;
        long written = 0;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            out.write("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
            while (written < 50L * 1024 * 1024) {
                byte[] item = ((count == 0 ? "" : ",") + record(count)).getBytes(StandardCharsets.UTF_8);
                out.write(item);
                written += item.length;
                count++;
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        }
        int records = 0;
        long lastOffset = -1;
        LogFormat format = new CloudTrailS3Format();
        try (EventReader reader = format.open(new GZIPInputStream(Files.newInputStream(file), 64 * 1024),
                SourceContext.of(file.toString()))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                assertThat(item).isInstanceOf(LogRecord.class);
                assertThat(item.position().offset()).isGreaterThan(lastOffset);
                assertThat(item.position().line()).isEqualTo(1);
                lastOffset = item.position().offset();
                records++;
            }
        }
        assertThat(records).isEqualTo(count);
        assertThat(lastOffset).isGreaterThan(50L * 1024 * 1024 - 1024);
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutAStackOverflow() throws IOException {
        String nested = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        String deep = "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\",\"requestParameters\":" + nested + "}";
        String content = records(record(1), deep, record(3));
        FormatHarness.Result trail = read(content);
        assertThat(trail.records()).extracting(item -> item.event().eventId()).containsExactly("id-1", "id-3");
        assertThat(reasons(trail)).singleElement().asString().startsWith("record refused: Document nesting depth (201) "
                + "exceeds the maximum allowed (200, from `StreamReadConstraints.getMaxNestingDepth()`)")
                .endsWith("; skipped to byte " + content.indexOf(record(3)) + " and read on");

        FormatHarness.Result jsonLines = read(record(1) + "\n" + deep + "\n" + record(3) + "\n");
        assertThat(jsonLines.records()).hasSize(2);
        assertThat(reasons(jsonLines)).singleElement().asString().startsWith(
                "line is not valid JSON: Document nesting depth (201) exceeds the maximum allowed (200");
    }

    @Test
    void aRecordOverSixteenMebibytesIsSkippedAndTheNextOneRead() throws IOException {
        StringBuilder huge = new StringBuilder("{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\",\"requestParameters\":{");
        String chunk = "x".repeat(1024 * 1024);
        for (int i = 0; i < 17; i++) {
            huge.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"").append(chunk).append('"');
        }
        huge.append("}}");
        String content = records(record(1), huge.toString(), record(3));
        FormatHarness.Result result = read(content);
        assertThat(result.records()).hasSize(2);
        assertThat(result.records().get(1).event().eventId()).isEqualTo("id-3");
        int hugeStart = records(record(1), "").length() - 2;
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("record is larger than 16 MiB; skipped to byte "
                    + (hugeStart + huge.length()) + " and read on");
            assertThat(problem.position().offset()).isEqualTo(hugeStart);
        });
    }

    @Test
    void aSingleStringOverTheLimitCostsOnlyItsRecord() throws IOException {
        String giant = "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\",\"userAgent\":\""
                + "y".repeat(17 * 1024 * 1024) + "\"}";
        String content = records(record(1), giant, record(3));
        FormatHarness.Result result = read(content);
        assertThat(result.records()).extracting(item -> item.event().eventId()).containsExactly("id-1", "id-3");
        assertThat(reasons(result)).singleElement().asString()
                .startsWith("record refused: String value length (")
                .contains("exceeds the maximum allowed (16777216")
                .endsWith("; skipped to byte " + content.indexOf(record(3)) + " and read on");
    }

    @Test
    void aFiftyMegabyteStringCostsOnlyItsRecordWhateverItsKeyOrder() throws IOException {
        String giant = "{\"userAgent\":\"" + "\\\"{[".repeat(50 * 1024 * 1024 / 4) + "\",\"eventTime\":\"2025-11-04T09:15:30Z\"}";
        String content = "{\"Records\":[\n" + record(1) + ",\n" + giant + " ,\n " + record(3) + ",\n" + record(4) + "]}";

        FormatHarness.Result result = read(content);

        assertThat(result.records()).extracting(item -> item.event().eventId()).containsExactly("id-1", "id-3", "id-4");
        assertThat(result.streamError()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(content.indexOf(giant));
            assertThat(problem.position().line()).isEqualTo(3);
            assertThat(problem.reason()).startsWith("record refused: String value length (")
                    .endsWith("; skipped to byte " + content.indexOf(record(3)) + " and read on");
            assertThat(problem.raw()).hasSize(ParseProblem.MAX_RAW_BYTES);
        });
        assertThat(result.records().get(1).position().line()).isEqualTo(4);
    }

    @Test
    void aJsonLinesLineOverSixteenMebibytesIsOneProblemAndTheNextLineIsRead() throws IOException {
        String longLine = "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\",\"userAgent\":\""
                + "z".repeat(17 * 1024 * 1024) + "\"}";
        FormatHarness.Result result = read(record(1) + "\n" + longLine + "\n" + record(3) + "\n");
        assertThat(result.records()).hasSize(2);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("line is longer than 16 MiB");
            assertThat(problem.position().line()).isEqualTo(2);
            assertThat(problem.raw()).hasSize(ParseProblem.MAX_RAW_BYTES);
        });
    }

    @Test
    void aCsvLineOverSixteenMebibytesQuarantinesTheRest() throws IOException {
        FormatHarness.Result result = read("Event ID,Event time,Event name\n1,2025-11-04T09:15:30Z,X\n2,2025-11-04T09:15:31Z,"
                + "y".repeat(17 * 1024 * 1024) + "\n3,2025-11-04T09:15:32Z,Z\n");
        assertThat(result.records()).hasSize(1);
        assertThat(reasons(result)).singleElement().asString()
                .startsWith("invalid CSV: a line is longer than 16 MiB (at byte ")
                .endsWith("; the rest of the file from here is quarantined");
    }

    @Test
    void aBrokenLineOfLookupEventsCostsOnlyItself() throws IOException {
        String event = "{\"EventId\":\"e%d\",\"EventName\":\"X\",\"EventTime\":\"2025-11-04T09:17:12+00:00\","
                + "\"CloudTrailEvent\":\"{\\\"eventName\\\":\\\"X\\\",\\\"eventTime\\\":\\\"2025-11-04T09:17:12Z\\\"}\"}";
        FormatHarness.Result result = read(String.format(event, 1) + "\n{\"EventId\":\"e2\",\n"
                + String.format(event, 3) + "\n");
        assertThat(result.format().map(LogFormat::name)).contains("cloudtrail.lookup");
        assertThat(result.events()).extracting(event1 -> event1.eventId()).containsExactly("e1", "e3");
        assertThat(reasons(result)).singleElement().asString().startsWith("line is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void nullsAndServiceHostsAreKeptAsTheyAre() throws IOException {
        FormatHarness.Result result = read(records(
                "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"A\",\"eventSource\":\"ec2.amazonaws.com\","
                        + "\"sourceIPAddress\":\"AWS Internal\",\"eventID\":\"e1\"}",
                "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"B\",\"userIdentity\":null,\"resources\":null,"
                        + "\"requestParameters\":null,\"responseElements\":null,\"sourceIPAddress\":\"ec2.amazonaws.com\"}",
                "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"C\",\"requestParameters\":[\"odd\",1],"
                        + "\"responseElements\":\"accepted\",\"resources\":{\"ARN\":\"not-a-list\"}}"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudtrail", "src_ip")).containsOnlyNulls();
        assertThat(result.column("cloudtrail", "source_host"))
                .containsExactly("AWS Internal", "ec2.amazonaws.com", null);
        assertThat(result.column("cloudtrail", "user_identity")).containsOnlyNulls();
        assertThat(result.column("cloudtrail", "request_parameters")).containsExactly(null, null, "[\"odd\",1]");
        assertThat(result.column("cloudtrail", "response_elements")).containsExactly(null, null, "\"accepted\"");
        assertThat(result.column("cloudtrail", "resources")).containsExactly(null, null, "{\"ARN\":\"not-a-list\"}");
        assertThat(result.events()).extracting(event -> event.principal()).containsOnlyNulls();
    }

    @Test
    void lookupEventsWithABrokenEmbeddedRecordAreProblems() throws IOException {
        FormatHarness.Result result = read("{\"Events\":["
                + "{\"EventId\":\"a\",\"EventName\":\"X\",\"CloudTrailEvent\":\"{not json\"},"
                + "{\"EventId\":\"b\",\"EventName\":\"Y\",\"EventTime\":\"last tuesday\"},"
                + "{\"EventId\":\"c\",\"EventName\":\"Z\",\"CloudTrailEvent\":42},"
                + "{\"EventId\":\"d\",\"EventName\":\"W\",\"EventTime\":1762247832.5,\"CloudTrailEvent\":\"{\\\"eventName\\\":\\\"W\\\"}\"}"
                + "],\"NextToken\":null}");
        assertThat(result.format().map(LogFormat::name)).contains("cloudtrail.lookup");
        assertThat(reasons(result)).containsExactly(
                "CloudTrailEvent is not valid JSON: Unexpected character ('n' (code 110)): was expecting double-quote "
                        + "to start field name",
                "EventTime a string \"last tuesday\" is not a time",
                "CloudTrailEvent is a number (42), expected the record as a JSON string");
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.eventTime()).isEqualTo(java.time.Instant.parse("2025-11-04T09:17:12.500Z"));
            assertThat(event.eventId()).isEqualTo("d");
        });
    }

    @Test
    void historyCsvProblemsNameTheCellOrTheSyntax() throws IOException {
        FormatHarness.Result badTime = read("Event ID,Event time,Event name\n1,yesterday,X\n2,2025-11-04T09:15:30Z,Y\n");
        assertThat(badTime.format().map(LogFormat::name)).contains("cloudtrail.history.csv");
        assertThat(reasons(badTime)).containsExactly("event time \"yesterday\" is not a time with a known zone");
        assertThat(badTime.records()).hasSize(1);
        assertThat(badTime.problems().get(0).position().line()).isEqualTo(2);

        FormatHarness.Result unterminated = read("Event ID,Event time,Event name\n1,2025-11-04T09:15:30Z,X\n"
                + "2,2025-11-04T09:15:31Z,\"Y\n");
        assertThat(unterminated.records()).hasSize(1);
        assertThat(reasons(unterminated)).singleElement().asString()
                .startsWith("invalid CSV: ").endsWith("; the rest of the file from here is quarantined");
    }

    @Test
    void historyCsvAcceptsTheConsoleDisplayTimeOnlyWithItsZone() throws IOException {
        FormatHarness.Result result = read("Event time,Event name,Event ID\n"
                + "\"November 04, 2025, 10:17:12 (UTC+01:00)\",A,a\n"
                + "\"Nov 4, 2025, 09:17:13 UTC\",B,b\n"
                + "\"November 04, 2025, 09:17:14\",C,c\n");
        assertThat(result.events()).extracting(event -> event.eventTime().toString())
                .containsExactly("2025-11-04T09:17:12Z", "2025-11-04T09:17:13Z");
        assertThat(reasons(result)).containsExactly(
                "event time \"November 04, 2025, 09:17:14\" is not a time with a known zone");
    }

    @Test
    void digestsWithWrongTypesAreProblems() throws IOException {
        assertThat(reasons(read("{\"digestStartTime\":\"2025-11-04T09:00:00Z\",\"digestEndTime\":1762250400,"
                + "\"digestS3Object\":\"x\",\"logFiles\":[]}")))
                .containsExactly("digestEndTime is a number (1762250400), expected an ISO-8601 time such as 2025-11-04T10:00:00Z");
        assertThat(reasons(read("{\"digestStartTime\":\"2025-11-04T09:00:00Z\",\"digestS3Object\":\"x\",\"logFiles\":{}}")))
                .containsExactly("logFiles is an object, expected an array");
        assertThat(reasons(read("{\"digestStartTime\":\"2025-11-04T09:00:00Z\",\"digestS3Object\":\"x\",\"logFiles\":[")))
                .singleElement().asString().startsWith("digest is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void otherSourcesJsonIsNotClaimedByAnyCloudTrailFormat() throws IOException {
        List<byte[]> others = List.of(
                Files.readAllBytes(Path.of("src/test/resources/cloudwatch-traps/lambda-awslogs.json")),
                Files.readAllBytes(Path.of("src/test/resources/cloudwatch-traps/kinesis-records.json")),
                Files.readAllBytes(Path.of("src/test/resources/config-traps/rule-event-snapshot-delivered.json")),
                ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"CloudTrail/logs\","
                        + "\"logStream\":\"111122223333_CloudTrail_us-east-1\",\"subscriptionFilters\":[\"all\"],"
                        + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1762247730000,\"message\":"
                        + "\"{\\\"eventVersion\\\":\\\"1.11\\\",\\\"eventTime\\\":\\\"2025-11-04T09:15:30Z\\\"}\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                ("{\"timestamp\":1762247730000,\"formatVersion\":1,\"webaclId\":\"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/x/1\","
                        + "\"action\":\"BLOCK\",\"httpRequest\":{\"clientIp\":\"203.0.113.45\",\"requestId\":\"r\"}}\n")
                        .getBytes(StandardCharsets.UTF_8),
                ("{\"fileVersion\":\"1.0\",\"configurationItems\":[{\"configurationItemCaptureTime\":\"2025-11-04T09:15:30.000Z\","
                        + "\"resourceType\":\"AWS::EC2::Instance\",\"awsAccountId\":\"111122223333\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                        + "\"eventTime\":\"2025-11-04T09:15:30.000Z\",\"eventName\":\"ObjectCreated:Put\","
                        + "\"userIdentity\":{\"principalId\":\"AWS:AIDAEXAMPLE\"},\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}")
                        .getBytes(StandardCharsets.UTF_8));
        List<LogFormat> cloudTrail = FormatHarness.registry().formats().stream()
                .filter(format -> format.name().startsWith("cloudtrail.")).toList();
        assertThat(cloudTrail).hasSize(7);
        for (byte[] other : others) {
            Sample sample = new Sample(other, true, "other.json", PathHints.NONE);
            for (LogFormat format : cloudTrail) {
                assertThat(format.sniff(sample)).as("%s on %s", format.name(),
                        new String(other, 0, Math.min(80, other.length), StandardCharsets.UTF_8)).isEqualTo(LogFormat.NO);
            }
        }
    }

    @Test
    void aFirstRecordCutByTheEndOfTheSampleIsStillRecognised() throws IOException {
        String first = "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\",\"tags\":\""
                + "t".repeat(Sample.SIZE) + "\"},\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\"}";
        FormatHarness.Result result = read(records(first, record(2)));
        assertThat(result.format().map(LogFormat::name)).contains("cloudtrail.s3");
        assertThat(result.records()).hasSize(2);
    }

    @Test
    void everyCloudTrailFormatAsksTheLedgerForTheContentHash() {
        assertThat(FormatHarness.registry().formats()).filteredOn(format -> format.name().startsWith("cloudtrail."))
                .hasSize(7).allMatch(LogFormat::wantsContentHash);
    }
}
