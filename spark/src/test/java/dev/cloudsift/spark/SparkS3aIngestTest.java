package dev.cloudsift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudsift-spark ingest s3a://bucket/prefix} against a real S3 endpoint (S3Mock on loopback) through
 * Hadoop's S3A connector, configured as a user configures it: the ledger references every object by URI, ETag and
 * SHA-256, a broken object is quarantined and the rest goes on, counts reconcile, and the case holds the same rows
 * as a local ingest of the same files.
 */
class SparkS3aIngestTest {
    static {
        // whatever machine runs the tests, no AWS instance metadata lookups
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("com.amazonaws.sdk.disableEc2Metadata", "true");
        // Hadoop's client jar carries a relocated Woodstox that also registers itself as the StAX provider: S3Mock's
        // XML (Jackson) must get the plain Woodstox it was built with
        System.setProperty("javax.xml.stream.XMLInputFactory", "com.ctc.wstx.stax.WstxInputFactory");
        System.setProperty("javax.xml.stream.XMLOutputFactory", "com.ctc.wstx.stax.WstxOutputFactory");
    }

    private static final String BUCKET = "trail-bucket";
    private static final String ACCESS_KEY = "AKIAFAKEACCESS000001";
    private static final String SECRET_KEY = "fakeSecretKeyThatMustNeverBeWritten0001";

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent()
            .withHttpPort(0).withProperty("server.address", "127.0.0.1").withProperty("com.adobe.testing.s3mock.region", "us-east-1")
            .withSecureConnection(false).withInitialBuckets(BUCKET).build();

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("cloudsift-s3a");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The S3A settings docs/spark.md gives for an S3-compatible endpoint with static keys. */
    private static void configureS3a(String endpoint) {
        var hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs.s3a.endpoint", endpoint);
        hadoop.set("fs.s3a.endpoint.region", "us-east-1");
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.connection.ssl.enabled", "false");
        hadoop.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        hadoop.set("fs.s3a.access.key", ACCESS_KEY);
        hadoop.set("fs.s3a.secret.key", SECRET_KEY);
        // S3Mock ignores If-Match on GET; S3A then compares the ETag of each response itself, as it does for stores
        // that do not support conditional reads
        hadoop.set("fs.s3a.change.detection.mode", "client");
        // a test fails at once rather than after S3A's retries
        hadoop.set("fs.s3a.attempts.maximum", "1");
        hadoop.set("fs.s3a.retry.limit", "1");
    }

