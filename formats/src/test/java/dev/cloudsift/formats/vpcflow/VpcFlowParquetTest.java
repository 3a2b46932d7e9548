package dev.cloudsift.formats.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VpcFlowParquetTest {
    private static final String HIVE_FOLDER = "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/"
            + "aws-region=eu-west-1/year=2025/month=11/day=04/hour=09";

    @TempDir
    Path folder;

    @Test
    void readsAwsParquetWithIntegerProtocolOntoTheSameColumnsAsText() throws Exception {
        Path file = parquet("""
                SELECT * FROM (VALUES
                  (5, '111122223333', 'eni-0a1b2c3d4e5f60718', '203.0.113.45', '198.51.100.10', 51514, 22, 6::BIGINT,
                   14::BIGINT, 1840::BIGINT, 1762247700::BIGINT, 1762247760::BIGINT, 'ACCEPT', 'OK', 'vpc-0abc1234def567890', 19, 'ingress'),
                  (5, '111122223333', 'eni-0a1b2c3d4e5f60718', '2001:db8::45', '2001:db8::10', 443, 40000, 6::BIGINT,
                   3::BIGINT, 180::BIGINT, 1762247701::BIGINT, 1762247760::BIGINT, 'REJECT', 'OK', 'vpc-0abc1234def567890', 2, 'egress'),
                  (5, '111122223333', 'eni-0f9e8d7c6b5a40312', NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, 1762247700::BIGINT, 1762247760::BIGINT, NULL, 'NODATA', NULL, NULL, NULL))
                  AS flows(version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol,
                           packets, bytes, "start", "end", action, log_status, vpc_id, tcp_flags, flow_direction)
                """);

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.format()).map(format -> format.name()).contains("vpcflow.parquet");
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        assertThat(result.column("vpcflow", "protocol")).containsExactly(6, 6, null);
        assertThat(result.column("vpcflow", "protocol_name")).containsExactly("tcp", "tcp", null);
        assertThat(result.column("vpcflow", "tcp_flag_names")).containsExactly("FIN,SYN,ACK", "SYN", null);
        assertThat(result.column("vpcflow", "log_status")).containsExactly("OK", "OK", "NODATA");
        assertThat(result.column("vpcflow", "start_time")).first().isEqualTo(Instant.ofEpochSecond(1762247700));
        assertThat(result.events()).extracting(event -> event.outcome())
                .containsExactly(Outcome.SUCCESS, Outcome.FAILURE, Outcome.UNKNOWN);
        assertThat(result.events().get(1).srcIp()).isEqualTo("2001:db8::45");
        assertThat(result.events()).allSatisfy(event -> assertThat(event.region()).isEqualTo("eu-west-1"));
        assertThat(result.records()).extracting(record -> record.position().line()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theSameRecordAsParquetAndAsTextGetsTheSameDedupeKey() throws Exception {
        Path file = parquet("""
                SELECT 2 AS version, '111122223333' AS account_id, 'eni-0a1b2c3d4e5f60718' AS interface_id,
                  '203.0.113.45' AS srcaddr, '198.51.100.10' AS dstaddr, 51514 AS srcport, 22 AS dstport, 6 AS protocol,
                  14::BIGINT AS packets, 1840::BIGINT AS bytes, 1762247700::BIGINT AS "start", 1762247760::BIGINT AS "end",
                  'ACCEPT' AS action, 'OK' AS log_status
                """);
        byte[] text = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                + "2 111122223333 eni-0a1b2c3d4e5f60718 203.0.113.45 198.51.100.10 51514 22 6 14 1840 1762247700 1762247760 ACCEPT OK\n")
                .getBytes(StandardCharsets.UTF_8);

        LogRecord fromParquet = FormatHarness.read(file).records().get(0);
        LogRecord fromText = FormatHarness.read(text, "copy.log").records().get(0);

        assertThat(fromParquet.dedupeKey()).isNotNull().isEqualTo(fromText.dedupeKey());
    }

    @Test
    void reportsAParquetFileWithoutFlowColumnsOnce() throws Exception {
        Path file = parquet("SELECT 'x' AS color, 3 AS count FROM range(5)");

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .isEqualTo("Parquet file has no VPC flow log column (its columns: color, count)"));
    }

    @Test
    void aCorruptParquetFileIsABrokenStreamWithAClearError() throws IOException {
        Path file = Files.createDirectories(folder.resolve(HIVE_FOLDER)).resolve("broken.log.parquet");
        Files.write(file, "PAR1 this is not parquet at all".getBytes(StandardCharsets.US_ASCII));

        FormatHarness.Result result = FormatHarness.read(file);

        assertThat(result.format()).map(format -> format.name()).contains("vpcflow.parquet");
        assertThat(result.streamError()).hasValueSatisfying(error -> assertThat(error).startsWith("unreadable Parquet file: "));
    }

    private Path parquet(String query) throws IOException, SQLException {
        Path file = Files.createDirectories(folder.resolve(HIVE_FOLDER))
                .resolve("111122223333_vpcflowlogs_eu-west-1_fl-0a1b2c3d4e5f60718_20251104T0915Z_2069646b.log.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + query + ") TO '" + file + "' (FORMAT PARQUET, COMPRESSION GZIP)");
        }
        return file;
    }
}
