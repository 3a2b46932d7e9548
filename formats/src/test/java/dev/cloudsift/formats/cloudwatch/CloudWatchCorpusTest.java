package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every CloudWatch Logs sample of the shared corpus reads without quarantine and agrees with what it holds. */
@Conformance
class CloudWatchCorpusTest {
    private static FormatHarness.Result read(String relative) throws IOException {
        Path path = ConformanceCorpus.path(relative);
        assertThat(path).exists();
        return FormatHarness.read(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "misc/aws__aws-lambda-go/events/testdata/cloudwatch-logs-event.json",
            "misc/aws-powertools__powertools-lambda-python/tests/events/cloudWatchLogEvent.json",
            "misc/aws-powertools__powertools-lambda-python/tests/events/cloudWatchLogEventWithPolicyLevel.json"})
    void readsLambdaEnvelopesDecodingBase64AndCompression(String relative) throws IOException {
        FormatHarness.Result result = read(relative);

        assertThat(result.format()).map(f -> f.name()).contains("cloudwatch.lambda");
        assertThat(result.problems()).isEmpty();
        assertThat(result.streamError()).isEmpty();
        assertThat(result.column("cloudwatch", "message"))
                .containsExactly("[ERROR] First test message", "[ERROR] Second test message");
        assertThat(result.column("cloudwatch", "event_id")).containsExactly("eventId1", "eventId2");
        assertThat(result.column("cloudwatch", "log_group")).containsOnly("testLogGroup");
        assertThat(result.column("cloudwatch", "log_stream")).containsOnly("testLogStream");
        assertThat(result.column("cloudwatch", "owner_account")).containsOnly("123456789123");
        assertThat(result.column("cloudwatch", "subscription_filters")).containsOnly("[\"testFilter\"]");
        assertThat(result.column("cloudwatch", "shape")).containsOnly("lambda");
        assertThat(result.column("cloudwatch", "event_time"))
                .containsExactly(Instant.ofEpochMilli(1440442987000L), Instant.ofEpochMilli(1440442987001L));
        assertThat(result.records()).extracting(LogRecord::dedupeKey)
                .containsExactly("cloudwatch:testLogGroup:eventId1", "cloudwatch:testLogGroup:eventId2");
        assertThat(result.events()).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("cloudwatch");
            assertThat(event.accountId()).isEqualTo("123456789123");
        });
    }

    @Test
    void readsKinesisWrappedPayloadsEvenThoughTheyOpenLikeCloudTrail() throws IOException {
        FormatHarness.Result result = read(
                "misc/aws-powertools__powertools-lambda-python/tests/events/kinesisStreamCloudWatchLogsEvent.json");

        assertThat(result.format()).map(f -> f.name()).contains("cloudwatch.kinesis");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(6);
        assertThat(result.column("cloudwatch", "log_group"))
                .containsOnly("/aws/lambda/pt-1488-DummyLogDataFunction-gnWXPvL6jJyG");
        assertThat(result.column("cloudwatch", "log_stream")).containsExactly(
                "2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7",
                "2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7",
                "2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7",
                "2022/11/10/[$LATEST]6749cb3ec3b34895986d592d7421cab2",
                "2022/11/10/[$LATEST]6749cb3ec3b34895986d592d7421cab2",
                "2022/11/10/[$LATEST]6749cb3ec3b34895986d592d7421cab2");
        assertThat(result.column("cloudwatch", "event_id").get(0))
                .isEqualTo("37199717562907174288355125807040114704837640994633613312");
        assertThat(result.column("cloudwatch", "message").get(0))
                .isEqualTo("START RequestId: 06e46194-f277-454e-88d3-1dd7e3860eaa Version: $LATEST\n");
        assertThat(result.column("cloudwatch", "shape")).containsOnly("kinesis");
        assertThat(result.column("cloudwatch", "owner_account")).containsOnly("231436140809");
    }

    @Test
    void readsDatadogForwarderPayloadKeepingTheJsonInsideLambdaLines() throws IOException {
        FormatHarness.Result result = read("misc/DataDog__datadog-serverless-functions/aws/logs_monitoring/tests/events/cloudwatch_logs.json");

        assertThat(result.format()).map(f -> f.name()).contains("cloudwatch.subscription");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).isNotEmpty();
        assertThat(result.column("cloudwatch", "log_group")).containsOnly("/aws/lambda/hello-dog-node-dev-hello12x");
        assertThat(result.column("cloudwatch", "owner_account")).containsOnly("601427279990");
        assertThat(result.column("cloudwatch", "event_id").get(0))
                .isEqualTo("35311576111948622874033876462979853992919938886093242368");
        assertThat(result.column("cloudwatch", "event_time").get(0)).isEqualTo(Instant.ofEpochMilli(1583425836114L));
        // The Lambda runtime prefixes (time, request id, level) make these text, not JSON documents.
        assertThat(result.column("cloudwatch", "kind").get(0)).isEqualTo("text");
    }

    @Test
    void keepsJsonApplicationLogsAsParsedJson() throws IOException {
        FormatHarness.Result result = read("misc/DataDog__datadog-serverless-functions/aws/logs_monitoring/tests/events/cloudwatch_logs_ddtags.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "kind")).containsExactly("json");
        assertThat(result.column("cloudwatch", "parsed")).containsExactly(
                "{\"status\":\"debug\",\"message\":\"datadog:Patched console output with trace context\","
                        + "\"ddtags\":\"env:test,service:test-inner-message\"}");
    }

    @Test
    void takesTimestampsAsMillisecondsEvenWhereAPeerSampleWroteSeconds() throws IOException {
        // cloudwatch_logs_2.json carries timestamp 1737735732: seconds in a field CloudWatch defines as epoch
        // milliseconds. CloudWatch itself never writes seconds there, so we keep the definition rather than guess by
        // magnitude; the event lands in January 1970, which an analyst sees at once.
        FormatHarness.Result result = read("misc/DataDog__datadog-serverless-functions/aws/logs_monitoring/tests/events/cloudwatch_logs_2.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudwatch", "event_time")).containsExactly(Instant.ofEpochMilli(1737735732L));
        assertThat(result.column("cloudwatch", "log_group")).containsExactly("/aws/rds/cluster");
        assertThat(result.column("cloudwatch", "kind")).containsExactly("json");
    }

    @Test
    void leavesTheConfigSamplesToTheConfigFormats() throws IOException {
        FormatHarness.Result result = read("misc/aws__aws-lambda-go/events/testdata/config-event.json");

        assertThat(result.format()).map(f -> f.name()).isNotIn(List.of("cloudwatch.lambda", "cloudwatch.subscription",
                "cloudwatch.kinesis", "cloudwatch.cli", "cloudwatch.insights-json"));
    }
}
