package dev.cloudsift.formats.s3access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lines of S3 server access logs that trip readers (seen in the conformance corpus), on one fixture of our own:
 * {@code s3access-traps/2025-11-04-10-00-00-A1B2C3D4E5F60718}, one trap per line.
 */
class S3AccessTrapsTest {
    private static FormatHarness.Result result;

    @BeforeAll
    static void read() throws IOException {
        result = FormatHarness.read(Path.of("src/test/resources/s3access-traps/2025-11-04-10-00-00-A1B2C3D4E5F60718"));
        assertThat(result.format()).map(format -> format.name()).contains("s3access.text");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(6);
    }

    private static Object column(String name, int line) {
        return result.column("s3access", name).get(line - 1);
    }

    @Test
    void storesATimeWithAnOffsetInUtc() {
        assertThat(column("request_time", 1)).isEqualTo(Instant.parse("2025-11-04T09:15:30Z"));
    }

    @Test
    void keepsAnAsteriskRequestUriAndAnUpperCaseTlsVersionAsWritten() {
        assertThat(column("request_uri", 1)).isEqualTo("OPTIONS * HTTP/1.0");
        assertThat(column("tls_version", 1)).isEqualTo("TLSV1.1");
    }

    @Test
    void leavesAclRequiredUnknownOnALineThatStopsAtTheAccessPointArn() {
        assertThat(column("access_point_arn", 2)).isNull();
        assertThat(column("acl_required", 2)).as("the field is absent, not false").isNull();
        assertThat(column("acl_required", 3)).isEqualTo(true);
        assertThat(column("acl_required", 4)).isEqualTo(false);
        assertThat(column("access_point_arn", 3)).isEqualTo("arn:aws:s3:eu-west-1:111122223333:accesspoint/logs-ap");
    }

    @Test
    void givesALineWithoutHttpStatusAnUnknownOutcome() {
        assertThat(column("http_status", 4)).isNull();
        assertThat(result.events().get(3).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(result.events().get(2).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void readsALifecycleExpiryWithoutAddressOrRequestUri() {
        assertThat(column("operation", 5)).isEqualTo("S3.EXPIRE.OBJECT");
        assertThat(column("request_uri", 5)).isNull();
        assertThat(column("remote_ip", 5)).isNull();
        assertThat(column("requester", 5)).isEqualTo("AmazonS3");
        assertThat(column("object_size", 5)).isEqualTo(4096L);
        assertThat(column("version_id", 5)).isEqualTo("vErSiOnIdOfTheExpiredObject0001");
        assertThat(column("field_count", 5)).isEqualTo(26);
    }

    @Test
    void readsABatchDeleteWithAnUnquotedDashForItsRequestUri() {
        assertThat(column("operation", 6)).isEqualTo("BATCH.DELETE.OBJECT");
        assertThat(column("request_uri", 6)).isNull();
        assertThat(column("http_status", 6)).isEqualTo(204);
        assertThat(column("requester", 6)).isEqualTo("arn:aws:iam::111122223333:user/media-admin");
    }

    @Test
    void givesCopiesOfOneRequestOneDedupeKey() {
        assertThat(result.records().subList(1, 4)).extracting(LogRecord::dedupeKey)
                .containsOnly("s3access:B7C8D9E0F1A20002:hostidSAME2222cccc=");
        assertThat(result.records().get(0).dedupeKey()).isNotEqualTo(result.records().get(1).dedupeKey());
    }
}
