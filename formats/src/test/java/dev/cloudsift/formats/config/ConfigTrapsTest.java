package dev.cloudsift.formats.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Json;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Shapes and odd values of AWS Config items and Config rule events as tools publish them (seen in the conformance
 * corpus), each on a fixture of our own under {@code config-traps/}.
 */
class ConfigTrapsTest {
    private static FormatHarness.Result read(String name) throws IOException {
        return FormatHarness.read(Path.of("src/test/resources/config-traps", name));
    }

    @Test
    void readsTheItemOfATopLevelArrayThatNeverClosesAndReportsTheMissingEnd() throws IOException {
        FormatHarness.Result result = read("item-array-never-closed.json");

        assertThat(result.format()).map(format -> format.name()).contains("config.api");
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("config", "resource_id")).containsExactly("eni-0a1b2c3d4e5f60718");
        assertThat(result.streamError()).hasValueSatisfying(error -> assertThat(error)
                .startsWith("unreadable JSON at line ")
                .contains("in the top-level array (the element starting line 2, byte 4)")
                .endsWith("Unexpected end-of-input: expected close marker for Array"));
    }

    @Test
    void readsAnItemWithARawLineBreakInsideAString() throws IOException {
        FormatHarness.Result result = read("item-raw-line-break.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        assertThat(result.column("config", "resource_type")).containsExactly("AWS::SSM::ManagedInstanceInventory");
        assertThat(Json.MAPPER.readTree((String) result.column("config", "configuration").get(0))
                .at("/AWS:InstanceInformation/Content/i-0fedcba9876543210/PlatformName").asText())
                .isEqualTo("Ubuntu\nLinux");
    }

    @Test
    void readsACaptureTimeWrittenAsAPythonDatetimeAsUtc() throws IOException {
        // Config's SDK users dump items with Python's repr: datetime.datetime(..., tzinfo=tzlocal()). The local zone
        // is unknown, so the fields are read as UTC rather than quarantining the item.
        FormatHarness.Result result = read("item-python-datetime.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("config", "resource_type")).containsExactly("AWS::CloudFormation::Stack");
        assertThat(result.column("config", "capture_time")).containsExactly(Instant.parse("2025-11-04T09:15:30.250Z"));
    }

    @Test
    void readsAnItemPublishedBesideItsDiff() throws IOException {
        FormatHarness.Result result = read("item-with-diff.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(1);
        assertThat(result.column("config", "resource_id")).containsExactly("i-0aaaabbbbccccdddd");
        assertThat(result.column("config", "status")).containsExactly("OK");
    }

    @Test
    void readsTheItemOfARuleEventAndTakesTheChangeTypeFromItsDiff() throws IOException {
        FormatHarness.Result result = read("rule-event-item-changed.json");

        assertThat(result.format()).map(format -> format.name()).contains("config.notification");
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("config", "shape")).containsExactly("lambda-event");
        assertThat(result.column("config", "resource_type")).containsExactly("AWS::EC2::SecurityGroup");
        assertThat(result.column("config", "resource_id")).containsExactly("sg-0a1b2c3d4e5f60718");
        assertThat(result.column("config", "capture_time")).containsExactly(Instant.parse("2025-11-04T09:15:30Z"));
        assertThat(result.column("config", "change_type")).containsExactly("UPDATE");
        assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.action()).isEqualTo("UPDATE"));
    }

    @Test
    void readsTheSummaryOfAnOversizedRuleEventAsItsItem() throws IOException {
        FormatHarness.Result result = read("rule-event-oversized.json");

        assertThat(result.format()).map(format -> format.name()).contains("config.notification");
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("config", "resource_type")).containsExactly("AWS::EC2::Instance");
        assertThat(result.column("config", "resource_id")).containsExactly("i-0123456789abcdef0");
        assertThat(result.column("config", "capture_time")).containsExactly(Instant.parse("2025-11-04T09:20:00Z"));
        assertThat(result.column("config", "change_type")).containsExactly("UPDATE");
    }

    @Test
    void skipsAScheduledRuleEventNamingItsMessageType() throws IOException {
        FormatHarness.Result result = read("rule-event-scheduled.json");

        assertThat(result.format()).map(format -> format.name()).contains("config.notification");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).isEmpty();
        assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                .isEqualTo("Config ScheduledNotification notice carries no configuration item"));
    }

    @Test
    void skipsASnapshotDeliveredRuleEventNamingItsMessageType() throws IOException {
        FormatHarness.Result result = read("rule-event-snapshot-delivered.json");

        assertThat(result.format()).map(format -> format.name()).contains("config.notification");
        assertThat(result.records()).isEmpty();
        assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                .isEqualTo("Config ConfigurationSnapshotDeliveryCompleted notice carries no configuration item"));
    }
}
