package dev.cloudsift.acquire.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.acquire.S3Location;
import dev.cloudsift.acquire.audit.Finding.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssessmentTest {
    private static Facts.Trail trail(boolean multiRegion, Boolean logging, Facts.Selectors selectors, boolean validation) {
        return new Facts.Trail("main", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", "us-east-1", multiRegion, false,
                logging, selectors, validation, null, null, "acme-trail", null);
    }

    private static Facts.Region region(String name, List<Facts.Trail> trails) {
        return new Facts.Region(name, trails, null, null, null, null, null, null, null);
    }

    @Test
    void noTrailLeavesOnlyTheNinetyDayEventHistory() {
        Finding finding = Assessment.cloudTrail(region("eu-west-1", List.of()));
        assertThat(finding.status()).isEqualTo(Status.OFF);
        assertThat(finding.gap()).contains("90-day Event history");
        assertThat(finding.fixes()).anySatisfy(fix -> assertThat(fix).startsWith("aws cloudtrail create-trail").contains("--region eu-west-1"));
    }

    @Test
    void aTrailWithoutDataEventsLeavesObjectReadsInvisible() {
        Finding finding = Assessment.cloudTrail(region("us-east-1",
                List.of(trail(true, true, new Facts.Selectors(false, "All", List.of()), true))));
        assertThat(finding.status()).isEqualTo(Status.PARTIAL);
        assertThat(finding.gap()).isEqualTo("no data events: S3 object reads and Lambda invocations are invisible");
        assertThat(finding.fixes()).singleElement().satisfies(fix -> assertThat(fix)
                .startsWith("aws cloudtrail put-event-selectors --trail-name arn:aws:cloudtrail:us-east-1:111122223333:trail/main")
                .contains("AWS::S3::Object"));
    }

    @Test
    void aCompleteTrailIsOnAndAStoppedOneIsOff() {
        Facts.Selectors everything = new Facts.Selectors(true, "All", List.of("AWS::S3::Object"));
        assertThat(Assessment.cloudTrail(region("us-east-1", List.of(trail(true, true, everything, true)))).status()).isEqualTo(Status.ON);
        Finding stopped = Assessment.cloudTrail(region("us-east-1", List.of(trail(true, false, everything, true))));
        assertThat(stopped.status()).isEqualTo(Status.OFF);
        assertThat(stopped.fixes()).containsExactly("aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:111122223333:trail/main --region us-east-1");
    }

    @Test
    void aSingleRegionTrailOfAnotherRegionDoesNotCoverThisOne() {
        Facts.Selectors everything = new Facts.Selectors(true, "All", List.of("AWS::S3::Object"));
        assertThat(Assessment.cloudTrail(region("eu-west-1", List.of(trail(false, true, everything, true)))).status()).isEqualTo(Status.OFF);
    }

    @Test
    void writeOnlyManagementEventsHideReconnaissance() {
        Finding finding = Assessment.cloudTrail(region("us-east-1",
                List.of(trail(true, true, new Facts.Selectors(false, "WriteOnly", List.of("AWS::S3::Object")), false))));
        assertThat(finding.gap()).contains("write-only management events").contains("log file validation off");
    }

    @Test
    void flowLogVersionIsTheHighestVersionOfItsFields() {
        assertThat(Assessment.flowLogVersion(null)).isEqualTo(2);
        assertThat(Assessment.flowLogVersion("${version} ${srcaddr} ${dstaddr}")).isEqualTo(2);
        assertThat(Assessment.flowLogVersion("${version} ${vpc-id} ${srcaddr}")).isEqualTo(3);
        assertThat(Assessment.flowLogVersion("${srcaddr} ${az-id}")).isEqualTo(4);
        assertThat(Assessment.flowLogVersion("${srcaddr} ${flow-direction} ${vpc-id}")).isEqualTo(5);
        assertThat(Assessment.flowLogVersion("${ecs-task-id}")).isEqualTo(7);
    }

    @Test
    void aVpcWithoutAFlowLogIsNamedAndAnEniLogDoesNotCoverIt() {
        Facts.FlowLog eni = new Facts.FlowLog("fl-1", "eni-0abc", "ALL", "${version} ${vpc-id} ${srcaddr}", "s3", "arn:aws:s3:::flows", 60, "ACTIVE");
        Facts.Region region = new Facts.Region("us-east-1", null, null, null, null, null, List.of("vpc-1", "vpc-2"), List.of(eni), null);
        Finding finding = Assessment.flowLogs(region);
        assertThat(finding.status()).isEqualTo(Status.PARTIAL);
        assertThat(finding.gap()).contains("vpc-1, vpc-2");
        assertThat(finding.detail()).contains("fl-1 on eni-0abc: ALL traffic, version 3 fields, to s3 arn:aws:s3:::flows, every 60s");
        assertThat(finding.fixes()).singleElement().satisfies(fix -> assertThat(fix).contains("--resource-ids vpc-1 vpc-2 --traffic-type ALL"));

        Facts.Region none = new Facts.Region("us-east-1", null, null, null, null, null, List.of("vpc-1"), List.of(), null);
        assertThat(Assessment.flowLogs(none).status()).isEqualTo(Status.OFF);
        assertThat(Assessment.flowLogs(none).gap()).contains("network connections");
    }

    @Test
    void configRecorderStateDecidesTheStatus() {
        Facts.Recorder daily = new Facts.Recorder("default", true, true, true, List.of(), "DAILY");
        Facts.Region region = new Facts.Region("us-east-1", null, null, null, List.of(daily), List.of(), null, null, null);
        Finding finding = Assessment.config(region, "111122223333");
        assertThat(finding.status()).isEqualTo(Status.PARTIAL);
        assertThat(finding.gap()).contains("daily recording").contains("no delivery channel");
        Facts.Region off = new Facts.Region("us-east-1", null, null, null, List.of(), null, null, null, null);
        assertThat(Assessment.config(off, "111122223333").fixes()).anySatisfy(fix -> assertThat(fix).contains("arn:aws:iam::111122223333:role"));
    }

    @Test
    void bucketsWithoutAccessLoggingAreListedPerRegion() {
        Facts.Account account = new Facts.Account(null, List.of(), List.of(
                new Facts.Bucket("data", "us-east-1", null, null), new Facts.Bucket("logs", "us-east-1", "audit", "logs/"),
                new Facts.Bucket("eu", "eu-west-1", "audit", "eu/")));
        List<Finding> findings = Assessment.s3Access(account);
        assertThat(findings).extracting(Finding::region, Finding::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eu-west-1", Status.ON), org.assertj.core.groups.Tuple.tuple("us-east-1", Status.PARTIAL));
        assertThat(findings.get(1).fixes()).singleElement().satisfies(fix -> assertThat(fix).startsWith("aws s3api put-bucket-logging --bucket data"));
    }

    @Test
    void unknownFactsGiveUnknownFindingsNotFalseAlarms() {
        Facts.Account account = new Facts.Account(null, List.of(new Facts.Region("us-east-1", null, null, null, null, null, null, null, null)), null);
        assertThat(Assessment.assess(account)).allSatisfy(finding -> assertThat(finding.status()).isEqualTo(Status.UNKNOWN));
    }

    @Test
    void discoversTheS3PrefixesWhereLogsLand() {
        Facts.FlowLog flowLog = new Facts.FlowLog("fl-1", "vpc-1", "ALL", null, "s3", "arn:aws:s3:::flows/team", 600, "ACTIVE");
        Facts.WebAcl acl = new Facts.WebAcl("api", "arn:aws:wafv2:us-east-1:1:regional/webacl/api/x", "REGIONAL",
                List.of("arn:aws:s3:::aws-waf-logs-acme", "arn:aws:firehose:us-east-1:1:deliverystream/aws-waf-logs-x"));
        Facts.Region region = new Facts.Region("us-east-1", List.of(new Facts.Trail("t", null, "us-east-1", true, true, true, null, true,
                null, null, "trails", "org")), null, null, null, List.of(new Facts.DeliveryChannel("default", "config-bucket", null)),
                null, List.of(flowLog), List.of(acl));
        Facts.Account account = new Facts.Account(null, List.of(region), List.of(new Facts.Bucket("data", "us-east-1", "access", "data/")));
        assertThat(Discovery.locations(account)).containsExactly(new S3Location("trails", "org/AWSLogs/"),
                new S3Location("flows", "team/AWSLogs/"), new S3Location("config-bucket", ""),
                new S3Location("aws-waf-logs-acme", ""), new S3Location("access", "data/"));
    }
}
