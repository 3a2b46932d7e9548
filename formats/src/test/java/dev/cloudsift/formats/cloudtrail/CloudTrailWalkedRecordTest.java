package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.formats.testing.FormatHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A record walked token by token stores its sub-objects as the file has them, reads the values typed columns need
 * from inside them, and still refuses, flags and quarantines what a tree would have.
 */
class CloudTrailWalkedRecordTest {
    private static final String HEAD = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2025-11-04T09:15:30Z\","
            + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"StopInstances\",\"recipientAccountId\":\"111122223333\"";

    private static FormatHarness.Result trail(String... records) throws Exception {
        String file = "{\"Records\":[" + String.join(",", records) + "]}";
        return FormatHarness.read(file.getBytes(StandardCharsets.UTF_8), "111122223333_CloudTrail_us-east-1_x.json");
    }

    @Test
    void oddSpacingEscapesAndUnicodeAreStoredExactlyAsWritten() throws Exception {
        String parameters = "{ \"instancesSet\" :\t{\"items\": [ {\"instanceId\" : \"i-0\\u0031\"} ]},\n"
                + "  \"note\": \"caf\u00e9 \\\"quoted\\\" \\u00e9\\n\", \"n\": 1.50e0 }";
        String tls = "{\"tlsVersion\" : \"TLSv1.3\"}";
        String record = HEAD + ",\"eventID\":\"e-1\",\"requestParameters\":  " + parameters
                + " ,\"tlsDetails\": " + tls + ",\"addendum\":{\"reason\": \"DELIVERY_DELAY\"}}";

        FormatHarness.Result result = trail(record);

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudtrail", "request_parameters")).containsExactly(parameters);
        assertThat(result.column("cloudtrail", "other"))
                .containsExactly("{\"tlsDetails\":" + tls + ",\"addendum\":{\"reason\": \"DELIVERY_DELAY\"}}");
        assertThat(result.column("cloudtrail", "tls_version")).containsExactly("TLSv1.3");
        // the escaped instance id is read decoded, from inside the slice
        assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.resource()).isEqualTo("i-01"));
        // every stored JSON column is still one valid JSON value
        for (String column : new String[] {"request_parameters", "other"}) {
            assertThat(Json.MAPPER.readTree(result.column("cloudtrail", column).get(0).toString()).isContainerNode()).isTrue();
        }
    }

    @Test
    void aSubObjectNestedToTheDepthLimitIsStoredWholeAndOneLevelMoreIsRefusedAloneAtItsOffset() throws Exception {
        // Records object, its array, the record and requestParameters take four levels of the limit.
        String deepest = "[".repeat(Json.MAX_NESTING_DEPTH - 4) + "]".repeat(Json.MAX_NESTING_DEPTH - 4);
        String tooDeep = "[" + deepest + "]";
        String fits = HEAD + ",\"eventID\":\"e-1\",\"requestParameters\":{\"x\":" + deepest + "}}";
        String refused = HEAD + ",\"eventID\":\"e-2\",\"requestParameters\":{\"x\":" + tooDeep + "}}";
        String after = HEAD + ",\"eventID\":\"e-3\"}";

        FormatHarness.Result result = trail(fits, refused, after);

        assertThat(result.records()).extracting(record -> record.event().eventId()).containsExactly("e-1", "e-3");
        assertThat(result.column("cloudtrail", "request_parameters").get(0)).isEqualTo("{\"x\":" + deepest + "}");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(("{\"Records\":[" + fits + ",").length());
            assertThat(problem.reason()).contains("nesting depth");
        });
    }

    @Test
    void aRecordBrokenInsideASubObjectIsQuarantinedAtItsOwnOffsetAndTheNextOneIsRead() throws Exception {
        String whole = HEAD + ",\"eventID\":\"e-1\"}";
        String broken = HEAD + ",\"eventID\":\"e-2\",\"requestParameters\":{\"bucketName\":\"b\",\"key\":}}";
        String after = HEAD + ",\"eventID\":\"e-3\"}";

        FormatHarness.Result result = trail(whole, broken, after);

        assertThat(result.records()).extracting(record -> record.event().eventId()).containsExactly("e-1", "e-3");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(("{\"Records\":[" + whole + ",").length());
            assertThat(problem.reason()).startsWith("invalid JSON: ");
            assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).startsWith(broken.substring(0, 40));
        });
    }

    @Test
    void aKeyNamedTwiceDeepInsideIsReadAsItsLastValueAndFlaggedWithItsPath() throws Exception {
        String record = HEAD + ",\"eventID\":\"e-1\",\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":"
                + "{\"sessionIssuer\":{\"arn\":\"arn:aws:iam::111122223333:role/A\","
                + "\"arn\":\"arn:aws:iam::111122223333:role/B\"}}},\"requestParameters\":{\"a\":{\"b\":1,\"b\":2}}}";

        LogRecord read = trail(record).records().get(0);

        assertThat(read.event().principal()).isEqualTo("arn:aws:iam::111122223333:role/B");
        assertThat(read.anomalies()).containsExactlyInAnyOrder(
                "duplicate_key:userIdentity.sessionContext.sessionIssuer.arn", "duplicate_key:requestParameters.a.b");
    }

    @Test
    void theOutcomeIsReadWhateverOrderTheNameAndTheAnswerComeIn() throws Exception {
        String answerFirst = "{\"eventTime\":\"2025-11-04T09:15:30Z\",\"responseElements\":{\"ConsoleLogin\":\"Failure\"},"
                + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"eventID\":\"e-1\"}";
        String nameFirst = answerFirst.replace("e-1", "e-2").replace("\"responseElements\":{\"ConsoleLogin\":\"Failure\"},", "")
                .replace("\"eventID\"", "\"serviceEventDetails\":{\"ConsoleLogin\":\"failure\"},\"eventID\"");

        FormatHarness.Result result = trail(answerFirst, nameFirst);

        assertThat(result.events()).extracting(event -> event.outcome().columnValue())
                .containsExactly("failure", "failure");
    }

    @Test
    void aCloudTrailRecordInAJsonLineKeepsItsOwnText() throws Exception {
        String record = HEAD + ",\"eventID\":\"e-1\",\"responseElements\": { \"instancesSet\": {} } }";

        FormatHarness.Result result = FormatHarness.read((record + "\n").getBytes(StandardCharsets.UTF_8), "trail.jsonl");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudtrail", "response_elements")).containsExactly("{ \"instancesSet\": {} }");
    }
}
