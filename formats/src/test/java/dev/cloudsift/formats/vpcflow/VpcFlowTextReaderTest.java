package dev.cloudsift.formats.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.PathHints;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class VpcFlowTextReaderTest {
    private static final String S3_PATH =
            "bucket/AWSLogs/111122223333/vpcflowlogs/eu-west-1/2025/11/04/111122223333_vpcflowlogs_eu-west-1_fl-0a1b2c3d4e5f60718_20251104T0915Z_2069646b.log.gz";
    private static final String HEADER =
            "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";
    private static final String LINE =
            "2 111122223333 eni-0a1b2c3d4e5f60718 203.0.113.45 198.51.100.10 51514 22 6 14 1840 1762247700 1762247760 ACCEPT OK\n";

    @Test
    void readsAGzippedS3ObjectAndTakesTheRegionFromItsPath() throws IOException {
        FormatHarness.Result result = FormatHarness.read(gzip(HEADER + LINE + LINE.replace("51514", "51515")), S3_PATH);

        assertThat(result.format()).map(format -> format.name()).contains("vpcflow.text");
        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).hasSize(2).allSatisfy(event -> assertThat(event.region()).isEqualTo("eu-west-1"));
        assertThat(result.records().get(0).position().line()).isEqualTo(2);
    }

    @Test
    void yieldsTheRecordsBeforeATruncatedGzipThenReportsTheBrokenStream() throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 0; i < 2000; i++) {
            text.append(LINE.replace("51514", Integer.toString(10000 + i)));
        }
        byte[] whole = gzip(text.toString());
        byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);

        FormatHarness.Result result = FormatHarness.read(truncated, S3_PATH);

        assertThat(result.records()).isNotEmpty().hasSizeLessThan(2000);
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isPresent();
    }

    @Test
    void quarantinesAOneMegabyteLineWithoutHoldingIt() throws IOException {
        String huge = "2 111122223333 eni-0a1b2c3d4e5f60718 " + "9".repeat(1024 * 1024) + "\n";

        FormatHarness.Result result = FormatHarness.read((HEADER + huge + LINE).getBytes(StandardCharsets.UTF_8), "flows.log");

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(
                    "line of 1048613 bytes is longer than the 65536 a flow log record can be (kept: its first bytes)");
            assertThat(problem.raw()).hasSize(VpcFlowTextReader.MAX_LINE_BYTES);
            assertThat(problem.position().line()).isEqualTo(2);
        });
        assertThat(result.records()).singleElement()
                .satisfies(record -> assertThat(record.position().line()).isEqualTo(3));
    }

    @Test
    void usesTheFormatOptionForHeaderlessCustomRecords() throws IOException {
        String line = "3 eni-33333333333333333 123456789010 vpc-abcdefab012345678 subnet-22222222bbbbbbbbb i-01234567890123456"
                + " 10.20.33.164 10.40.2.236 39812 80 6 3 IPv4 10.20.33.164 10.40.2.236 ACCEPT OK\n";
        String format = "${version} ${interface-id} ${account-id} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr}"
                + " ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${action} ${log-status}";
        byte[] content = line.getBytes(StandardCharsets.UTF_8);

        FormatHarness.Result without = FormatHarness.read(content, "flows.log");
        FormatHarness.Result with = FormatHarness.read(new ByteArrayInputStream(content), "flows.log", content.length,
                Map.of(VpcFlowTextFormat.FORMAT_OPTION, format));

        assertThat(without.problems()).singleElement().satisfies(problem -> assertThat(problem.reason()).isEqualTo(
                "no header line names the fields of this record (17 values) and it is not in a standard layout:"
                        + " give the flow log's format with option vpcflow.format"));
        assertThat(with.problems()).isEmpty();
        assertThat(with.column("vpcflow", "tcp_flag_names")).containsExactly("FIN,SYN");
        assertThat(with.column("vpcflow", "interface_id")).containsExactly("eni-33333333333333333");
    }

    @Test
    void aHeaderInTheFileWinsOverTheFormatOption() throws IOException {
        byte[] content = (HEADER + LINE).getBytes(StandardCharsets.UTF_8);

        FormatHarness.Result result = FormatHarness.read(new ByteArrayInputStream(content), "flows.log", content.length,
                Map.of(VpcFlowTextFormat.FORMAT_OPTION, "${srcaddr} ${dstaddr}"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("vpcflow", "bytes")).containsExactly(1840L);
    }

    @Test
    void refusesAnInvalidFormatOptionWithAClearError() throws IOException {
        byte[] content = LINE.getBytes(StandardCharsets.UTF_8);

        FormatHarness.Result result = FormatHarness.read(new ByteArrayInputStream(content), "flows.log", content.length,
                Map.of(VpcFlowTextFormat.FORMAT_OPTION, "version,account-id"));

        assertThat(result.streamError()).contains("option vpcflow.format: not a flow log field name: 'version,account-id'"
                + " (expected ${name} or name made of letters, digits and '-')");
    }

    @Test
    void doesNotClaimOtherText() throws IOException {
        FormatHarness.Result result = FormatHarness.read("Phony unsupported log format.\n".getBytes(StandardCharsets.UTF_8),
                "bad.log");

        assertThat(result.format()).isEmpty();
    }

    @Test
    void readsHourlyAndHiveCompatiblePrefixes() {
        PathHints hourly = PathHints.fromPath(
                "AWSLogs/111122223333/vpcflowlogs/eu-west-1/2025/11/04/09/111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0915Z_1.log.gz");
        PathHints hive = PathHints.fromPath("prefix/AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/"
                + "aws-region=eu-west-1/year=2025/month=11/day=04/hour=09/111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0915Z_1.log.parquet");

        assertThat(hourly).isEqualTo(new PathHints("111122223333", "eu-west-1", LocalDate.of(2025, 11, 4), null, "vpcflowlogs"));
        assertThat(hive).isEqualTo(new PathHints("111122223333", "eu-west-1", LocalDate.of(2025, 11, 4), null, "vpcflowlogs"));
    }

    @Test
    void readsAHeaderAfterAByteOrderMark() throws IOException {
        FormatHarness.Result result = FormatHarness.read(("\uFEFF" + HEADER + LINE).getBytes(StandardCharsets.UTF_8), "saved.log");

        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(1);
    }

    @Test
    void readsEveryMemberOfAConcatenatedGzip() throws IOException {
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        twoMembers.write(gzip(HEADER + LINE));
        twoMembers.write(gzip(HEADER + LINE.replace("51514", "51999")));

        FormatHarness.Result result = FormatHarness.read(twoMembers.toByteArray(), S3_PATH);

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("vpcflow", "srcport")).containsExactly(51514, 51999);
    }

    @Test
    void readsTheTransitGatewayDefaultLayoutWithoutHeader() throws IOException {
        String line = "6 TransitGatewayAttachment 111122223333 tgw-0a12bc34de56f7890 tgw-attach-0123abcd 111122223333"
                + " 444455556666 vpc-0abc1234 vpc-0def5678 subnet-0aa subnet-0bb eni-0ee5f66aa7bcc89d0 eni-0dd4ee5f66aa7bcc8"
                + " euw1-az1 euw1-az2 tgw-attach-0456efgh 198.51.100.10 10.1.0.20 36721 5432 6 13 6842 1762247700 1762247760 OK"
                + " IPv4 0 0 2 0 19 eu-west-1 ingress - -\n";

        FormatHarness.Result result = FormatHarness.read(line.getBytes(StandardCharsets.UTF_8), "tgw.log");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("vpcflow", "packets_lost_mtu_exceeded")).containsExactly(2L);
        assertThat(result.column("vpcflow", "tgw_pair_attachment_id")).containsExactly("tgw-attach-0456efgh");
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.resource()).isEqualTo("tgw-attach-0123abcd");
            assertThat(event.region()).isEqualTo("eu-west-1");
        });
    }

    @Test
    void readsANatGatewayLayoutWithoutVersionOrTimes() throws IOException {
        String text = "instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr\n"
                + "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5\n";

        FormatHarness.Result result = FormatHarness.read(text.getBytes(StandardCharsets.UTF_8), "nat.log");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("vpcflow", "pkt_dstaddr")).containsExactly("203.0.113.5");
        assertThat(result.records().get(0).dedupeKey()).isNull();
        assertThat(result.events().get(0).eventTime()).isNull();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
