package dev.cloudsift.formats.alb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ElbAccessReaderTest {
    private static final String S3_PATH = "logs/AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2025/11/04/"
            + "111122223333_elasticloadbalancing_eu-west-1_app.shop-alb.50dc6c495c0c9188_20251104T0920Z_198.51.100.20_1c99519d.log.gz";
    private static final String WAF_BLOCK = "https 2025-11-04T09:15:30.186641Z app/shop-alb/50dc6c495c0c9188 203.0.113.45:51770 - -1 -1 -1"
            + " 403 - 311 202 \"GET https://shop.example.com:443/search?q=1%20OR%201=1 HTTP/1.1\" \"sqlmap/1.8\" TLS_AES_128_GCM_SHA256"
            + " TLSv1.3 - \"Root=1-6909c432-afbe2f25cbf10be8f05894df\" \"shop.example.com\""
            + " \"arn:aws:acm:eu-west-1:111122223333:certificate/c9369cb9-8cf6-43f6-89b0-08dd42fd82fa\" 0"
            + " 2025-11-04T09:15:30.181000Z \"waf\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" TID_9387e8725d7b1b285902458879705fe2\n";

    @Test
    void readsAGzippedAlbObjectWithAccountAndRegionFromItsKey() throws IOException {
        FormatHarness.Result result = FormatHarness.read(gzip("Enable AccessLog for ELB: app/shop-alb/50dc6c495c0c9188 at"
                + " 2025-11-04T09:00:00.000Z\n" + WAF_BLOCK), S3_PATH);

        assertThat(result.format()).map(format -> format.name()).contains("alb.access");
        assertThat(result.skipped()).hasSize(1);
        assertThat(result.problems()).isEmpty();
        Event event = result.events().get(0);
        assertThat(event.accountId()).isEqualTo("111122223333");
        assertThat(event.region()).isEqualTo("eu-west-1");
        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isEqualTo("403");
        assertThat(event.action()).isEqualTo("GET");
        assertThat(event.dstIp()).as("WAF blocked before any target").isNull();
        assertThat(result.column("alb", "actions_executed")).containsExactly("waf");
    }

    @Test
    void sameLineFromTwoAcquisitionsHasOneDedupeKey() throws IOException {
        FormatHarness.Result first = FormatHarness.read(WAF_BLOCK.getBytes(StandardCharsets.UTF_8), "a.log");
        FormatHarness.Result second = FormatHarness.read(gzip(WAF_BLOCK), S3_PATH);

        assertThat(first.records().get(0).dedupeKey()).startsWith("alb:").isEqualTo(second.records().get(0).dedupeKey());
    }

    @Test
    void quarantinesAHugeLineWithoutHoldingIt() throws IOException {
        String huge = WAF_BLOCK.replace("sqlmap/1.8", "A".repeat(1024 * 1024));

        FormatHarness.Result result = FormatHarness.read((WAF_BLOCK + huge + WAF_BLOCK).getBytes(StandardCharsets.UTF_8), "a.log");

        assertThat(result.records()).hasSize(2);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("line of " + (huge.length() - 1) + " bytes is longer than the 131072"
                    + " a load balancer entry can be (kept: its first bytes)");
            assertThat(problem.raw()).hasSizeLessThanOrEqualTo(ElbAccessReader.MAX_LINE_BYTES);
        });
    }

    @Test
    void quarantinesALineOfTooManyFieldsWithoutSplittingItAll() throws IOException {
        String line = WAF_BLOCK.strip() + " x".repeat(5000) + "\n";

        FormatHarness.Result result = FormatHarness.read((WAF_BLOCK + line).getBytes(StandardCharsets.UTF_8), "a.log");

        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .isEqualTo("unreadable load balancer log line: more than 128 fields"));
    }

    @Test
    void neitherFormatClaimsTheOthersLines() throws IOException {
        String flow = "2 111122223333 eni-0a1b2c3d4e5f60718 203.0.113.45 198.51.100.10 51514 22 6 14 1840 1762247700 1762247760 ACCEPT OK\n";

        assertThat(FormatHarness.read(flow.getBytes(StandardCharsets.UTF_8), "x.log").format())
                .map(format -> format.name()).contains("vpcflow.text");
        assertThat(FormatHarness.read(WAF_BLOCK.getBytes(StandardCharsets.UTF_8), "x.log").format())
                .map(format -> format.name()).contains("alb.access");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
