package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogRecord;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Envelopes and odd values that CloudWatch Logs payloads have in the wild (seen in the conformance corpus), each on
 * a fixture of our own under {@code cloudwatch-traps/}.
 */
class CloudWatchTrapsTest {
    private static FormatHarness.Result read(String name) throws IOException {
        return FormatHarness.read(Path.of("src/test/resources/cloudwatch-traps", name));
    }

    @Test
    void readsALambdaEnvelopeByDecodingItsBase64GzipPayload() throws IOException {
        FormatHarness.Result result = read("lambda-awslogs.json");

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.lambda");
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        assertThat(result.column("cloudwatch", "message"))
                .containsExactly("[WARN] card declined for order 1001", "[WARN] card declined for order 1002");
        assertThat(result.column("cloudwatch", "event_id")).containsExactly("first-event", "second-event");
        assertThat(result.column("cloudwatch", "log_group")).containsOnly("/aws/lambda/orders-api");
        assertThat(result.column("cloudwatch", "log_stream")).containsOnly("2025/11/04/[$LATEST]5c1f0e2a9b8d4c7e");
        assertThat(result.column("cloudwatch", "owner_account")).containsOnly("111122223333");
        assertThat(result.column("cloudwatch", "subscription_filters")).containsOnly("[\"to-siem\"]");
        assertThat(result.column("cloudwatch", "shape")).containsOnly("lambda");
        assertThat(result.column("cloudwatch", "event_time"))
                .containsExactly(Instant.ofEpochMilli(1762247730000L), Instant.ofEpochMilli(1762247730250L));
        assertThat(result.records()).extracting(LogRecord::dedupeKey).containsExactly(
                "cloudwatch:/aws/lambda/orders-api:first-event", "cloudwatch:/aws/lambda/orders-api:second-event");
        assertThat(result.events()).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("cloudwatch");
            assertThat(event.accountId()).isEqualTo("111122223333");
        });
    }

    @Test
    void readsALambdaEnvelopeCompressedWithZlibAndCarryingAPolicyLevel() throws IOException {
        // published samples compress the data as a zlib stream (78 DA) rather than gzip and add policyLevel
        FormatHarness.Result result = read("lambda-awslogs-zlib-policy-level.json");

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.lambda");
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        assertThat(result.column("cloudwatch", "event_id")).containsExactly("third-event", "fourth-event");
        assertThat(result.column("cloudwatch", "message"))
                .containsExactly("[WARN] card declined for order 1003", "[WARN] card declined for order 1004");
        assertThat(result.column("cloudwatch", "subscription_filters")).containsOnly("[\"account-policy\"]");
    }

    @Test
    void readsKinesisRecordsAlthoughTheyOpenWithRecordsLikeCloudTrail() throws IOException {
        FormatHarness.Result result = read("kinesis-records.json");

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.kinesis");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(3);
        assertThat(result.column("cloudwatch", "log_group")).containsOnly("/aws/lambda/billing-worker");
        assertThat(result.column("cloudwatch", "log_stream")).containsExactly("2025/11/04/[$LATEST]aaaa1111bbbb2222",
                "2025/11/04/[$LATEST]aaaa1111bbbb2222", "2025/11/04/[$LATEST]cccc3333dddd4444");
        assertThat(result.column("cloudwatch", "event_id").get(0))
                .isEqualTo("40000000000000000000000000000000000000000000000000000001");
        assertThat(result.column("cloudwatch", "message").get(0))
                .as("the Lambda runtime's trailing line break is part of the message")
                .isEqualTo("START RequestId: 7d0c5a3e-1111-4222-8333-944455556666 Version: $LATEST\n");
        assertThat(result.column("cloudwatch", "shape")).containsOnly("kinesis");
        assertThat(result.column("cloudwatch", "owner_account")).containsOnly("111122223333");
    }

    @Test
    void keepsALambdaRuntimeLineAsTextEvenWithJsonAfterItsPrefix() throws IOException {
        FormatHarness.Result result = read("forwarder-runtime-prefixed.json");

        assertThat(result.format()).map(format -> format.name()).contains("cloudwatch.subscription");
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "log_group")).containsExactly("/aws/lambda/checkout");
        assertThat(result.column("cloudwatch", "event_time")).containsExactly(Instant.ofEpochMilli(1762247730114L));
        // time, request id and level before the JSON: the line is text, not a JSON document
        assertThat(result.column("cloudwatch", "kind")).containsExactly("text");
    }

    @Test
    void keepsAJsonMessageWithATrailingLineBreakAsParsedJson() throws IOException {
        FormatHarness.Result result = read("forwarder-json-message.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "kind")).containsExactly("json");
        assertThat(result.column("cloudwatch", "parsed"))
                .containsExactly("{\"level\":\"debug\",\"msg\":\"cart loaded\",\"items\":3}");
    }

    @Test
    void takesTimestampsAsMillisecondsEvenWhenAWriterPutSecondsThere() throws IOException {
        // CloudWatch defines the field as epoch milliseconds; seconds there come from hand-written payloads. Keeping
        // the definition instead of guessing by magnitude puts the event in January 1970, which an analyst sees at once.
        FormatHarness.Result result = read("timestamp-in-seconds.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "event_time")).containsExactly(Instant.ofEpochMilli(1762247730L));
        assertThat(result.column("cloudwatch", "log_group")).containsExactly("/aws/rds/cluster/orders");
        assertThat(result.column("cloudwatch", "kind")).containsExactly("json");
    }

    @Test
    void leavesAConfigRuleEventToTheConfigFormats() throws IOException {
        FormatHarness.Result result = FormatHarness.read(
                Path.of("src/test/resources/config-traps/rule-event-snapshot-delivered.json"));

        assertThat(result.format()).map(format -> format.name()).isNotIn(List.of("cloudwatch.lambda",
                "cloudwatch.subscription", "cloudwatch.kinesis", "cloudwatch.cli", "cloudwatch.insights-json"));
    }
}
