package dev.cloudsift.acquire.audit;

import dev.cloudsift.core.Nullable;
import java.util.List;
import java.util.Objects;

/** What the AWS APIs (or AWS Config items describing them) said about an account's logging; input of {@link Assessment}. */
public final class Facts {
    private Facts() {}

    /** Everything known about one account; a null list means "not looked at", an empty list means "none exist". */
    public record Account(@Nullable String accountId, List<Region> regions, @Nullable List<Bucket> buckets) {
        public Account {
            regions = List.copyOf(regions);
            buckets = buckets == null ? null : List.copyOf(buckets);
        }
    }

    /** What one region answered; null lists were not looked at (offline audits see only what Config recorded). */
    public record Region(String name, @Nullable List<Trail> trails, @Nullable List<LogGroup> logGroups,
                         @Nullable Boolean agentMetrics, @Nullable List<Recorder> recorders,
                         @Nullable List<DeliveryChannel> deliveryChannels, @Nullable List<String> vpcIds,
                         @Nullable List<FlowLog> flowLogs, @Nullable List<WebAcl> webAcls) {
        public Region {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A CloudTrail trail as DescribeTrails, GetTrailStatus and GetEventSelectors describe it. */
    public record Trail(String name, @Nullable String arn, @Nullable String homeRegion, boolean multiRegion,
                        boolean organization, @Nullable Boolean logging, @Nullable Selectors selectors,
                        boolean logFileValidation, @Nullable String kmsKeyId, @Nullable String cloudWatchLogsGroupArn,
                        @Nullable String s3Bucket, @Nullable String s3KeyPrefix) {
        public Trail {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * What a trail's event selectors record, reduced from basic or advanced selectors.
     * managementReadWrite is All, ReadOnly, WriteOnly or None; dataResourceTypes lists e.g. AWS::S3::Object.
     */
    public record Selectors(boolean advanced, String managementReadWrite, List<String> dataResourceTypes) {
        public Selectors {
            Objects.requireNonNull(managementReadWrite, "managementReadWrite");
            dataResourceTypes = List.copyOf(dataResourceTypes);
        }
    }

    /** A CloudWatch Logs group; retention null means never expire. */
    public record LogGroup(String name, @Nullable Integer retentionDays, @Nullable Long storedBytes) {
        public LogGroup {
            Objects.requireNonNull(name, "name");
        }
    }

    /** An AWS Config configuration recorder with its status. */
    public record Recorder(String name, @Nullable Boolean recording, boolean allSupported,
                           boolean includeGlobalResources, List<String> resourceTypes, @Nullable String frequency) {
        public Recorder {
            Objects.requireNonNull(name, "name");
            resourceTypes = List.copyOf(resourceTypes);
        }
    }

    /** An AWS Config delivery channel. */
    public record DeliveryChannel(String name, @Nullable String s3Bucket, @Nullable String snapshotFrequency) {
        public DeliveryChannel {
            Objects.requireNonNull(name, "name");
        }
    }

    /** An S3 bucket and its server access logging; target null means logging is off. */
    public record Bucket(String name, @Nullable String region, @Nullable String targetBucket, @Nullable String targetPrefix) {
        public Bucket {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A VPC flow log; resourceId is a vpc-, subnet- or eni- id, format null means the default (version 2) fields. */
    public record FlowLog(String id, String resourceId, @Nullable String trafficType, @Nullable String format,
                          @Nullable String destinationType, @Nullable String destination,
                          @Nullable Integer maxAggregationSeconds, @Nullable String status) {
        public FlowLog {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(resourceId, "resourceId");
        }
    }

    /** A WAF web ACL (REGIONAL or CLOUDFRONT scope) and where it logs; destinations empty means logging is off. */
    public record WebAcl(String name, String arn, String scope, List<String> logDestinations) {
        public WebAcl {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(scope, "scope");
            logDestinations = List.copyOf(logDestinations);
        }
    }
}
