package dev.cloudsift.store.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonDiffTest {
    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    private static JsonDiff.Result diff(String before, String after) throws IOException {
        return JsonDiff.diff(json(before), json(after), "configuration");
    }

    @Test
    void seesNoChangeWhenArrayElementsOnlyMoved() throws IOException {
        assertThat(diff("{\"a\":[{\"x\":1},{\"y\":2},\"z\"]}", "{\"a\":[\"z\",{\"y\":2},{\"x\":1}]}").changes()).isEmpty();
    }

    @Test
    void reportsReplacedScalarsInArraysAsRemovedAndAdded() throws IOException {
        assertThat(diff("{\"ipRanges\":[\"10.0.0.0/8\"]}", "{\"ipRanges\":[\"0.0.0.0/0\"]}").changes())
                .extracting(change -> change.kind().columnValue(), JsonDiff.Change::path, change -> String.valueOf(change.oldValue()),
                        change -> String.valueOf(change.newValue()))
                .containsExactly(
                        tuple("removed", "configuration.ipRanges[0]", "\"10.0.0.0/8\"", "null"),
                        tuple("added", "configuration.ipRanges[0]", "null", "\"0.0.0.0/0\""));
    }

    @Test
    void treatsNullAndAbsentAsTheSame() throws IOException {
        assertThat(diff("{\"a\":null,\"b\":1}", "{\"b\":1}").changes()).isEmpty();
    }

    @Test
    void bracketsKeysThatAreNotPlainNames() throws IOException {
        assertThat(diff("{\"aws:cloudformation:stack-name\":\"a\"}", "{\"aws:cloudformation:stack-name\":\"b\"}").changes())
                .extracting(JsonDiff.Change::path)
                .containsExactly("configuration[\"aws:cloudformation:stack-name\"]");
    }

    @Test
    void opensUrlEncodedIamPolicyDocumentsAndComparesTheirStatements() throws IOException {
        String before = "{\"document\":\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D\"}";
        String after = "{\"document\":\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A"
                + "%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D\"}";

        JsonDiff.Result result = diff(before, after);

        assertThat(result.changes()).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("configuration.document.Statement[0]");
            assertThat(change.newValue()).isEqualTo(json("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"));
            assertThat(ChangeSummaries.summarize(change, json("{\"configuration\":" + before + "}"),
                    json("{\"configuration\":" + after + "}"))).isEqualTo("policy statement 0 added (Allow *)");
        });
    }

    @Test
    void namesTheAccountATrustPolicyNowTrusts() throws IOException {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}%s]}";
        String backdoor = ",{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::999988887777:root\"},"
                + "\"Action\":\"sts:AssumeRole\"}";
        JsonNode before = json("{\"configuration\":{\"assumeRolePolicyDocument\":" + encoded(trust.formatted("")) + "}}");
        JsonNode after = json("{\"configuration\":{\"assumeRolePolicyDocument\":" + encoded(trust.formatted(backdoor)) + "}}");

        JsonDiff.Result result = JsonDiff.diff(before, after, "");

        assertThat(result.changes()).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("configuration.assumeRolePolicyDocument.Statement[1]");
            assertThat(ChangeSummaries.summarize(change, before, after)).isEqualTo(
                    "trust policy statement 1 added (Allow sts:AssumeRole to arn:aws:iam::999988887777:root)");
        });
    }

    /** As IAM items in Config hold policy documents: URL-encoded JSON inside a JSON string. */
    private static String encoded(String json) {
        return "\"" + java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8) + "\"";
    }

    @Test
    void comparesArraysOfAMillionElementsByHashNotPairByPair() throws IOException {
        com.fasterxml.jackson.databind.node.ArrayNode before = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        com.fasterxml.jackson.databind.node.ArrayNode after = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 1_000_000; i++) {
            before.add(i);
            after.add(999_999 - i);
        }
        after.set(0, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(-1));

        JsonDiff.Result result = JsonDiff.diff(before, after, "a");

        assertThat(result.changes()).extracting(JsonDiff.Change::path).containsExactly("a[999999]", "a[0]");
    }

    @Test
    void stopsListingAtTheLimitAndSaysSo() throws IOException {
        StringBuilder before = new StringBuilder("{");
        StringBuilder after = new StringBuilder("{");
        for (int i = 0; i < JsonDiff.MAX_CHANGES + 20; i++) {
            before.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
            after.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":2");
        }
        JsonDiff.Result result = diff(before.append('}').toString(), after.append('}').toString());

        assertThat(result.changes()).hasSize(JsonDiff.MAX_CHANGES);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void summarizesWholeSecurityGroupRulesAddedAndRemoved() throws IOException {
        JsonNode before = json("""
                {"configuration":{"ipPermissions":[],"ipPermissionsEgress":[
                  {"ipProtocol":"-1","ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]}]}}""");
        JsonNode after = json("""
                {"configuration":{"ipPermissions":[
                  {"ipProtocol":"tcp","fromPort":3389,"toPort":3389,"ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}],
                   "ipv6Ranges":[{"cidrIpv6":"::/0"}]},
                  {"ipProtocol":"udp","fromPort":1024,"toPort":65535,"userIdGroupPairs":[{"groupId":"sg-0123"}]}],
                 "ipPermissionsEgress":[]}}""");

        JsonDiff.Result result = JsonDiff.diff(before, after, "");

        assertThat(result.changes()).extracting(change -> ChangeSummaries.summarize(change, before, after))
                .containsExactly(
                        "ingress 0.0.0.0/0, ::/0 tcp 3389 added",
                        "ingress sg-0123 udp 1024-65535 added",
                        "egress 0.0.0.0/0 all traffic removed");
    }
}
