package dev.cloudsift.formats.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Layouts and values of VPC and Transit Gateway flow logs that trip readers (seen in the conformance corpus), each
 * on a fixture of our own under {@code vpcflow-traps/}.
 */
class VpcFlowTrapsTest {
    private static Path fixture(String name) {
        return Path.of("src/test/resources/vpcflow-traps", name);
    }

    private static FormatHarness.Result read(String name, Map<String, String> options) throws IOException {
        FormatHarness.Result result = FormatHarness.read(fixture(name), options);
        assertThat(result.format()).map(format -> format.name()).contains("vpcflow.text");
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        return result;
    }

    @Test
    void recognisesHeaderlessTransitGatewayRecordsWrittenWithAnOlderVersionAndNoResourceType() throws IOException {
        FormatHarness.Result result = read("transit-gateway-headerless.log", Map.of());

        assertThat(result.records()).hasSize(3);
        assertThat(result.column("vpcflow", "tgw_id")).containsOnly("tgw-0a1b2c3d4e5f60718");
        assertThat(result.column("vpcflow", "tgw_attachment_id"))
                .containsExactly("tgw-attach-0aaa1111", "tgw-attach-0ccc3333", "tgw-attach-0ddd4444");
        assertThat(result.column("vpcflow", "resource_type")).containsOnly((Object) null);
        assertThat(result.column("vpcflow", "log_status")).containsExactly("SKIPDATA", "NODATA", "OK");
        assertThat(result.column("vpcflow", "dstaddr").get(0)).isEqualTo("2001:db8:20::5");
        assertThat(result.column("vpcflow", "flow_direction")).containsExactly("ingress", "egress", "ingress");
    }

    @Test
    void recognisesHeaderlessAllFieldsUpToVersionEightWithEcsFieldsAndARejectReason() throws IOException {
        FormatHarness.Result result = read("all-fields-v8-headerless.log", Map.of());

        assertThat(result.records()).hasSize(2);
        assertThat(result.column("vpcflow", "srcaddr").get(0)).isEqualTo("2001:db8:30::7");
        assertThat(result.column("vpcflow", "interface_id")).containsOnly((Object) null);
        assertThat(result.column("vpcflow", "action").get(0)).isEqualTo("REJECT");
        assertThat(result.column("vpcflow", "log_status").get(0)).isEqualTo("NODATA");
        assertThat(result.column("vpcflow", "ecs_cluster_name")).containsOnly("ecs-shop");
        assertThat(result.column("vpcflow", "ecs_service_name")).containsOnly("checkout");
        assertThat(result.column("vpcflow", "reject_reason")).containsExactly("BPA", null);
    }

    @Test
    void readsANatGatewayLayoutWithoutTimesFromItsHeader() throws IOException {
        FormatHarness.Result result = read("nat-gateway-header.log", Map.of());

        assertThat(result.records()).hasSize(2);
        assertThat(result.column("vpcflow", "instance_id")).containsExactly(null, "i-0123456789abcdef0");
        assertThat(result.column("vpcflow", "pkt_dstaddr")).containsOnly("203.0.113.40");
        assertThat(result.column("vpcflow", "start_time")).containsOnly((Object) null);
    }

    @Test
    void readsAHeaderlessCustomLayoutOnlyWithTheUsersFormatString() throws IOException {
        String format = "${version} ${interface-id} ${account-id} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr}"
                + " ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}"
                + " ${action} ${log-status}";

        FormatHarness.Result result = read("custom-layout-headerless.log", Map.of(VpcFlowTextFormat.FORMAT_OPTION, format));

        assertThat(result.records()).hasSize(2);
        assertThat(result.column("vpcflow", "account_id")).containsOnly("111122223333");
        assertThat(result.column("vpcflow", "tcp_flags")).containsExactly(3, 19);
        assertThat(result.column("vpcflow", "dstport")).containsExactly(80, 39812);
        assertThat(VpcFlowLayout.recognise(Files.readAllLines(fixture("custom-layout-headerless.log")).get(0)))
                .as("no standard layout has these 17 fields").isNull();
    }

    @Test
    void storesImplausibleValuesAsWritten() throws IOException {
        // An 11-digit account and a start 50 years before the end are no layout error: an analyst must see the
        // record as AWS (or a forger) wrote it.
        FormatHarness.Result result = read("implausible-values.log", Map.of());

        assertThat(result.column("vpcflow", "account_id")).containsExactly("11112222333");
        assertThat(result.column("vpcflow", "start_time")).containsExactly(Instant.ofEpochSecond(164000066));
        assertThat(result.column("vpcflow", "end_time")).containsExactly(Instant.ofEpochSecond(1762247760));
        assertThat(result.column("vpcflow", "pkt_src_aws_service")).containsExactly("AMAZON");
    }

    @Test
    void leavesAShipperWrappedRecordToOtherFormatsButMapsTheRecordInside() throws IOException {
        String message = "2 111122223333 eni-0aaa1111bbbb2222c - - - - - - - 1762247700 1762247760 - NODATA";

        assertThat(FormatHarness.read(fixture("shipper-message-wrapped.json")).format().map(format -> format.name()))
                .isNotEqualTo(Optional.of("vpcflow.text"));
        assertThat(Files.readString(fixture("shipper-message-wrapped.json"))).contains(message);
        ReadItem item = VpcFlowRecords.map(message, VpcFlowLayout.defaultV2(), Position.START, PathHints.NONE);
        assertThat(item).isInstanceOf(LogRecord.class);
        assertThat(PeerFlowFields.ours((LogRecord) item, Arrays.asList("log_status", "interface_id")))
                .containsEntry("log_status", "NODATA").containsEntry("interface_id", "eni-0aaa1111bbbb2222c");
    }

    @Test
    void claimsNoFileOfPlainText() throws IOException {
        assertThat(FormatHarness.read(fixture("not-a-flow-log.log")).format()).isEmpty();
    }

    @Test
    void quarantinesTheLiteralNullWhereAnAddressBelongs() {
        // Some tools spell a missing value "null"; AWS writes "-". In a log line "null" is no address.
        String line = "2 111122223333 eni-0a1b2c3d4e5f60718 null 198.51.100.10 51514 22 6 14 1840 1762247700 1762247760 ACCEPT OK";

        ReadItem item = VpcFlowRecords.map(line, VpcFlowLayout.defaultV2(), Position.START, PathHints.NONE);

        assertThat(((ParseProblem) item).reason())
                .isEqualTo("field 'srcaddr': expected an IPv4 or IPv6 address or '-', found 'null'");
    }
}
