package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.formats.testing.FormatHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What is odd about a CloudTrail record is stored with it, in every shape a trail arrives in. */
class CloudTrailAnomaliesTest {
    private static final String ONE_NAME_TWICE = "{\"eventVersion\":\"1.11\",\"eventTime\":\"2025-11-04T09:15:30Z\","
            + "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\","
            + "\"eventID\":\"id-1\",\"recipientAccountId\":\"111122223333\",\"eventName\":\"DeleteTrail\"}";

    private static LogRecord only(String content, String path) throws Exception {
        FormatHarness.Result result = FormatHarness.read(content.getBytes(StandardCharsets.UTF_8), path);
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(1);
        return result.records().get(0);
    }

    @Test
    void aDuplicateEventNameInAnS3DeliveryIsReadAsItsLastValueAndFlagged() throws Exception {
        LogRecord record = only("{\"Records\":[" + ONE_NAME_TWICE + "]}", "111122223333_CloudTrail_us-east-1.json");

        assertThat(record.event().action()).isEqualTo("DeleteTrail");
        assertThat(record.anomalies()).containsExactly("duplicate_key:eventName");
    }

    @Test
    void aDuplicateInsideTheRecordALookupEventCarriesIsFlagged() throws Exception {
        String event = "{\"EventId\":\"id-1\",\"EventName\":\"DeleteTrail\",\"CloudTrailEvent\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(ONE_NAME_TWICE) + "}";

        LogRecord record = only("{\"Events\":[" + event + "]}", "lookup.json");

        assertThat(record.anomalies()).containsExactly("duplicate_key:eventName");
    }

    @Test
    void aRecordWithoutAnyTimeIsStoredFlaggedNeverSilently() throws Exception {
        LogRecord record = only("{\"Records\":[" + ONE_NAME_TWICE.replace("\"eventTime\":\"2025-11-04T09:15:30Z\",", "")
                .replace(",\"eventName\":\"DeleteTrail\"", "") + "]}", "trail.json");

        assertThat(record.event().eventTime()).isNull();
        assertThat(record.anomalies()).containsExactly("no_time");
    }
}
