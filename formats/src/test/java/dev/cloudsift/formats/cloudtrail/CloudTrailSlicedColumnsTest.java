package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Outcome;
import dev.cloudsift.formats.testing.FormatHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Trail files: the JSON columns of the large sub-objects hold the input's own text, not a tree serialised again. */
class CloudTrailSlicedColumnsTest {
    private static final String PARAMETERS = "{ \"bucketName\" : \"b\",\n  \"ratio\": 1.50, \"x\": {\"y\": [1, 2]} }";
    private static final String RESPONSE = "{\"ConsoleLogin\": \"Failure\", \"detail\": {\"deep\": {\"deeper\": true}}}";
    private static final String EXTRA = "{\"bytesTransferredIn\": 0.0, \"bytesTransferredOut\": 42, \"n\": [ {} ]}";

    @Test
    void subObjectsAreCutFromTheInputAndStillFeedTheEvent() throws Exception {
        String file = "{\"Records\": [{\"eventVersion\": \"1.08\", \"eventTime\": \"2025-11-04T09:15:30Z\","
                + " \"eventSource\": \"signin.amazonaws.com\", \"eventName\": \"ConsoleLogin\", \"eventID\": \"e-1\","
                + " \"requestParameters\": " + PARAMETERS + ", \"responseElements\": " + RESPONSE + ","
                + " \"additionalEventData\": " + EXTRA + ", \"resources\": [ ], \"tlsDetails\": {\"tlsVersion\": \"TLSv1.3\"}}]}";

        FormatHarness.Result result = FormatHarness.read(file.getBytes(StandardCharsets.UTF_8), "trail.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudtrail", "request_parameters")).containsExactly(PARAMETERS);
        assertThat(result.column("cloudtrail", "response_elements")).containsExactly(RESPONSE);
        assertThat(result.column("cloudtrail", "additional_event_data")).containsExactly(EXTRA);
        assertThat(result.column("cloudtrail", "resources")).containsExactly("[ ]");
        assertThat(result.column("cloudtrail", "other")).containsExactly("{\"tlsDetails\":{\"tlsVersion\": \"TLSv1.3\"}}");
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(event.bytes()).isEqualTo(42L);
            assertThat(event.resource()).isEqualTo("b");
        });
    }

    @Test
    void storedStringsKeepTheirValuesWhateverTheirBytesAndWhateverReadsThem() throws Exception {
        String record = "{\"eventVersion\": \"1.\\u0030\", \"eventTime\": \"2025-11-04T09:15:30Z\", \"eventName\": \"X\","
                + " \"eventID\": \"e-%d\", \"requestID\": \"r\u00e9q\", \"eventCategory\": \"Management\","
                + " \"tlsDetails\": {\"tlsVersion\": \"TLSv1.3\", \"clientProvidedHostHeader\": \"h\\\"q\"}}";
        byte[] trail = ("{\"Records\": [" + record.formatted(1) + "," + record.formatted(2) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        // JSON Lines reuse one buffer line after line: a cell cut from it would change under the earlier row.
        byte[] lines = (record.formatted(1) + "\n" + record.formatted(2) + "\n").getBytes(StandardCharsets.UTF_8);

        for (FormatHarness.Result result : java.util.List.of(FormatHarness.read(trail, "trail.json"),
                FormatHarness.read(lines, "records.jsonl"))) {
            assertThat(result.problems()).isEmpty();
            assertThat(result.column("cloudtrail", "event_version")).containsExactly("1.0", "1.0");
            assertThat(result.column("cloudtrail", "request_id")).containsExactly("r\u00e9q", "r\u00e9q");
            assertThat(result.column("cloudtrail", "event_category")).containsExactly("Management", "Management");
            assertThat(result.column("cloudtrail", "tls_version")).containsExactly("TLSv1.3", "TLSv1.3");
            assertThat(result.column("cloudtrail", "tls_client_host")).containsExactly("h\"q", "h\"q");
        }
    }

    @Test
    void aRecordWithoutEventIdIsBoundWholeSoItsDedupeKeyHashesEveryValue() throws Exception {
        String record = "{\"eventVersion\": \"1.08\", \"eventTime\": \"2025-11-04T09:15:30Z\", \"eventName\": \"X\","
                + " \"responseElements\": {\"a\": {\"b\": 1}}}";
        String other = record.replace("\"b\": 1", "\"b\": 2");

        var first = FormatHarness.read(("{\"Records\": [" + record + "]}").getBytes(StandardCharsets.UTF_8), "a.json");
        var second = FormatHarness.read(("{\"Records\": [" + other + "]}").getBytes(StandardCharsets.UTF_8), "b.json");

        assertThat(first.records().get(0).dedupeKey()).isNotEqualTo(second.records().get(0).dedupeKey());
    }
}