    @Test
    void objectsUnderAnS3aPrefixAreIngestedAsLocalFilesAreWithTheirEtagsInTheLedger(@TempDir Path temp) throws Exception {
        String endpoint = "http://127.0.0.1:" + S3_MOCK.getHttpPort();
        AmazonS3 s3 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1")).withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY))).build();

        // One small dataset: a region's CloudTrail files of the example, a copy of one file's records in other bytes
        // (every record a duplicate), the same bytes under a second key (already ingested) and a gzip cut short.
        Path example = Path.of("../examples/acme-incident").toAbsolutePath().normalize();
        Path local = temp.resolve("local");
        List<Path> trail;
        try (Stream<Path> files = Files.list(example.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/03"))) {
            trail = files.sorted().toList();
        }
        for (Path file : trail) {
            Path copy = local.resolve(example.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy);
        }
        byte[] first = Files.readAllBytes(trail.get(0));
        gzip(local.resolve("extra/again.json.gz"), gunzip(first) + "\n");
        Files.write(local.resolve("extra/same-bytes.json.gz"), first);
        // every record of the region in one object, cut short: its first records are read (copies of the files
        // above), the rest quarantined
        var records = dev.cloudsift.core.Json.MAPPER.createArrayNode();
        for (Path file : trail) {
            records.addAll((com.fasterxml.jackson.databind.node.ArrayNode) dev.cloudsift.core.Json.MAPPER
                    .readTree(gunzip(Files.readAllBytes(file))).get("Records"));
        }
        Path whole = temp.resolve("whole.json.gz");
        gzip(whole, dev.cloudsift.core.Json.MAPPER.createObjectNode().set("Records", records).toPrettyString());
        byte[] compressed = Files.readAllBytes(whole);
        Files.write(local.resolve("extra/truncated.json.gz"), java.util.Arrays.copyOf(compressed, compressed.length * 3 / 4));

        Map<String, String> etags = new TreeMap<>();
        List<Path> uploads;
        try (Stream<Path> files = Files.walk(local)) {
            uploads = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : uploads) {
            String key = "logs/" + local.relativize(file);
            etags.put("s3a://" + BUCKET + "/" + key, s3.putObject(BUCKET, key, file.toFile()).getETag());
        }
        s3.putObject(BUCKET, "elsewhere/not-asked-for.json.gz", trail.get(0).toFile());

        configureS3a(endpoint);
        Path onS3 = temp.resolve("s3a-case");
        SparkIngest.Summary summary = new SparkIngest(spark).run(List.of("s3a://" + BUCKET + "/logs/"), onS3, Map.of());
        assertThat(summary.files()).hasSize(uploads.size());
        assertThat(summary.read()).as("%s", summary.files()).isPositive().isEqualTo(summary.stored() + summary.duplicates() + summary.quarantined());
        assertThat(summary.duplicates()).as("%s", summary.files()).isPositive();
        assertThat(summary.quarantined()).as("%s", summary.files()).isPositive();

        Path localCase = temp.resolve("local-case");
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(localCase, registry.formats())) {
            new Ingest(store, registry).run(new IngestOptions(List.of(local), Map.of(), 2, EvidenceMode.REFERENCE), IngestListener.NONE);
        }

        try (CaseStore a = CaseStore.openReadOnly(localCase); CaseStore b = CaseStore.openReadOnly(onS3)) {
            // every object referenced: its URI, size, time, ETag and the SHA-256 of the bytes read, nothing copied
            List<String> expected = new ArrayList<>();
            for (Path file : uploads) {
                String uri = "s3a://" + BUCKET + "/logs/" + local.relativize(file);
                expected.add(uri + " " + Files.size(file) + " " + sha256(Files.readAllBytes(file)) + " " + etags.get(uri)
                        + " reference true");
            }
            assertThat(SparkEquivalenceTest.column(b, "SELECT original_path || ' ' || original_size || ' ' || evidence_sha256"
                    + " || ' ' || original_etag || ' ' || evidence_mode || ' ' || (original_mtime IS NOT NULL)"
                    + " || CASE WHEN path = original_path AND sha256 = evidence_sha256 THEN '' ELSE ' differs' END"
                    + " FROM ingest_files ORDER BY path")).containsExactlyElementsOf(expected);
            assertThat(etags.get("s3a://" + BUCKET + "/logs/" + local.relativize(uploads.get(0))))
                    .as("a single PUT's ETag is the MD5 of its bytes").isEqualTo(md5(Files.readAllBytes(uploads.get(0))));
            assertThat(onS3.resolve("evidence")).doesNotExist();

            // counts reconcile per object, and the broken one is quarantined with its reason, the rest stored
            assertThat(b.scalarLong("SELECT count(*) FROM ingest_files WHERE records_read <> stored + duplicates + quarantined"))
                    .isZero();
            assertThat(SparkEquivalenceTest.column(b, "SELECT status || ' ' || (duplicates > 0) || ' ' || (quarantined > 0) FROM ingest_files"
                    + " WHERE path LIKE '%/truncated.json.gz'")).containsExactly("partial true true");
            assertThat(SparkEquivalenceTest.column(b, "SELECT path FROM quarantine WHERE reason LIKE '%the rest%'"))
                    .containsExactly("s3a://" + BUCKET + "/logs/extra/truncated.json.gz");
            assertThat(SparkEquivalenceTest.column(b, "SELECT status || ' ' || (same_as_file_id IS NOT NULL) FROM ingest_files"
                    + " WHERE path LIKE '%/same-bytes.json.gz'")).containsExactly("already-ingested true");

            // the same ledger counts and the same rows as a local ingest of the same files
            String ledger = "SELECT regexp_replace(path, '^.*/(logs|local)/', '') AS name, size, sha256, format, status,"
                    + " records_read, stored, duplicates, quarantined, skipped, min_time, max_time, hint_account_id, hint_region,"
                    + " hint_date FROM ingest_files";
            assertThat(SparkEquivalenceTest.rows(b, ledger)).containsExactlyElementsOf(SparkEquivalenceTest.rows(a, ledger));
            String rows = "SELECT * EXCLUDE (row_id) FROM cloudtrail";
            assertThat(SparkEquivalenceTest.rows(b, rows)).isNotEmpty().containsExactlyElementsOf(SparkEquivalenceTest.rows(a, rows));
            String quarantine = "SELECT \"offset\", line, reason, raw FROM quarantine";
            assertThat(SparkEquivalenceTest.rows(b, quarantine)).containsExactlyElementsOf(SparkEquivalenceTest.rows(a, quarantine));
        }
        // and in the Parquet catalogue other engines read
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(original_etag) FROM read_parquet("
                     + dev.cloudsift.store.CaseParts.literal(onS3.resolve("catalogue/ingest_files/ingest-1.parquet")) + ")")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(uploads.size());
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void gzip(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
