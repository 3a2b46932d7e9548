package dev.cloudsift.acquire.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.acquire.Backoff;
import dev.cloudsift.acquire.ReplayServerAccess;
import dev.cloudsift.acquire.audit.Finding.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFactsTest {
    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @Test
    void gathersEverySourceOfARegionFromRecordedAnswersAndJudgesThem() throws Exception {
        try (ReplayServerAccess replay = ReplayServerAccess.start()) {
            replay.answer("DescribeTrails", "describe-trails.json")
                    .answer("GetTrailStatus", "get-trail-status.json")
                    .answer("GetEventSelectors", "get-event-selectors.json")
                    .answer("DescribeLogGroups", "describe-log-groups-1.json")
                    .answer("DescribeLogGroups", "describe-log-groups-2.json")
                    .answer("ListMetrics", "{\"Metrics\":[]}")
                    .answer("DescribeVpcs", "describe-vpcs.xml")
                    .answer("DescribeFlowLogs", "describe-flow-logs.xml")
                    .answer("DescribeConfigurationRecorders", "describe-configuration-recorders.json")
                    .answer("DescribeConfigurationRecorderStatus", "describe-configuration-recorder-status.json")
                    .answer("DescribeDeliveryChannels", "describe-delivery-channels.json")
                    .answer("ListWebACLs", "list-web-acls-regional-1.json")
                    .answer("ListWebACLs", "list-web-acls-regional-2.json")
                    .answer("ListWebACLs", "list-web-acls-cloudfront.json")
                    .answer("GetLoggingConfiguration", "get-logging-configuration.json")
                    .answer("GetLoggingConfiguration", 400, "{\"__type\":\"WAFNonexistentItemException\",\"Message\":\"AWS WAF couldn't perform the operation because your resource doesn't exist.\"}")
                    .answer("GET /", "list-buckets.xml")
                    .answer("GET /acme-data?logging", "get-bucket-logging-on.xml")
                    .answer("GET /acme-logs?logging", "get-bucket-logging-off.xml");

            LiveFacts live = new LiveFacts(replay.access(), Backoff.standard());
            Facts.Account account = live.gather(List.of("us-east-1"));

            assertThat(live.warnings()).isEmpty();
            Facts.Region region = account.regions().get(0);
            assertThat(region.trails()).singleElement().satisfies(trail -> {
                assertThat(trail.multiRegion()).isTrue();
                assertThat(trail.logging()).isTrue();
                assertThat(trail.selectors()).isEqualTo(new Facts.Selectors(false, "WriteOnly", List.of()));
                assertThat(trail.s3Bucket()).isEqualTo("acme-cloudtrail");
            });
            assertThat(region.logGroups()).extracting(Facts.LogGroup::name).containsExactly("/aws/lambda/billing", "/var/log/secure");
            assertThat(replay.server().requests("DescribeLogGroups").get(1).body()).contains("page-2-token");
            assertThat(region.agentMetrics()).isFalse();
            assertThat(region.vpcIds()).containsExactly("vpc-0a1b2c3d4e5f60001", "vpc-0a1b2c3d4e5f60002");
            assertThat(region.flowLogs()).hasSize(2);
            assertThat(region.recorders()).singleElement().satisfies(recorder -> {
                assertThat(recorder.recording()).isTrue();
                assertThat(recorder.frequency()).isEqualTo("DAILY");
            });
            assertThat(region.webAcls()).extracting(Facts.WebAcl::name, Facts.WebAcl::scope, acl -> acl.logDestinations().size())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("api-acl", "REGIONAL", 1),
                            org.assertj.core.groups.Tuple.tuple("shop-acl", "REGIONAL", 0),
                            org.assertj.core.groups.Tuple.tuple("cdn-acl", "CLOUDFRONT", 0));
            assertThat(account.buckets()).containsExactly(new Facts.Bucket("acme-data", "us-east-1", "acme-logs", "acme-data/"),
                    new Facts.Bucket("acme-logs", "us-east-1", null, null));
            // Every call was read-only.
            assertThat(replay.server().requests()).allSatisfy(request -> assertThat(request.operation())
                    .matches("(Describe|Get|List|GET ).*"));

            List<Finding> findings = Assessment.assess(account);
            assertThat(findings).extracting(Finding::source, Finding::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("cloudtrail", Status.PARTIAL),
                    org.assertj.core.groups.Tuple.tuple("cloudwatch-logs", Status.PARTIAL),
                    org.assertj.core.groups.Tuple.tuple("cloudwatch-agent", Status.OFF),
                    org.assertj.core.groups.Tuple.tuple("config", Status.PARTIAL),
                    org.assertj.core.groups.Tuple.tuple("vpc-flow", Status.PARTIAL),
                    org.assertj.core.groups.Tuple.tuple("waf-cloudfront", Status.OFF),
                    org.assertj.core.groups.Tuple.tuple("waf", Status.PARTIAL),
                    org.assertj.core.groups.Tuple.tuple("s3-access", Status.PARTIAL));
        }
    }

    @Test
    void aRefusedCallLeavesItsSourceUnknownWithAWarning() throws Exception {
        try (ReplayServerAccess replay = ReplayServerAccess.start()) {
            LiveFacts live = new LiveFacts(replay.access(), new Backoff(millis -> { }, 1, 1, 2, 0));
            Facts.Region region = live.region("eu-west-1");
            assertThat(region.trails()).isNull();
            assertThat(region.recorders()).isNull();
            assertThat(live.warnings()).anySatisfy(warning -> assertThat(warning).contains("eu-west-1 cloudtrail"));
            assertThat(Assessment.cloudTrail(region).status()).isEqualTo(Status.UNKNOWN);
        }
    }

}
