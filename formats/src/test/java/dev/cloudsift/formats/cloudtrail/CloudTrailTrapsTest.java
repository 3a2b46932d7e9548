package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail records as exports, test suites and attack recordings write them (seen in the conformance corpus),
 * each on a fixture of our own under {@code cloudtrail-traps/}.
 */
class CloudTrailTrapsTest {
    private static FormatHarness.Result read(String name) throws IOException {
        return FormatHarness.read(Path.of("src/test/resources/cloudtrail-traps", name));
    }

    private static FormatHarness.Result readClean(String name, String format) throws IOException {
        FormatHarness.Result result = read(name);
        assertThat(result.format()).map(f -> f.name()).contains(format);
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        return result;
    }

    private static Object value(LogRecord record, String column) {
        // A text cell is a String or a slice of the input's bytes: compare their text.
        Object value = record.rows().get(0).values()[CloudTrailTables.CLOUDTRAIL.indexOf(column)];
        return value instanceof dev.cloudsift.core.Utf8Slice slice ? slice.toString() : value;
    }

    @Test
    void readsAnAthenaStyleRecordWithEveryKeyInLowerCase() throws IOException {
        LogRecord record = readClean("lowercase-keys.jsonl", "cloudtrail.jsonl").records().get(0);

        assertThat(value(record, "event_name")).isEqualTo("GetRecords");
        assertThat(value(record, "event_time")).isEqualTo(Instant.parse("2025-11-04T09:20:00Z"));
        assertThat(value(record, "user_arn")).isEqualTo("arn:aws:iam::111122223333:user/reporter");
        assertThat(value(record, "source_ip_address")).isEqualTo("198.51.100.70");
        assertThat(value(record, "event_id")).isEqualTo("9a000000-0000-4000-8000-000000000002");
        assertThat(record.event().action()).isEqualTo("GetRecords");
    }

    @Test
    void readsAnEventTimeWrittenWithASpaceAsUtc() throws IOException {
        FormatHarness.Result result = readClean("spaced-event-time.jsonl", "cloudtrail.jsonl");

        assertThat(result.column("cloudtrail", "event_time")).containsExactly(
                Instant.parse("2025-11-04T09:15:30Z"), Instant.parse("2025-11-04T09:15:31.250Z"));
        assertThat(result.events()).extracting(event -> event.eventTime()).containsExactly(
                Instant.parse("2025-11-04T09:15:30Z"), Instant.parse("2025-11-04T09:15:31.250Z"));
    }

    @Test
    void recognisesARecordWithoutEventVersion() throws IOException {
        LogRecord record = readClean("no-event-version.jsonl", "cloudtrail.jsonl").records().get(0);

        assertThat(value(record, "event_name")).isEqualTo("GetAccountPasswordPolicy");
        assertThat(value(record, "event_version")).isNull();
    }

    @Test
    void quarantinesARedactedEventTimeAndReadsTheRecordsAroundIt() throws IOException {
        FormatHarness.Result result = read("redacted-event-time.jsonl");

        assertThat(result.format()).map(f -> f.name()).contains("cloudtrail.jsonl");
        assertThat(result.problems()).singleElement().extracting(ParseProblem::reason)
                .isEqualTo("eventTime \"redacted\" is not an ISO-8601 time such as 2025-11-04T09:15:30Z");
        assertThat(result.column("cloudtrail", "event_id")).containsExactly(
                "9a000000-0000-4000-8000-000000000006", "9a000000-0000-4000-8000-000000000008");
    }

    @Test
    void readsOneRecordWithSortedKeysAndNoFinalLineBreak() throws IOException {
        FormatHarness.Result result = read("single-record-sorted-keys.json");

        assertThat(result.format()).map(f -> f.name()).hasValueSatisfying(name -> assertThat(name).startsWith("cloudtrail."));
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(value(record, "event_name")).isEqualTo("DeleteFlowLogs");
            assertThat(value(record, "event_id")).isEqualTo("9a000000-0000-4000-8000-000000000009");
        });
    }

    @Test
    void leavesAnEmptyUserArnUnsetAndKeepsARedactedAccountAsWritten() throws IOException {
        LogRecord record = readClean("empty-arn-redacted-account.jsonl", "cloudtrail.jsonl").records().get(0);

        assertThat(value(record, "user_arn")).isNull();
        assertThat(value(record, "user_type")).isEqualTo("IdentityCenterUser");
        assertThat(value(record, "user_account_id")).isEqualTo("redacted");
        assertThat(value(record, "event_name")).isEqualTo("UserAuthentication");
    }

    @Test
    void keepsGovCloudArnsWhole() throws IOException {
        LogRecord record = readClean("govcloud-arns.jsonl", "cloudtrail.jsonl").records().get(0);

        assertThat(value(record, "user_arn"))
                .isEqualTo("arn:aws-us-gov:sts::111122223333:assumed-role/GovReader/i-0123456789abcdef0");
        assertThat(value(record, "session_issuer_arn")).isEqualTo("arn:aws-us-gov:iam::111122223333:role/GovReader");
        assertThat(record.event().region()).isEqualTo("us-gov-west-1");
        assertThat(record.event().resource()).isEqualTo("arn:aws-us-gov:s3:::gov-records");
    }

    @Test
    void readsAPrettyPrintedArrayWithSortedKeysAndAMadeUpRegionAsWritten() throws IOException {
        // attack recordings anonymise regions; a region we do not know is kept, not refused
        FormatHarness.Result result = read("detonation-pretty-array.json");

        assertThat(result.format()).map(f -> f.name()).hasValueSatisfying(name -> assertThat(name).startsWith("cloudtrail."));
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(2);
        assertThat(result.events()).allSatisfy(event -> {
            assertThat(event.region()).isEqualTo("xy-middle-7q");
            assertThat(event.action()).isEqualTo("GetPasswordData");
            assertThat(event.errorCode()).isEqualTo("Client.UnauthorizedOperation");
        });
    }

    @Test
    void readsAnInsightOnItsOwnLineWithItsTypeAsTheAction() throws IOException {
        LogRecord record = readClean("insight-line.json", "cloudtrail.jsonl").records().get(0);

        assertThat(record.event().action()).isEqualTo("ApiErrorRateInsight");
        assertThat(record.event().eventTime()).isEqualTo(Instant.parse("2025-11-04T10:00:00Z"));
        assertThat(value(record, "event_type")).isEqualTo("AwsCloudTrailInsight");
        JsonNode details = Json.MAPPER.readTree(value(record, "insight_details").toString());
        assertThat(details.get("state").asText()).isEqualTo("End");
        assertThat(details.get("eventName").asText()).isEqualTo("DeleteObjects");
    }
}
