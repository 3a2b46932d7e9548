package dev.cloudsift.formats.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Utf8Slice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowLineBytesTest {
    private static final PathHints HINTS = PathHints.fromPath(
            "AWSLogs/111122223333/vpcflowlogs/eu-west-1/2025/11/04/111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0915Z_1.log.gz");
    private static final String V5_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets"
            + " bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region"
            + " az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";
    private static final List<String> V5_LINES = List.of(
            "5 777788889999 eni-09b5850127eaea3c1 10.0.143.141 52.32.34.171 49273 3306 6 1311 107502 1791006353 1791006413"
                    + " ACCEPT OK vpc-05f7e8ecc subnet-0c93f98e9 i-069da0097278a8c03 19 IPv4 10.0.143.141 52.32.34.171"
                    + " eu-west-1 use1-az2 - - - - egress -",
            "5 777788889999 eni-091b12219b92fba5b 10.2.58.13 3.77.243.182 61232 5432 6 875 656250 1791006353 1791006413"
                    + " ACCEPT OK vpc-02ad429de subnet-0ff1fc20c i-0941eb10ad51d5673 0 IPv4 10.2.58.13 3.77.243.182"
                    + " eu-west-1 use1-az3 - - EC2 - egress 8",
            "5 777788889999 eni-091b12219b92fba5b 2001:db8::1 2001:db8::2 443 61232 17 2 120 1791006353 1791006413"
                    + "\tREJECT  OK vpc-02ad429de subnet-0ff1fc20c - 0 IPv6 - - eu-west-1 use1-az3 - - - S3 ingress 1",
            "5 - eni-091b12219b92fba5b - - - - - - - 1791006353 1791006413 - NODATA - - - - - - - - - - - - - - -",
            "5 777788889999 eni-091b12219b92fba5b 10.2.58.13 3.77.243.182 99999 5432 6 875 656250 1791006353 1791006413"
                    + " ACCEPT OK vpc-02ad429de subnet-0ff1fc20c i-0941eb10ad51d5673 0 IPv4 10.2.58.13 3.77.243.182"
                    + " eu-west-1 use1-az3 - - EC2 - egress 8",
            "5 777788889999 eni-091b12219b92fba5b 10.2.58.13 3.77.243.182 1 5432 6 875 656250 1791006353 1791006413");

    @Test
    void aLineMappedFromItsBytesGivesTheRecordOrProblemOfItsText() {
        FlowLines fromText = new FlowLines(HINTS, null);
        FlowLines fromBytes = new FlowLines(HINTS, null);
        assertThat(fromText.interpret(V5_HEADER, Position.START)).isNull();
        assertThat(fromBytes.interpret(V5_HEADER, ascii(V5_HEADER), Position.START)).isNull();
        int slices = 0;
        for (String line : V5_LINES) {
            ReadItem expected = fromText.interpret(line, new Position(0, 2));
            ReadItem actual = fromBytes.interpret(line, ascii(line), new Position(0, 2));
            if (expected instanceof ParseProblem problem) {
                assertThat(actual).isInstanceOfSatisfying(ParseProblem.class, got -> {
                    assertThat(got.reason()).isEqualTo(problem.reason());
                    assertThat(got.raw()).isEqualTo(problem.raw());
                });
                continue;
            }
            LogRecord want = (LogRecord) expected;
            LogRecord got = (LogRecord) actual;
            assertThat(got.event()).isEqualTo(want.event());
            assertThat(got.dedupeKey()).isEqualTo(want.dedupeKey());
            assertThat(got.position()).isEqualTo(want.position());
            Object[] values = got.rows().get(0).values();
            slices += (int) Arrays.stream(values).filter(Utf8Slice.class::isInstance).count();
            assertThat(Arrays.stream(values).map(v -> v instanceof Utf8Slice slice ? slice.toString() : v).toList())
                    .isEqualTo(Arrays.asList(want.rows().get(0).values()));
        }
        assertThat(slices).as("cells cut from the line's bytes").isPositive();
    }

    @Test
    void splittingBytesGivesTheFieldsOfSplittingText() {
        java.util.Random random = new java.util.Random(7);
        String[] pieces = {" ", "  ", "\t", " \t ", "a", "10.0.1.2", "eni-0123456789abcdef0", "-", "1791006353"};
        for (int n = 0; n < 2000; n++) {
            StringBuilder line = new StringBuilder();
            for (int piece = random.nextInt(40); piece > 0; piece--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = line.toString();
            int maxFields = 1 + random.nextInt(30);
            FlowLineBytes bytes = new FlowLineBytes();
            String[] expected = VpcFlowRecords.split(text, maxFields);
            int count = bytes.split(ascii(text), maxFields);
            if (expected == null) {
                assertThat(count).as(text).isEqualTo(-1);
                continue;
            }
            assertThat(count).as(text).isEqualTo(expected.length);
            for (int field = 0; field < count; field++) {
                assertThat(text.substring(bytes.start(field), bytes.end(field))).as(text).isEqualTo(expected[field]);
            }
        }
    }

    private static byte[] ascii(String line) {
        return line.getBytes(StandardCharsets.US_ASCII);
    }
}
