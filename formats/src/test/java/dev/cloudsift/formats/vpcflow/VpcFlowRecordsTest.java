package dev.cloudsift.formats.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VpcFlowRecordsTest {
    private static final PathHints HINTS = PathHints.fromPath(
            "AWSLogs/111122223333/vpcflowlogs/eu-west-1/2025/11/04/111122223333_vpcflowlogs_eu-west-1_fl-1_20251104T0915Z_1.log.gz");
    private static final String DEFAULT_LINE =
            "2 111122223333 eni-0a1b2c3d4e5f60718 203.0.113.45 198.51.100.10 51514 22 6 14 1840 1762247700 1762247760 ACCEPT OK";

    @Test
    void mapsACloudWatchMessageInTheDefaultLayout() {
        Event event = record(VpcFlowRecords.map(DEFAULT_LINE, VpcFlowLayout.defaultV2(), new Position(0, 1), HINTS)).event();

        assertThat(event.source()).isEqualTo("vpcflow");
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(1762247700));
        assertThat(event.accountId()).isEqualTo("111122223333");
        assertThat(event.region()).as("the path hint fills the region the default layout lacks").isEqualTo("eu-west-1");
        assertThat(event.srcIp()).isEqualTo("203.0.113.45");
        assertThat(event.dstIp()).isEqualTo("198.51.100.10");
        assertThat(event.srcPort()).isEqualTo(51514);
        assertThat(event.dstPort()).isEqualTo(22);
        assertThat(event.bytes()).isEqualTo(1840L);
        assertThat(event.action()).isEqualTo("ACCEPT");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.resource()).isEqualTo("eni-0a1b2c3d4e5f60718");
        assertThat(event.message()).isEqualTo(
                "ACCEPT tcp 203.0.113.45:51514 -> 198.51.100.10:22 14 packets 1840 bytes on eni-0a1b2c3d4e5f60718");
    }

    @Test
    void identicalLinesGetTheSameDedupeKeyWhateverTheHeaderOrder() {
        VpcFlowLayout reordered = VpcFlowLayout.parse(
                "account-id version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status action");
        String reorderedLine =
                "111122223333 2 eni-0a1b2c3d4e5f60718 203.0.113.45 198.51.100.10 51514 22 6 14 1840 1762247700 1762247760 OK ACCEPT";

        String first = record(VpcFlowRecords.map(DEFAULT_LINE, VpcFlowLayout.defaultV2(), Position.START, HINTS)).dedupeKey();
        String second = record(VpcFlowRecords.map(reorderedLine, reordered, Position.START, PathHints.NONE)).dedupeKey();
        String otherInterface = record(VpcFlowRecords.map(DEFAULT_LINE.replace("eni-0a1b", "eni-9a1b"),
                VpcFlowLayout.defaultV2(), Position.START, HINTS)).dedupeKey();

        assertThat(first).startsWith("vpcflow:").isEqualTo(second).isNotEqualTo(otherInterface);
    }

    @Test
    void recordsWithoutStartOrEndAreNeverDeduplicated() {
        VpcFlowLayout natGateway = VpcFlowLayout.parse("instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr");

        LogRecord record = record(VpcFlowRecords.map("- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5",
                natGateway, Position.START, PathHints.NONE));

        assertThat(record.dedupeKey()).as("two identical windows of such a layout are two records").isNull();
    }

    @ParameterizedTest(name = "tcp-flags {0} = {1}")
    @CsvSource(delimiter = '|', value = {"0|''", "1|FIN", "2|SYN", "3|FIN,SYN", "4|RST", "18|SYN,ACK", "19|FIN,SYN,ACK", "22|SYN,RST,ACK"})
    void decodesTcpFlagsOredOverTheWindow(int flags, String names) {
        assertThat(TcpFlags.names(flags)).isEqualTo(names == null ? "" : names);
    }

    @ParameterizedTest(name = "protocol {0} = {1}")
    @CsvSource({"6,tcp", "17,udp", "1,icmp", "58,ipv6-icmp", "47,gre", "50,esp"})
    void namesProtocolNumbers(int number, String name) {
        assertThat(IpProtocols.name(number)).isEqualTo(name);
    }

    @Test
    void parsesTheAwsFormatStringAndKeepsUnknownNames() {
        VpcFlowLayout layout = VpcFlowLayout.parse("${version} ${account-id} ${interface-id} ${encryption-status}");

        assertThat(layout.size()).isEqualTo(4);
        assertThat(layout.unknownNames()).containsExactly("encryption-status");
        assertThat(layout.formatString()).isEqualTo("${version} ${account-id} ${interface-id} ${encryption-status}");
    }

    @Test
    void refusesAFormatThatIsNotFieldNames() {
        assertThatThrownBy(() -> VpcFlowLayout.parse("${version} $(rm -rf)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a flow log field name: '$(rm'");
        assertThatThrownBy(() -> VpcFlowLayout.parse("  "))
                .hasMessageContaining("empty flow log format");
    }

    @Test
    void recognisesStandardHeaderlessLayoutsByCountAndShape() {
        assertThat(VpcFlowLayout.recognise(DEFAULT_LINE)).isEqualTo(VpcFlowLayout.defaultV2());
        assertThat(VpcFlowLayout.recognise("Phony unsupported log format.")).isNull();
        assertThat(VpcFlowLayout.recognise(DEFAULT_LINE.replace(" 22 ", " ssh "))).isNull();
    }

    @Test
    void quarantinesANonNumericPortNamingTheField() {
        ReadItem item = VpcFlowRecords.map(DEFAULT_LINE.replace(" 22 ", " ssh "), VpcFlowLayout.defaultV2(),
                new Position(10, 2), HINTS);

        assertThat(item).isInstanceOf(ParseProblem.class);
        assertThat(((ParseProblem) item).reason()).isEqualTo("field 'dstport': expected a port number 0-65535 or '-', found 'ssh'");
        assertThat(item.position()).isEqualTo(new Position(10, 2));
    }

    @Test
    void quarantinesLinesWithTooFewOrTooManyFields() {
        ReadItem few = VpcFlowRecords.map("2 111122223333 eni-0a1b2c3d4e5f60718", VpcFlowLayout.defaultV2(), Position.START, HINTS);
        ReadItem many = VpcFlowRecords.map(DEFAULT_LINE + " extra", VpcFlowLayout.defaultV2(), Position.START, HINTS);

        assertThat(((ParseProblem) few).reason()).startsWith("expected 14 space-separated fields (version account-id")
                .endsWith("found 3");
        assertThat(((ParseProblem) many).reason()).endsWith("found more");
    }

    @Test
    void quarantinesSplitValuesThatDoNotMatchTheLayout() {
        ReadItem item = VpcFlowRecords.map(new String[] {"2", "111122223333"}, "2 111122223333", VpcFlowLayout.defaultV2(),
                Position.START, HINTS);

        assertThat(((ParseProblem) item).reason()).startsWith("expected 14 values (version account-id").endsWith("found 2");
    }

    private static LogRecord record(ReadItem item) {
        assertThat(item).isInstanceOf(LogRecord.class);
        return (LogRecord) item;
    }
}
