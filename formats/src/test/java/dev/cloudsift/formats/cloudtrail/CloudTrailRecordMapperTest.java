package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudTrailRecordMapperTest {
    private static final Position AT = new Position(10, 1);

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    private static LogRecord record(String text) throws IOException {
        ReadItem item = CloudTrailRecordMapper.map(json(text), CloudTrailRecordMapper.SHAPE_S3, AT);
        assertThat(item).isInstanceOf(LogRecord.class);
        return (LogRecord) item;
    }

    private static String problem(String text) throws IOException {
        ReadItem item = CloudTrailRecordMapper.map(json(text), CloudTrailRecordMapper.SHAPE_S3, AT);
        assertThat(item).isInstanceOf(ParseProblem.class);
        return ((ParseProblem) item).reason();
    }

    private static Object column(LogRecord record, String name) {
        // A text cell is a String or a slice of the input's bytes: compare their text.
        Object value = record.rows().get(0).values()[CloudTrailTables.CLOUDTRAIL.indexOf(name)];
        return value instanceof dev.cloudsift.core.Utf8Slice slice ? slice.toString() : value;
    }

    @Test
    void mapsAnIamUserCallToTheCommonColumns() throws IOException {
        LogRecord record = record("""
                {"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/ops-admin",
                 "accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"ops-admin"},
                 "eventTime":"2025-11-04T09:17:12Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1",
                 "sourceIPAddress":"203.0.113.45","userAgent":"aws-cli/2.17.0","requestParameters":{"userName":"backup-svc"},
                 "responseElements":{"accessKey":{"accessKeyId":"AKIANEW","status":"Active","userName":"backup-svc"}},
                 "requestID":"r-1","eventID":"2bbfd884-c780-40d6-bb44-60ae7a201aa5","readOnly":false,"eventType":"AwsApiCall",
                 "managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}""");
        Event event = record.event();
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2025-11-04T09:17:12Z"));
        assertThat(event.source()).isEqualTo("cloudtrail");
        assertThat(event.accountId()).isEqualTo("111122223333");
        assertThat(event.region()).isEqualTo("us-east-1");
        assertThat(event.action()).isEqualTo("CreateAccessKey");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.principal()).isEqualTo("arn:aws:iam::111122223333:user/ops-admin");
        assertThat(event.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(event.srcIp()).isEqualTo("203.0.113.45");
        assertThat(event.resource()).isEqualTo("backup-svc");
        assertThat(event.eventId()).isEqualTo("2bbfd884-c780-40d6-bb44-60ae7a201aa5");
        assertThat(event.message()).isEqualTo(
                "iam.amazonaws.com CreateAccessKey by arn:aws:iam::111122223333:user/ops-admin from 203.0.113.45");
        assertThat(record.dedupeKey()).isEqualTo("cloudtrail:111122223333:2bbfd884-c780-40d6-bb44-60ae7a201aa5");
        assertThat(record.position()).isEqualTo(AT);
        assertThat(column(record, "read_only")).isEqualTo(false);
        assertThat(column(record, "management_event")).isEqualTo(true);
        assertThat(column(record, "shape")).isEqualTo("s3");
    }

    @Test
    void consoleLoginFailureAnswersInResponseElements() throws IOException {
        LogRecord record = record("""
                {"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","accountId":"111122223333","accessKeyId":"","userName":"ops-admin"},
                 "eventTime":"2025-11-04T09:14:07Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",
                 "sourceIPAddress":"203.0.113.45","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","requestParameters":null,
                 "responseElements":{"ConsoleLogin":"Failure"},"eventID":"3fd983de-4040-458e-b655-27631b87697c","recipientAccountId":"111122223333"}""");
        assertThat(record.event().outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(record.event().errorCode()).isNull();
        assertThat(record.event().accessKeyId()).as("an empty accessKeyId is no key").isNull();
        assertThat(record.event().principal()).isEqualTo("ops-admin");
        assertThat(column(record, "request_parameters")).isNull();
    }

    @Test
    void serviceCallsNameTheServiceAndKeepTheHostOutOfSrcIp() throws IOException {
        LogRecord record = record("""
                {"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventTime":"2025-11-04T09:00:00Z",
                 "eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","sourceIPAddress":"ec2.amazonaws.com",
                 "userAgent":"ec2.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/app","roleSessionName":"i-0123"},
                 "resources":[{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/app"}],
                 "eventID":"e1","recipientAccountId":"111122223333","sharedEventID":"s1"}""");
        assertThat(record.event().principal()).isEqualTo("ec2.amazonaws.com");
        assertThat(record.event().srcIp()).isNull();
        assertThat(column(record, "source_host")).isEqualTo("ec2.amazonaws.com");
        assertThat(column(record, "source_ip_address")).isEqualTo("ec2.amazonaws.com");
        assertThat(record.event().resource()).isEqualTo("arn:aws:iam::111122223333:role/app");
    }

    @Test
    void s3DataEventsCarryBytesOutAndTheObjectArn() throws IOException {
        LogRecord record = record("""
                {"eventTime":"2025-11-04T09:15:30Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1",
                 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app-reader/i-0123","accountId":"111122223333",
                   "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/app-reader"},
                   "attributes":{"creationDate":"2025-11-04T08:02:11Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},
                 "additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":48213},"sessionCredentialFromConsole":"true",
                 "resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::bucket/exports/q3 payroll.csv"}],"eventID":"f3","recipientAccountId":"111122223333"}""");
        assertThat(record.event().bytes()).isEqualTo(48213L);
        assertThat(record.event().resource()).isEqualTo("arn:aws:s3:::bucket/exports/q3 payroll.csv");
        assertThat(column(record, "session_mfa_authenticated")).isEqualTo(false);
        assertThat(column(record, "session_credential_from_console")).isEqualTo(true);
        assertThat(column(record, "session_creation_date")).isEqualTo(Instant.parse("2025-11-04T08:02:11Z"));
        assertThat(column(record, "ec2_role_delivery")).isEqualTo("2.0");
        assertThat(column(record, "session_issuer_arn")).isEqualTo("arn:aws:iam::111122223333:role/app-reader");
    }

    @Test
    void missingAccountFallsBackToTheCallerThenThePath() throws IOException {
        JsonNode node = json("""
                {"eventTime":"2025-11-04T09:15:30Z","eventName":"X","eventID":"id-1"}""");
        LogRecord record = (LogRecord) CloudTrailRecordMapper.map(node, "s3", AT, null,
                PathHints.fromPath("AWSLogs/444455556666/CloudTrail/eu-west-3/2025/11/04/f.json.gz"));
        assertThat(record.dedupeKey()).isEqualTo("cloudtrail:444455556666:id-1");
        assertThat(record.event().region()).isEqualTo("eu-west-3");
        LogRecord withoutId = record("""
                {"eventTime":"2025-11-04T09:15:30Z","eventName":"X"}""");
        assertThat(withoutId.dedupeKey()).startsWith("cloudtrail:").hasSize("cloudtrail:".length() + 32);
        ReadItem pretty = CloudTrailRecordMapper.map(json("{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":\"X\"}"),
                CloudTrailRecordMapper.SHAPE_JSON_ARRAY, AT, "{\n  \"eventTime\": \"2025-11-04T09:15:30Z\",\n  \"eventName\": \"X\"\n}",
                PathHints.NONE);
        assertThat(((LogRecord) pretty).dedupeKey()).as("layout does not change the key").isEqualTo(withoutId.dedupeKey());
    }

    @Test
    void keepsARecordWithoutEventTimeWithNoTime() throws IOException {
        LogRecord record = record("{\"eventName\":\"X\",\"eventSource\":\"iam.amazonaws.com\"}");
        assertThat(record.event().eventTime()).isNull();
        assertThat(record.event().action()).isEqualTo("X");
    }

    @Test
    void acceptsTheSpaceSeparatedTimesExportsWrite() throws IOException {
        assertThat(record("{\"eventTime\":\"2025-01-21 17:49:47.000000000\",\"eventName\":\"X\"}").event().eventTime())
                .isEqualTo(Instant.parse("2025-01-21T17:49:47Z"));
    }

    @Test
    void mapsTheTextOfOneRecord() {
        String text = "{\"eventTime\":\"2025-11-04T09:15:30Z\",  \"eventName\":\"GetObject\",\"eventID\":\"e\"}";
        ReadItem item = CloudTrailRecordMapper.mapText(text, CloudTrailRecordMapper.SHAPE_CLOUDWATCH, AT, PathHints.NONE);
        assertThat(item).isInstanceOf(LogRecord.class);
        assertThat(column((LogRecord) item, "event_name")).isEqualTo("GetObject");
        assertThat(column((LogRecord) item, "other")).as("every field has its column").isNull();
        assertThat(column((LogRecord) item, "shape")).isEqualTo("cloudwatch");
        assertThat(((ParseProblem) CloudTrailRecordMapper.mapText("{\"eventTime\":", "cloudwatch", AT, PathHints.NONE))
                .reason()).startsWith("CloudTrail record is not valid JSON: Unexpected end-of-input");
        assertThat(((ParseProblem) CloudTrailRecordMapper.mapText("{} {}", "cloudwatch", AT, PathHints.NONE)).reason())
                .startsWith("CloudTrail record is not valid JSON: Trailing token");
        assertThat(((ParseProblem) CloudTrailRecordMapper.mapText("\"text\"", "cloudwatch", AT, PathHints.NONE)).reason())
                .isEqualTo("CloudTrail record is a string, expected a JSON object");
    }

    @Test
    void theFastTimePathAgreesWithJavaTime() {
        for (String text : new String[] {"2025-11-04T09:15:30Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z",
                "2000-12-31T12:00:00Z", "2025-01-01T00:00:00Z"}) {
            assertThat(CloudTrailTimes.eventTime(text)).isEqualTo(Instant.parse(text));
        }
        assertThat(CloudTrailTimes.eventTime("2025-02-29T09:15:30Z")).as("no such day").isNull();
        assertThat(CloudTrailTimes.eventTime("2025-13-04T09:15:30Z")).isNull();
        assertThat(CloudTrailTimes.eventTime("2025-11-04T24:15:30Z")).isNull();
        assertThat(CloudTrailTimes.eventTime("2025-11-04T09:15:30.123Z")).isEqualTo(Instant.parse("2025-11-04T09:15:30.123Z"));
        assertThat(CloudTrailTimes.eventTime("2025-11-04T10:15:30+01:00")).isEqualTo(Instant.parse("2025-11-04T09:15:30Z"));
    }

    @Test
    void theFastTimePathCountsDaysAsJavaTimeDoes() {
        // every day of two centuries around 2000 (every leap rule), and the first and last years four digits can write
        java.util.List<java.time.LocalDate> days = new java.util.ArrayList<>();
        java.time.LocalDate.of(1896, 1, 1).datesUntil(java.time.LocalDate.of(2105, 1, 1)).forEach(days::add);
        java.time.LocalDate.of(0, 1, 1).datesUntil(java.time.LocalDate.of(1, 1, 1)).forEach(days::add);
        java.time.LocalDate.of(9999, 1, 1).datesUntil(java.time.LocalDate.of(10000, 1, 1)).forEach(days::add);
        for (java.time.LocalDate day : days) {
            String text = String.format("%04d-%02d-%02dT23:59:58Z", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
            assertThat(CloudTrailTimes.exactUtcSeconds(text)).as(text)
                    .isEqualTo(day.atTime(23, 59, 58).toInstant(java.time.ZoneOffset.UTC));
            if (day.getDayOfMonth() == day.lengthOfMonth()) {
                String past = String.format("%04d-%02d-%02dT00:00:00Z", day.getYear(), day.getMonthValue(),
                        day.getDayOfMonth() + 1);
                assertThat(CloudTrailTimes.exactUtcSeconds(past)).as(past).isNull();
            }
        }
    }

    @Test
    void refusesWrongTypesWithAnExactReason() throws IOException {
        assertThat(problem("{\"eventTime\":1762247730,\"eventName\":\"X\"}"))
                .isEqualTo("eventTime is a number (1762247730), expected an ISO-8601 string such as 2025-11-04T09:15:30Z");
        assertThat(problem("{\"eventTime\":\"2025-11-04T09:15:30Z\",\"userIdentity\":\"root\"}"))
                .isEqualTo("userIdentity is a string, expected a JSON object");
        assertThat(problem("{\"eventTime\":\"yesterday\"}"))
                .isEqualTo("eventTime \"yesterday\" is not an ISO-8601 time such as 2025-11-04T09:15:30Z");
        assertThat(problem("[1,2]")).isEqualTo("CloudTrail record is an array, expected a JSON object");
        assertThat(problem("{\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventName\":{\"a\":1}}"))
                .isEqualTo("eventName is an object, expected a string");
    }
}
