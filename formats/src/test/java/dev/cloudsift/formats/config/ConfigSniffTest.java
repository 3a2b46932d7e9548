package dev.cloudsift.formats.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Sample;
import dev.cloudsift.formats.testing.FormatHarness;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which format the registry picks for Config-like content, by content alone. */
class ConfigSniffTest {
    private static Optional<String> formatOf(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, Sample.SIZE));
        Sample sample = new Sample(head, bytes.length <= Sample.SIZE, "file.json", PathHints.NONE);
        return FormatHarness.registry().sniff(sample).map(LogFormat::name);
    }

    @Test
    void leavesCloudTrailRecordsThatMentionConfigurationItemsToCloudTrail() {
        String trail = """
                {"Records":[{"eventVersion":"1.11","eventTime":"2025-11-04T09:15:30Z","eventSource":"config.amazonaws.com",
                 "eventName":"PutConfigurationRecorder","awsRegion":"eu-west-1","eventID":"e1",
                 "requestParameters":{"configurationItems":[],"messageType":"ConfigurationItemChangeNotification",
                   "resourceType":"AWS::EC2::Instance","configurationItemCaptureTime":"x"}}]}""";

        assertThat(formatOf(trail)).isPresent().get().asString().startsWith("cloudtrail");
    }

    @Test
    void claimsNothingForConfigKeysNestedBelowTheTopLevel() {
        assertThat(formatOf("{\"data\":{\"configurationItems\":[],\"fileVersion\":\"1.0\"}}")).isEmpty();
    }

    @Test
    void leavesSnsMessagesOfOtherServicesAlone() {
        assertThat(formatOf("""
                {"Type":"Notification","MessageId":"1","TopicArn":"arn:aws:sns:eu-west-1:111122223333:alarms",
                 "Message":"{\\"AlarmName\\":\\"cpu\\",\\"NewStateValue\\":\\"ALARM\\"}"}""")).isEmpty();
    }

    @Test
    void leavesEventBridgeEventsOfOtherSourcesAlone() {
        assertThat(formatOf("""
                {"version":"0","id":"1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
                 "detail":{"instance-id":"i-0123","state":"running"}}""")).isEmpty();
    }

    @Test
    void recognisesANotificationWhoseMessageTypeLiesBeyondTheSample() {
        String big = "\"x\":\"" + "a".repeat(Sample.SIZE) + "\"";
        String notification = "{\"configurationItemDiff\":{\"changeType\":\"UPDATE\"},\"configurationItem\":{" + big
                + "},\"messageType\":\"ConfigurationItemChangeNotification\"}";

        assertThat(formatOf(notification)).contains("config.notification");
    }

    @Test
    void recognisesAnSnsEnvelopeWhoseMessageRunsPastTheSample() {
        String message = "{\\\"configurationItem\\\":{\\\"x\\\":\\\"" + "a".repeat(Sample.SIZE) + "\\\"}}";
        String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"arn:aws:sns:eu-west-1:1:config\","
                + "\"Message\":\"" + message + "\"}";

        assertThat(formatOf(envelope)).contains("config.notification");
    }

    @Test
    void tellsFilesFromApiOutputByTheirTopLevelKeys() {
        assertThat(formatOf("{\"fileVersion\":\"1.0\",\"configurationItems\":[]}")).contains("config.file");
        assertThat(formatOf("{\"configurationItems\":[],\"nextToken\":\"abc\"}")).contains("config.api");
        assertThat(formatOf("{\"baseConfigurationItems\":[],\"unprocessedResourceKeys\":[]}")).contains("config.api");
        assertThat(formatOf("{\"Results\":[],\"QueryInfo\":{\"SelectFields\":[]}}")).contains("config.api");
    }
}
