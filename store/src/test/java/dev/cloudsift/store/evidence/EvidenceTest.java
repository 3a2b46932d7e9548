package dev.cloudsift.store.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.store.ingest.IngestSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Original bytes kept as evidence through a real ingest, served back by raw, and checked by verify. */
class EvidenceTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    private Path caseFile() {
        return folder.resolve("case");
    }

    private IngestSummary ingest(EvidenceMode mode, Path... inputs) throws Exception {
        try (CaseStore store = CaseStore.open(caseFile(), REGISTRY.formats())) {
            return new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(inputs)).withEvidence(mode), IngestListener.NONE);
        }
    }

    private RawRecords.Raw raw(String id) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile())) {
            RawRecords records = new RawRecords(store);
            List<RawRecords.Pointer> found = records.find(id);
            assertThat(found).as("records with id " + id).hasSize(1);
            return records.read(found.get(0));
        }
    }

    private String rawText(String id) throws Exception {
        return new String(raw(id).bytes(), StandardCharsets.UTF_8);
    }

    private EvidenceCheck.Result verify() throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile())) {
            return new EvidenceCheck(store).run();
        }
    }

    @Test
    void gzipTrailFileIsKeptOnceUnderItsHashAndServesEachRecordByteForByte() throws Exception {
        List<String> records = records(3, 0);
        Path file = write("trail.json.gz", gzip(trailFile(records)));

        ingest(EvidenceMode.COPY, file);
        ingest(EvidenceMode.COPY, file);

        String sha256 = sha256(Files.readAllBytes(file));
        Path kept = folder.resolve("case/evidence/sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
        assertThat(kept).hasSameBinaryContentAs(file);
        assertThat(evidenceFiles()).containsExactly(kept);
        assertThat(rawText(eventId(1))).isEqualTo(records.get(1));
        assertThat(raw(eventId(1)).decodedFrom()).isNull();
        assertThat(verify().clean()).isTrue();
    }

    @Test
    void aCopyLeftHalfWrittenByAKilledIngestIsRemovedByTheNext() throws Exception {
        Path leftover = folder.resolve("case/evidence/incoming/part-123.tmp");
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, new byte[] {1, 2, 3});

        ingest(EvidenceMode.COPY, write("trail.json", trailFile(records(1, 0))));

        assertThat(leftover).doesNotExist();
        assertThat(evidenceFiles()).hasSize(1);
    }

    @Test
    void recordInTheSecondMemberOfAMultiMemberGzipIsServed() throws Exception {
        List<String> records = records(4, 0);
        String lines = String.join("\n", records) + "\n";
        int split = lines.indexOf('\n', lines.indexOf('\n') + 1) + 1;
        byte[] first = gzip(lines.substring(0, split).getBytes(StandardCharsets.UTF_8));
        byte[] second = gzip(lines.substring(split).getBytes(StandardCharsets.UTF_8));
        Path file = write("lines.jsonl.gz", concat(first, second));

        ingest(EvidenceMode.COPY, file);

        assertThat(rawText(eventId(3))).isEqualTo(records.get(3));
        assertThat(rawText(eventId(0))).isEqualTo(records.get(0));
    }

    @Test
    void zipIsKeptOnceAndItsMembersAreServedFromInsideIt() throws Exception {
        List<String> a = records(2, 0);
        List<String> b = records(2, 10);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("logs/a.json"));
            out.write(trailFile(a));
            out.putNextEntry(new ZipEntry("logs/b.json.gz"));
            out.write(gzip(trailFile(b)));
        }
        Path file = write("export.zip", zip.toByteArray());

        IngestSummary summary = ingest(EvidenceMode.COPY, file);

        assertThat(evidenceFiles()).hasSize(1);
        assertThat(summary.files()).extracting(FileResult::evidence)
                .extracting(EvidenceRef::sha256, EvidenceRef::member)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(sha256(Files.readAllBytes(file)), "logs/a.json"),
                        org.assertj.core.groups.Tuple.tuple(sha256(Files.readAllBytes(file)), "logs/b.json.gz"));
        assertThat(ledger("SELECT string_agg(evidence_member, ',' ORDER BY evidence_member) FROM ingest_files"))
                .isEqualTo("logs/a.json,logs/b.json.gz");
        assertThat(rawText(eventId(1))).isEqualTo(a.get(1));
        assertThat(rawText(eventId(11))).isEqualTo(b.get(1));
    }

    @Test
    void tarGzAndAZipNestedInItAreKeptOnceAndServed() throws Exception {
        List<String> a = records(2, 0);
        List<String> b = records(2, 20);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("inner/b.json"));
            out.write(trailFile(b));
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(tar))) {
            addTar(out, "trail/a.json.gz", gzip(trailFile(a)));
            addTar(out, "nested.zip", zip.toByteArray());
        }
        Path file = write("acquisition.tar.gz", tar.toByteArray());

        ingest(EvidenceMode.COPY, file);

        assertThat(evidenceFiles()).hasSize(1);
        assertThat(ledger("SELECT string_agg(evidence_member, ',' ORDER BY evidence_member) FROM ingest_files"))
                .isEqualTo("nested.zip!/inner/b.json,trail/a.json.gz");
        assertThat(rawText(eventId(0))).isEqualTo(a.get(0));
        assertThat(rawText(eventId(21))).isEqualTo(b.get(1));
    }

    @Test
    void lookupEventsRecordIsDecodedFromItsCloudTrailEventString() throws Exception {
        String record = records(1, 0).get(0);
        String item = "{\"EventId\":\"" + eventId(0) + "\",\"EventName\":\"ListUsers\",\"CloudTrailEvent\":"
                + quote(record) + "}";
        Path file = write("lookup.json", ("{\"Events\":[" + item + "]}").getBytes(StandardCharsets.UTF_8));

        ingest(EvidenceMode.COPY, file);

        RawRecords.Raw raw = raw(eventId(0));
        assertThat(new String(raw.bytes(), StandardCharsets.UTF_8)).isEqualTo(record);
        assertThat(raw.decodedFrom()).startsWith("LookupEvents CloudTrailEvent string (/CloudTrailEvent)");
    }

    @Test
    void cloudWatchMessageIsDecodedFromItsLogEvent() throws Exception {
        String message = "Nov  4 09:15:31 ip-198-51-100-10 sshd[2211]: Invalid user admin from 203.0.113.45 port 51514";
        Path file = write("firehose.gz", gzip(payload("3801", message).getBytes(StandardCharsets.UTF_8)));

        ingest(EvidenceMode.COPY, file);

        String rowId = ledger("SELECT CAST(min(row_id) AS VARCHAR) FROM events WHERE source = 'cloudwatch'");
        RawRecords.Raw raw = raw(rowId);
        assertThat(new String(raw.bytes(), StandardCharsets.UTF_8)).isEqualTo(message);
        assertThat(raw.decodedFrom()).isEqualTo("CloudWatch message (/message) of the record at byte 158");
    }

    @Test
    void kinesisAndLambdaPayloadsAreDecodedThroughBase64AndGzipToTheMessage() throws Exception {
        String first = "Nov  4 09:15:31 web sshd[1]: Invalid user admin from 203.0.113.45 port 1";
        String second = "Nov  4 09:15:32 web sshd[2]: Invalid user root from 203.0.113.46 port 2";
        String data = Base64.getEncoder().encodeToString(gzip(payload2("3801", first, "3802", second).getBytes(StandardCharsets.UTF_8)));
        Path kinesis = write("kinesis.json", ("{\"Records\":[{\"kinesis\":{\"partitionKey\":\"k\",\"data\":\"" + data
                + "\"},\"eventSource\":\"aws:kinesis\"}]}").getBytes(StandardCharsets.UTF_8));
        String third = "Nov  4 09:15:33 web sshd[3]: Invalid user guest from 203.0.113.47 port 3";
        String lambdaData = Base64.getEncoder().encodeToString(gzip(payload("3803", third).getBytes(StandardCharsets.UTF_8)));
        Path lambda = write("lambda.json", ("{\"awslogs\":{\"data\":\"" + lambdaData + "\"}}").getBytes(StandardCharsets.UTF_8));

        ingest(EvidenceMode.COPY, kinesis, lambda);

        List<String> messages = new ArrayList<>();
        List<String> decodings = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFile());
             Statement statement = store.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT row_id FROM events WHERE source = 'cloudwatch' ORDER BY row_id")) {
            RawRecords records = new RawRecords(store);
            while (rows.next()) {
                RawRecords.Raw raw = records.read(records.find(rows.getString(1)).get(0));
                messages.add(new String(raw.bytes(), StandardCharsets.UTF_8));
                decodings.add(raw.decodedFrom());
            }
        }
        assertThat(messages).containsExactlyInAnyOrder(first, second, third);
        assertThat(decodings).containsExactlyInAnyOrder(
                "CloudWatch message (/kinesis/data|base64|gunzip/logEvents/0/message) of the record at byte 12",
                "CloudWatch message (/kinesis/data|base64|gunzip/logEvents/1/message) of the record at byte 12",
                "CloudWatch message (/data|base64|gunzip/logEvents/0/message) of the record at byte 11");
    }

    @Test
    void parquetRowIsServedAsJson() throws Exception {
        Path file = folder.resolve("in/AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=eu-west-1/"
                + "year=2025/month=11/day=04/hour=09/111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0915Z_1.log.parquet");
        Files.createDirectories(file.getParent());
        try (var connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES (5, '111122223333', 'eni-1', '203.0.113.45', '198.51.100.10', 51514,"
                    + " 22, 6::BIGINT, 14::BIGINT, 1840::BIGINT, 1762247700::BIGINT, 1762247760::BIGINT, 'ACCEPT', 'OK'),"
                    + " (5, '111122223333', 'eni-1', '203.0.113.46', '198.51.100.10', 40000, 22, 6::BIGINT, 3::BIGINT,"
                    + " 180::BIGINT, 1762247701::BIGINT, 1762247760::BIGINT, 'REJECT', 'OK')) AS flows(version, account_id,"
                    + " interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, \"start\", \"end\", action,"
                    + " log_status)) TO '" + file + "' (FORMAT PARQUET)");
        }

        ingest(EvidenceMode.COPY, file);

        String rowId = ledger("SELECT CAST(row_id AS VARCHAR) FROM events WHERE src_ip = '203.0.113.46'");
        RawRecords.Raw raw = raw(rowId);
        assertThat(new String(raw.bytes(), StandardCharsets.UTF_8)).contains("\"srcaddr\":\"203.0.113.46\"")
                .contains("\"action\":\"REJECT\"");
        assertThat(raw.decodedFrom()).startsWith("Parquet row 1");
    }

    @Test
    void referenceModeKeepsNoCopyAndServesTheOriginalWhileItIsUnchanged() throws Exception {
        List<String> records = records(2, 0);
        Path file = write("trail.json.gz", gzip(trailFile(records)));

        ingest(EvidenceMode.REFERENCE, file);

        assertThat(evidenceFiles()).isEmpty();
        assertThat(ledger("SELECT evidence_mode || ' ' || original_path FROM ingest_files"))
                .isEqualTo("reference " + file.toAbsolutePath());
        assertThat(rawText(eventId(1))).isEqualTo(records.get(1));
        assertThat(verify().clean()).isTrue();
    }

    @Test
    void referenceModeSaysClearlyWhenTheOriginalWasMoved() throws Exception {
        Path file = write("trail.json.gz", gzip(trailFile(records(2, 0))));
        ingest(EvidenceMode.REFERENCE, file);

        Files.move(file, folder.resolve("elsewhere.json.gz"));

        assertThatThrownBy(() -> raw(eventId(0))).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("referenced original " + file.toAbsolutePath() + " is missing");
        assertThat(verify().problems()).singleElement().satisfies(problem -> assertThat(problem.reason()).startsWith("missing"));
    }

    @Test
    void referenceModeRefusesAnOriginalThatChanged() throws Exception {
        Path file = write("trail.json.gz", gzip(trailFile(records(2, 0))));
        ingest(EvidenceMode.REFERENCE, file);

        Files.write(file, gzip(trailFile(records(2, 5))));

        assertThatThrownBy(() -> raw(eventId(0))).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("has changed since it was ingested");
        assertThat(verify().problems()).singleElement().satisfies(problem -> assertThat(problem.reason()).startsWith("changed"));
    }

    @Test
    void verifyReHashesEveryPartOfTheCaseAndFindsOneChanged() throws Exception {
        ingest(EvidenceMode.COPY, write("one.json", trailFile(records(2, 0))));
        EvidenceCheck.Result before = verify();
        assertThat(before.clean()).isTrue();
        assertThat(before.parts()).isPositive();

        Path part;
        try (Stream<Path> files = Files.walk(caseFile().resolve("tables"))) {
            part = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.write(part, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);

        assertThat(verify().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).startsWith("part tables/");
            assertThat(problem.reason()).startsWith("changed: SHA-256 is now");
        });
    }

    @Test
    void verifyFindsAChangedByteAndAMissingEvidenceFile() throws Exception {
        Path one = write("one.json.gz", gzip(trailFile(records(2, 0))));
        Path two = write("two.json.gz", gzip(trailFile(records(2, 10))));
        ingest(EvidenceMode.COPY, one, two);
        List<Path> kept = evidenceFiles();
        assertThat(verify().clean()).isTrue();
        assertThat(verify().copies()).isEqualTo(2);

        byte[] bytes = Files.readAllBytes(kept.get(0));
        bytes[bytes.length / 2] ^= 1;
        Files.write(kept.get(0), bytes);
        Files.delete(kept.get(1));

        EvidenceCheck.Result result = verify();
        assertThat(result.clean()).isFalse();
        assertThat(result.problems()).extracting(EvidenceCheck.Problem::reason)
                .anySatisfy(reason -> assertThat(reason).startsWith("changed: SHA-256 is now"))
                .anySatisfy(reason -> assertThat(reason).startsWith("missing"));
        assertThatThrownBy(() -> raw(kept.get(1).getFileName().toString().equals(sha256(Files.readAllBytes(one)))
                ? eventId(0) : eventId(10))).isInstanceOf(EvidenceException.class).hasMessageContaining("is missing");
    }

    @Test
    void anEventIdFoundInSeveralRecordsReturnsEach() throws Exception {
        String record = records(1, 0).get(0);
        Path trail = write("trail.json", trailFile(List.of(record)));
        Path other = write("copy.jsonl", record.replace("111122223333", "444455556666").getBytes(StandardCharsets.UTF_8));
        ingest(EvidenceMode.COPY, trail, other);

        try (CaseStore store = CaseStore.openReadOnly(caseFile())) {
            List<RawRecords.Pointer> found = new RawRecords(store).find(eventId(0));
            assertThat(found).hasSize(2);
            assertThat(found).extracting(RawRecords.Pointer::originFile)
                    .containsExactlyInAnyOrder(trail.toString(), other.toString());
        }
    }

    // ---- helpers: real files as AWS writes them

    private static String eventId(int id) {
        return "00000000-0000-4000-8000-%012d".formatted(id);
    }

    private static List<String> records(int count, int firstId) {
        List<String> records = new ArrayList<>();
        for (int i = firstId; i < firstId + count; i++) {
            records.add("""
                    {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE000000001",\
                    "arn":"arn:aws:iam::111122223333:user/ops-admin","accountId":"111122223333",\
                    "accessKeyId":"AKIAEXAMPLE000000001","userName":"ops-admin"},"eventTime":"2025-11-04T09:00:%02dZ",\
                    "eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1",\
                    "sourceIPAddress":"203.0.113.%d","userAgent":"aws-cli/2.17.0","requestParameters":null,\
                    "responseElements":null,"requestID":"req-%d","eventID":"%s","readOnly":true,\
                    "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333",\
                    "eventCategory":"Management"}""".formatted(i % 60, i % 250, i, eventId(i)));
        }
        return records;
    }

    private static byte[] trailFile(List<String> records) {
        return ("{\"Records\":[" + String.join(",\n", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String payload(String id, String message) {
        return "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"/var/log/secure\","
                + "\"logStream\":\"i-0123456789abcdef0\",\"subscriptionFilters\":[\"ir\"],\"logEvents\":[{\"id\":\"" + id
                + "\",\"timestamp\":1762247731000,\"message\":" + quote(message) + "}]}";
    }

    private static String payload2(String id1, String message1, String id2, String message2) {
        return "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"/var/log/secure\","
                + "\"logStream\":\"i-0123456789abcdef0\",\"subscriptionFilters\":[\"ir\"],\"logEvents\":[{\"id\":\"" + id1
                + "\",\"timestamp\":1762247731000,\"message\":" + quote(message1) + "},{\"id\":\"" + id2
                + "\",\"timestamp\":1762247732000,\"message\":" + quote(message2) + "}]}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private List<Path> evidenceFiles() throws IOException {
        Path root = folder.resolve("case/evidence/sha256");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private String ledger(String sql) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile());
             Statement statement = store.connection().createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void addTar(TarArchiveOutputStream out, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
