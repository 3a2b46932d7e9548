package dev.cloudsift.acquire.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.acquire.audit.Finding.Status;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseFactsTest {
    @TempDir
    Path temporary;

    private static String item(String type, String id, String name, String region, String configuration, String supplementary) {
        return "{\"configurationItemVersion\":\"1.3\",\"configurationItemCaptureTime\":\"2024-03-01T10:00:00.000Z\","
                + "\"configurationStateId\":1709287200000,\"awsAccountId\":\"111122223333\",\"configurationItemStatus\":\"OK\","
                + "\"resourceType\":\"" + type + "\",\"resourceId\":\"" + id + "\",\"resourceName\":\"" + name + "\","
                + "\"ARN\":\"arn:aws:test:::" + id + "\",\"awsRegion\":\"" + region + "\",\"availabilityZone\":\"Not Applicable\","
                + "\"tags\":{},\"relatedEvents\":[],\"relationships\":[],\"configuration\":" + configuration
                + ",\"supplementaryConfiguration\":" + supplementary + "}";
    }

    @Test
    void judgesLoggingFromTheConfigSnapshotInACase() throws Exception {
        String snapshot = "{\"fileVersion\":\"1.0\",\"configSnapshotId\":\"5ae9a3c4-7f09-4a2f-a3b4-EXAMPLE\",\"configurationItems\":["
                + String.join(",", List.of(
                item("AWS::CloudTrail::Trail", "main", "main", "us-east-1", "{\"TrailName\":\"main\",\"IsLogging\":true,"
                        + "\"IsMultiRegionTrail\":true,\"EnableLogFileValidation\":true,\"S3BucketName\":\"acme-trail\","
                        + "\"EventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,\"DataResources\":[]}]}", "{}"),
                item("AWS::S3::Bucket", "acme-data", "acme-data", "us-east-1", "{\"name\":\"acme-data\"}",
                        "{\"BucketLoggingConfiguration\":{\"destinationBucketName\":null,\"logFilePrefix\":null}}"),
                item("AWS::S3::Bucket", "acme-web", "acme-web", "us-east-1", "{\"name\":\"acme-web\"}",
                        "{\"BucketLoggingConfiguration\":{\"destinationBucketName\":\"acme-logs\",\"logFilePrefix\":\"web/\"}}"),
                item("AWS::EC2::VPC", "vpc-0a1b2c3d4e5f60001", "", "us-east-1", "{\"vpcId\":\"vpc-0a1b2c3d4e5f60001\"}", "{}"),
                item("AWS::EC2::FlowLog", "fl-0123456789abcdef0", "", "us-east-1", "{\"Id\":\"fl-0123456789abcdef0\","
                        + "\"ResourceId\":\"vpc-0a1b2c3d4e5f60001\",\"TrafficType\":\"ALL\",\"LogDestinationType\":\"s3\","
                        + "\"LogDestination\":\"arn:aws:s3:::acme-flows\",\"MaxAggregationInterval\":600}", "{}")))
                + "]}";
        Path file = temporary.resolve("111122223333_Config_us-east-1_ConfigSnapshot_20240301T100000Z_5ae9a3c4.json");
        Files.writeString(file, snapshot);
        FormatRegistry registry = FormatRegistry.load();
        try (CaseStore store = CaseStore.open(temporary.resolve("case"), registry.formats())) {
            new Ingest(store, registry).run(IngestOptions.of(List.of(file)), IngestListener.NONE);
            Facts.Account account = CaseFacts.gather(store.connection());

            assertThat(account.accountId()).isEqualTo("111122223333");
            assertThat(account.regions()).extracting(Facts.Region::name).containsExactly("us-east-1");
            List<Finding> findings = Assessment.assess(account);
            assertThat(findings).filteredOn(finding -> finding.source().equals("cloudtrail")).singleElement().satisfies(finding -> {
                assertThat(finding.status()).isEqualTo(Status.PARTIAL);
                assertThat(finding.gap()).isEqualTo("no data events: S3 object reads and Lambda invocations are invisible");
            });
            assertThat(findings).filteredOn(finding -> finding.source().equals("s3-access")).singleElement().satisfies(finding -> {
                assertThat(finding.status()).isEqualTo(Status.PARTIAL);
                assertThat(finding.gap()).contains("acme-data").doesNotContain("acme-web");
            });
            assertThat(findings).filteredOn(finding -> finding.source().equals("vpc-flow")).singleElement().satisfies(finding -> {
                assertThat(finding.status()).isEqualTo(Status.PARTIAL);
                assertThat(finding.gap()).startsWith("default version 2 fields only");
            });
            assertThat(findings).filteredOn(finding -> finding.source().equals("cloudwatch-agent")).singleElement()
                    .extracting(Finding::status).isEqualTo(Status.UNKNOWN);
            assertThat(CaseFacts.sources(store.connection())).extracting(CaseFacts.CaseSource::source).containsExactly("config");
        }
    }
}
