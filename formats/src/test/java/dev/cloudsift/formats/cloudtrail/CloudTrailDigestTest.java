package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Digest rows carry what validation needs: the hash of the bytes read and whether the digest is a backfill. */
class CloudTrailDigestTest {
    private static final String DIGEST = "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2025-11-04T09:00:00Z\","
            + "\"digestEndTime\":\"2025-11-04T10:00:00Z\",\"digestS3Bucket\":\"b\",\"digestS3Object\":\"d.json.gz\","
            + "\"logFiles\":[{\"s3Bucket\":\"b\",\"s3Object\":\"l1.json.gz\",\"hashValue\":\"aa\"},"
            + "{\"s3Bucket\":\"b\",\"s3Object\":\"l2.json.gz\",\"hashValue\":\"bb\"}]}";

    @Test
    void hashesTheInflatedBytesAndTakesBackfillFromTheNameOrAnOption() throws IOException, NoSuchAlgorithmException {
        byte[] bytes = DIGEST.getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        FormatHarness.Result plain = FormatHarness.read(new ByteArrayInputStream(bytes), "saved-digest.json",
                bytes.length, Map.of());
        assertThat(plain.records()).singleElement().satisfies(record -> {
            assertThat(record.event()).isNull();
            assertThat(record.rows()).hasSize(2);
            assertThat(record.dedupeKey()).isEqualTo("cloudtrail-digest:b/d.json.gz");
        });
        assertThat(plain.column("cloudtrail_digests", "digest_sha256")).containsOnly(sha256);
        assertThat(plain.column("cloudtrail_digests", "backfill")).containsOnly(false);
        assertThat(plain.column("cloudtrail_digests", "log_file_s3_object")).containsExactly("l1.json.gz", "l2.json.gz");

        FormatHarness.Result byName = FormatHarness.read(new ByteArrayInputStream(bytes),
                "x/111122223333_CloudTrail-Digest_eu-west-1_t_us-east-1_20251104T100000Z_backfill.json.gz", bytes.length,
                Map.of());
        assertThat(byName.column("cloudtrail_digests", "backfill")).containsOnly(true);

        FormatHarness.Result byOption = FormatHarness.read(new ByteArrayInputStream(bytes), "saved-digest.json",
                bytes.length, Map.of("cloudtrail.backfill", "true"));
        assertThat(byOption.column("cloudtrail_digests", "backfill")).containsOnly(true);
    }
}
