package dev.cloudsift.acquire;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.Json;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3AcquisitionTest {
    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent()
            .withHttpPort(0).withProperty("server.address", "127.0.0.1").withProperty("com.adobe.testing.s3mock.region", "us-east-1")
            .withSecureConnection(false).withInitialBuckets("trail-bucket", "access-bucket").build();

    static final String ACCESS_KEY = "AKIAFAKEACCESS000001";
    static final String SECRET_KEY = "fakeSecretKeyThatMustNeverBeWritten0001";
    static final Instant FROM = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2024-03-01T23:59:59Z");
    static final String TRAIL = "AWSLogs/111122223333/CloudTrail/us-east-1/";
    static final String ORGANIZATION_TRAIL = "org/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/";

    @TempDir
    Path temporary;

    static AwsAccess access() {
        return new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
                URI.create("http://127.0.0.1:" + S3_MOCK.getHttpPort()));
    }

    @BeforeAll
    static void upload() throws IOException {
        try (AwsAccess access = access(); S3Client s3 = access.s3("us-east-1")) {
            put(s3, "trail-bucket", TRAIL + "2024/02/29/111122223333_CloudTrail_us-east-1_20240229T2355Z_before.json.gz", trailFile("before", "2024-02-29T23:55:00Z"));
            put(s3, "trail-bucket", TRAIL + "2024/03/01/111122223333_CloudTrail_us-east-1_20240301T1000Z_first.json.gz", trailFile("first", "2024-03-01T10:00:00Z"));
            put(s3, "trail-bucket", TRAIL + "2024/03/01/111122223333_CloudTrail_us-east-1_20240301T1100Z_second.json.gz", trailFile("second", "2024-03-01T11:00:00Z"));
            put(s3, "trail-bucket", TRAIL + "2024/03/02/111122223333_CloudTrail_us-east-1_20240302T0005Z_late.json.gz", trailFile("late", "2024-03-01T23:58:00Z"));
            put(s3, "trail-bucket", TRAIL + "2024/03/03/111122223333_CloudTrail_us-east-1_20240303T0005Z_after.json.gz", trailFile("after", "2024-03-03T00:01:00Z"));
            put(s3, "trail-bucket", ORGANIZATION_TRAIL + "2024/03/01/111122223333_CloudTrail_eu-west-1_20240301T1200Z_org.json.gz", trailFile("org", "2024-03-01T12:00:00Z"));
            put(s3, "trail-bucket", "AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/01/"
                    + "111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20240301T1000Z_5e8f3b2a.log.gz", gzip(
                    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                    + "2 111122223333 eni-0a1b2c3d4e5f60009 10.0.0.5 203.0.113.7 50000 443 6 10 8400 1709287200 1709287260 ACCEPT OK\n"));
            put(s3, "access-bucket", "logs/2024-03-01-12-00-00-0123456789ABCDEF", accessLine().getBytes(StandardCharsets.UTF_8));
            put(s3, "access-bucket", "logs/2024-02-20-12-00-00-0123456789ABCDEF", accessLine().getBytes(StandardCharsets.UTF_8));
            // A multipart object (one part): its ETag ends in -1 and is no MD5.
            String key = TRAIL + "2024/03/01/111122223333_CloudTrail_us-east-1_20240301T1300Z_multipart.json.gz";
            String upload = s3.createMultipartUpload(request -> request.bucket("trail-bucket").key(key)).uploadId();
            String etag = s3.uploadPart(request -> request.bucket("trail-bucket").key(key).uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(trailFile("multipart", "2024-03-01T13:00:00Z"))).eTag();
            s3.completeMultipartUpload(request -> request.bucket("trail-bucket").key(key).uploadId(upload)
                    .multipartUpload(parts -> parts.parts(part -> part.partNumber(1).eTag(etag))));
        }
    }

    private static void put(S3Client s3, String bucket, String key, byte[] content) {
        s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static byte[] trailFile(String id, String time) throws IOException {
        String json = "{\"Records\":[{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\",\"userName\":\"alice\"},"
                + "\"eventTime\":\"" + time.replace(".000", "") + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli/2.15.0\","
                + "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\"req-" + id + "\",\"eventID\":\"event-" + id + "\","
                + "\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"}]}";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String accessLine() {
        return "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be access-bucket [01/Mar/2024:12:00:00 +0000] "
                + "203.0.113.7 arn:aws:iam::111122223333:user/alice 3E57427F3EXAMPLE REST.GET.OBJECT secret.txt "
                + "\"GET /access-bucket/secret.txt HTTP/1.1\" 200 - 113 113 9 8 \"-\" \"curl/8.0\" - "
                + "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 "
                + "ECDHE-RSA-AES128-GCM-SHA256 AuthHeader access-bucket.s3.us-east-1.amazonaws.com TLSv1.2 - -\n";
    }

    private S3Acquisition.Result acquire(Path folder, int threads, int maxDownloads) throws Exception {
        try (AwsAccess access = access(); S3Client s3 = access.s3("us-east-1")) {
            Manifest manifest = Manifest.open(folder);
            S3Acquisition.Result result = new S3Acquisition(s3, manifest, FROM, TO, threads, maxDownloads).run(
                    List.of(S3Location.parse("s3://trail-bucket/"), S3Location.parse("s3://access-bucket/logs/")), false);
            if (result.stoppedEarly()) {
                manifest.close();
            } else {
                manifest.finish(Json.MAPPER.createObjectNode());
            }
            return result;
        }
    }

    @Test
    void downloadsTheWindowAndTheDayAfterInTheBucketLayoutWithVerifiedChecksums() throws Exception {
        Path folder = temporary.resolve("acquired");
        S3Acquisition.Result result = acquire(folder, 4, Integer.MAX_VALUE);

        assertThat(result.failures()).isEmpty();
        assertThat(result.fetched()).isEqualTo(7);
        assertThat(result.outOfWindow()).isEqualTo(3);
        assertThat(Files.exists(folder.resolve("s3/trail-bucket/" + TRAIL + "2024/03/02/111122223333_CloudTrail_us-east-1_20240302T0005Z_late.json.gz"))).isTrue();
        assertThat(Files.exists(folder.resolve("s3/trail-bucket/" + TRAIL + "2024/02/29"))).isFalse();
        assertThat(Files.exists(folder.resolve("s3/trail-bucket/" + TRAIL + "2024/03/03"))).isFalse();
        assertThat(Files.exists(folder.resolve("s3/trail-bucket/" + ORGANIZATION_TRAIL + "2024/03/01"))).isTrue();
        assertThat(Files.readString(folder.resolve("s3/access-bucket/logs/2024-03-01-12-00-00-0123456789ABCDEF"))).isEqualTo(accessLine());

        List<Manifest.Entry> entries = Manifest.read(folder);
        assertThat(entries).hasSize(7);
        for (Manifest.Entry entry : entries) {
            assertThat(Manifest.sha256(folder.resolve(entry.path()))).isEqualTo(entry.sha256());
            assertThat(entry.size()).isEqualTo(Files.size(folder.resolve(entry.path())));
            assertThat(entry.origin()).isEqualTo("s3://" + entry.path().substring(3));
            assertThat(entry.verification()).isEqualTo(entry.path().contains("multipart")
                    ? "size only (multipart ETag " + entry.etag().replace("\"", "") + " is not an MD5)" : "md5 matches ETag");
        }
        assertThat(entries.stream().filter(entry -> entry.path().contains("multipart")).findFirst().orElseThrow().etag()).endsWith("-1\"");
        assertThat(Files.list(folder).map(path -> path.getFileName().toString())).contains(Manifest.FILE, Manifest.SUMMARY);
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).noneMatch(path -> path.toString().endsWith(".part"));
            for (Path file : written) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
            }
        }
    }

    @Test
    void aBucketThatCannotBeListedIsReportedAndTheOthersAreStillFetched() throws Exception {
        Path folder = temporary.resolve("missing");
        try (AwsAccess access = access(); S3Client s3 = access.s3("us-east-1")) {
            Manifest manifest = Manifest.open(folder);
            S3Acquisition.Result result = new S3Acquisition(s3, manifest, FROM, TO, 2, Integer.MAX_VALUE).run(
                    List.of(S3Location.parse("s3://no-such-bucket/AWSLogs/"), S3Location.parse("s3://access-bucket/logs/")), false);
            manifest.close();
            assertThat(result.failures()).singleElement().satisfies(failure -> assertThat(failure)
                    .startsWith("listing s3://no-such-bucket/AWSLogs/: ").contains("bucket does not exist"));
            assertThat(result.fetched()).isEqualTo(1);
        }
    }

    @Test
    void resumesAfterAnInterruptionToTheSameFilesAndManifestAsAnUninterruptedRun() throws Exception {
        Path interrupted = temporary.resolve("interrupted");
        S3Acquisition.Result first = acquire(interrupted, 1, 2);
        assertThat(first.stoppedEarly()).isTrue();
        assertThat(first.fetched()).isEqualTo(2);
        assertThat(Manifest.read(interrupted)).hasSize(2);

        S3Acquisition.Result resumed = acquire(interrupted, 3, Integer.MAX_VALUE);
        assertThat(resumed.alreadyPresent()).isEqualTo(2);
        assertThat(resumed.fetched()).isEqualTo(5);

        Path clean = temporary.resolve("clean");
        acquire(clean, 2, Integer.MAX_VALUE);
        assertThat(withoutFetchTimes(Manifest.read(interrupted))).isEqualTo(withoutFetchTimes(Manifest.read(clean)));
        for (Manifest.Entry entry : Manifest.read(clean)) {
            assertThat(Files.readAllBytes(interrupted.resolve(entry.path()))).isEqualTo(Files.readAllBytes(clean.resolve(entry.path())));
        }

        byte[] manifestBefore = Files.readAllBytes(interrupted.resolve(Manifest.FILE));
        S3Acquisition.Result again = acquire(interrupted, 2, Integer.MAX_VALUE);
        assertThat(again.fetched()).isZero();
        assertThat(again.alreadyPresent()).isEqualTo(7);
        assertThat(Files.readAllBytes(interrupted.resolve(Manifest.FILE))).isEqualTo(manifestBefore);
    }

    private static List<Manifest.Entry> withoutFetchTimes(List<Manifest.Entry> entries) {
        return entries.stream().map(entry -> new Manifest.Entry(entry.path(), entry.source(), entry.origin(), entry.region(),
                Instant.EPOCH, entry.size(), entry.etag(), entry.sha256(), entry.verification())).toList();
    }

    @Test
    void fetchesAgainALocalCopyThatNoLongerMatchesItsChecksum() throws Exception {
        Path folder = temporary.resolve("corrupted");
        acquire(folder, 2, Integer.MAX_VALUE);
        Path file = folder.resolve("s3/access-bucket/logs/2024-03-01-12-00-00-0123456789ABCDEF");
        Files.writeString(file, accessLine().replace("203.0.113.7", "198.51.100.1"));

        S3Acquisition.Result rerun = acquire(folder, 2, Integer.MAX_VALUE);

        assertThat(rerun.fetched()).isEqualTo(1);
        assertThat(rerun.alreadyPresent()).isEqualTo(6);
        assertThat(Files.readString(file)).isEqualTo(accessLine());
    }

    @Test
    void rejectsABodyWhoseMd5DiffersFromTheEtag() {
        assertThat(S3Acquisition.verify("\"0cc175b9c0f1b6a831c399e269772661\"", 1L, 1, "0cc175b9c0f1b6a831c399e269772661"))
                .isEqualTo("md5 matches ETag");
        assertThat(S3Acquisition.verify("\"0cc175b9c0f1b6a831c399e269772661\"", 1L, 1, "92eb5ffee6ae2fec3ad71c777531578f"))
                .startsWith("MISMATCH: ETag");
        assertThat(S3Acquisition.verify("\"0cc175b9c0f1b6a831c399e269772661\"", 2L, 1, "0cc175b9c0f1b6a831c399e269772661"))
                .isEqualTo("MISMATCH: listed 2 bytes, received 1");
        assertThat(S3Acquisition.verify("\"d41d8cd98f00b204e9800998ecf8427e-3\"", 1L, 1, "x")).startsWith("size only (multipart");
    }

    @Test
    void dryRunListsWhatWouldBeFetchedAndWritesNoFile() throws Exception {
        Path folder = temporary.resolve("dry");
        try (AwsAccess access = access(); S3Client s3 = access.s3("us-east-1")) {
            Manifest manifest = Manifest.open(folder);
            S3Acquisition.Result result = new S3Acquisition(s3, manifest, FROM, TO, 2, Integer.MAX_VALUE)
                    .run(List.of(S3Location.parse("s3://trail-bucket/AWSLogs/")), true);
            manifest.close();
            assertThat(result.planned()).hasSize(5);
            assertThat(result.planned().stream().mapToLong(object -> object.size()).sum()).isPositive();
        }
        assertThat(Files.exists(folder.resolve("s3"))).isFalse();
    }

    @Test
    void acquiredFolderIngestsIntoACase() throws Exception {
        Path folder = temporary.resolve("loop");
        acquire(folder, 2, Integer.MAX_VALUE);
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(temporary.resolve("case"), registry.formats())) {
            new Ingest(store, registry).run(IngestOptions.of(List.of(folder.resolve("s3"))), IngestListener.NONE);
            try (Statement statement = store.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT source, count(*) FROM events GROUP BY source ORDER BY source")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("cloudtrail");
                assertThat(rows.getLong(2)).isEqualTo(5);
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("s3access");
                assertThat(rows.getLong(2)).isEqualTo(1);
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("vpcflow");
                assertThat(rows.getLong(2)).isEqualTo(1);
            }
        }
    }

}
