package dev.cloudsift.acquire.audit;

import dev.cloudsift.acquire.audit.Facts.Bucket;
import dev.cloudsift.acquire.audit.Facts.FlowLog;
import dev.cloudsift.acquire.audit.Facts.LogGroup;
import dev.cloudsift.acquire.audit.Facts.Recorder;
import dev.cloudsift.acquire.audit.Facts.Region;
import dev.cloudsift.acquire.audit.Facts.Trail;
import dev.cloudsift.acquire.audit.Facts.WebAcl;
import dev.cloudsift.acquire.audit.Finding.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns facts into findings. Pure: the same code judges live API answers and AWS Config items, so the
 * verdicts cannot drift between the online and the offline audit.
 */
public final class Assessment {
    /** CloudWatch Logs retention below this many days loses evidence before most incidents are found. */
    static final int SHORT_RETENTION_DAYS = 90;

    /** Flow log fields by the version that introduced them; the highest field used implies the version. */
    private static final Map<String, Integer> FLOW_FIELD_VERSIONS = flowFieldVersions();

    private static final String VPC_FLOW_FORMAT = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} "
            + "${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} "
            + "${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} "
            + "${region} ${az-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}";

    private Assessment() {}

    /** All findings for an account: per region CloudTrail, CloudWatch Logs, the agent, Config, flow logs, WAF; S3 per bucket region. */
    public static List<Finding> assess(Facts.Account account) {
        List<Finding> findings = new ArrayList<>();
        for (Region region : account.regions()) {
            findings.add(cloudTrail(region));
            findings.add(logGroups(region));
            findings.add(agent(region));
            findings.add(config(region, account.accountId()));
            findings.add(flowLogs(region));
            findings.addAll(waf(region));
        }
        findings.addAll(s3Access(account));
        return findings;
    }

    static Finding cloudTrail(Region region) {
        String source = "cloudtrail";
        if (region.trails() == null) {
            return unknown(source, region.name());
        }
        List<Trail> covering = region.trails().stream()
                .filter(trail -> trail.multiRegion() || trail.homeRegion() == null || trail.homeRegion().equals(region.name()))
                .toList();
        String eventHistory = "only the 90-day Event history of management events remains: no data events, nothing "
                + "older than 90 days, no copy an attacker cannot delete with the account";
        if (covering.isEmpty()) {
            return new Finding(source, region.name(), Status.OFF, "no trail covers this region", eventHistory, List.of(
                    "aws cloudtrail create-trail --name cloudsift-trail --s3-bucket-name LOG-BUCKET --is-multi-region-trail "
                            + "--enable-log-file-validation --region " + region.name(),
                    "aws cloudtrail start-logging --name cloudsift-trail --region " + region.name()));
        }
        List<Trail> logging = covering.stream().filter(trail -> !Boolean.FALSE.equals(trail.logging())).toList();
        String described = covering.stream().map(Assessment::describe).collect(Collectors.joining("; "));
        if (logging.isEmpty()) {
            return new Finding(source, region.name(), Status.OFF, described, "every trail is stopped: " + eventHistory,
                    covering.stream().map(trail -> "aws cloudtrail start-logging --name " + trailReference(trail)
                            + " --region " + home(trail, region)).toList());
        }
        // The region is as well covered as its best trail in each respect; a gap remains only if no trail closes it.
        List<String> gaps = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        Trail first = logging.get(0);
        String reference = trailReference(first);
        boolean managementAll = logging.stream().anyMatch(trail -> trail.selectors() == null
                || trail.selectors().managementReadWrite().equals("All"));
        boolean anyManagement = logging.stream().anyMatch(trail -> trail.selectors() == null
                || !trail.selectors().managementReadWrite().equals("None"));
        boolean dataEvents = logging.stream().anyMatch(trail -> trail.selectors() != null
                && !trail.selectors().dataResourceTypes().isEmpty());
        boolean selectorsKnown = logging.stream().anyMatch(trail -> trail.selectors() != null);
        if (!anyManagement) {
            gaps.add("no management events: API calls that change or read the account are invisible (Event history still keeps 90 days)");
        } else if (!managementAll) {
            gaps.add("write-only management events: read calls (List*, Describe*, Get*) are invisible, so reconnaissance and "
                    + "secret reads (GetSecretValue) leave no trace");
        }
        if (selectorsKnown && !dataEvents) {
            gaps.add("no data events: S3 object reads and Lambda invocations are invisible");
        }
        if (!anyManagement || !managementAll || (selectorsKnown && !dataEvents)) {
            fixes.add("aws cloudtrail put-event-selectors --trail-name " + reference + " --region " + home(first, region)
                    + " --advanced-event-selectors '[{\"Name\":\"Management\",\"FieldSelectors\":[{\"Field\":\"eventCategory\","
                    + "\"Equals\":[\"Management\"]}]},{\"Name\":\"S3 objects\",\"FieldSelectors\":[{\"Field\":\"eventCategory\","
                    + "\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]}]},"
                    + "{\"Name\":\"Lambda\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},"
                    + "{\"Field\":\"resources.type\",\"Equals\":[\"AWS::Lambda::Function\"]}]}]'");
        }
        if (logging.stream().noneMatch(Trail::logFileValidation)) {
            gaps.add("log file validation off: deleting or editing delivered log files cannot be proven");
            fixes.add("aws cloudtrail update-trail --name " + reference + " --enable-log-file-validation --region " + home(first, region));
        }
        if (logging.stream().noneMatch(trail -> trail.multiRegion())) {
            gaps.add("no multi-region trail: activity in regions nobody watches is invisible");
            fixes.add("aws cloudtrail update-trail --name " + reference + " --is-multi-region-trail --region " + home(first, region));
        }
        if (!selectorsKnown) {
            described += "; event selectors not known";
        }
        return new Finding(source, region.name(), gaps.isEmpty() ? Status.ON : Status.PARTIAL, described,
                gaps.isEmpty() ? null : String.join("; ", gaps), fixes);
    }

    private static String describe(Trail trail) {
        List<String> parts = new ArrayList<>();
        parts.add(trail.multiRegion() ? "multi-region" : "single-region");
        if (trail.organization()) {
            parts.add("organization");
        }
        parts.add(trail.logging() == null ? "logging unknown" : trail.logging() ? "logging" : "STOPPED");
        if (trail.selectors() != null) {
            parts.add("management " + trail.selectors().managementReadWrite()
                    + (trail.selectors().advanced() ? " (advanced selectors)" : ""));
            parts.add(trail.selectors().dataResourceTypes().isEmpty() ? "no data events"
                    : "data events " + String.join(",", trail.selectors().dataResourceTypes()));
        }
        parts.add(trail.logFileValidation() ? "validation on" : "validation off");
        parts.add(trail.kmsKeyId() == null ? "SSE-S3" : "KMS");
        parts.add(trail.cloudWatchLogsGroupArn() == null ? "no CloudWatch Logs" : "to CloudWatch Logs");
        if (trail.s3Bucket() != null) {
            parts.add("s3://" + trail.s3Bucket() + "/" + (trail.s3KeyPrefix() == null ? "" : trail.s3KeyPrefix() + "/") + "AWSLogs/");
        }
        return "trail " + trail.name() + ": " + String.join(", ", parts);
    }

    private static String trailReference(Trail trail) {
        return trail.arn() != null ? trail.arn() : trail.name();
    }

    private static String home(Trail trail, Region region) {
        return trail.homeRegion() != null ? trail.homeRegion() : region.name();
    }

    static Finding logGroups(Region region) {
        String source = "cloudwatch-logs";
        if (region.logGroups() == null) {
            return unknown(source, region.name());
        }
        if (region.logGroups().isEmpty()) {
            return new Finding(source, region.name(), Status.OFF, "no log groups",
                    "no application, Lambda, VPC-to-CloudWatch or OS logs are kept in this region", List.of());
        }
        List<LogGroup> shortLived = region.logGroups().stream()
                .filter(group -> group.retentionDays() != null && group.retentionDays() < SHORT_RETENTION_DAYS).toList();
        long forever = region.logGroups().stream().filter(group -> group.retentionDays() == null).count();
        String detail = region.logGroups().size() + " log groups (" + forever + " never expire, " + shortLived.size()
                + " keep under " + SHORT_RETENTION_DAYS + " days)";
        if (shortLived.isEmpty()) {
            return new Finding(source, region.name(), Status.ON, detail, null, List.of());
        }
        String names = shortLived.stream().limit(5).map(group -> group.name() + " (" + group.retentionDays() + "d)")
                .collect(Collectors.joining(", ")) + (shortLived.size() > 5 ? ", ..." : "");
        return new Finding(source, region.name(), Status.PARTIAL, detail,
                "short retention: events older than the retention of " + names + " are already gone when an incident is found",
                shortLived.stream().map(group -> "aws logs put-retention-policy --log-group-name " + group.name()
                        + " --retention-in-days 365 --region " + region.name()).toList());
    }

    static Finding agent(Region region) {
        String source = "cloudwatch-agent";
        if (region.agentMetrics() == null) {
            return unknown(source, region.name());
        }
        if (region.agentMetrics()) {
            return new Finding(source, region.name(), Status.ON, "CWAgent metrics reported", null, List.of());
        }
        return new Finding(source, region.name(), Status.OFF, "no CWAgent metrics",
                "no CloudWatch agent: memory, disk use, processes and OS logs (auth, syslog) of instances are invisible; "
                        + "only hypervisor metrics (CPU, network, disk I/O) remain",
                List.of("aws ssm send-command --region " + region.name() + " --document-name AWS-ConfigureAWSPackage "
                        + "--parameters '{\"action\":[\"Install\"],\"name\":[\"AmazonCloudWatchAgent\"]}' "
                        + "--targets Key=tag:cloudsift-agent,Values=yes"));
    }

    static Finding config(Region region, String accountId) {
        String source = "config";
        if (region.recorders() == null) {
            return unknown(source, region.name());
        }
        String account = accountId == null ? "ACCOUNT" : accountId;
        String startCommand = "aws configservice start-configuration-recorder --region " + region.name()
                + " --configuration-recorder-name ";
        String invisible = "no configuration history: changes to security groups, IAM policies, bucket policies and "
                + "instances cannot be reconstructed";
        if (region.recorders().isEmpty()) {
            return new Finding(source, region.name(), Status.OFF, "no configuration recorder", invisible, List.of(
                    "aws configservice put-configuration-recorder --region " + region.name()
                            + " --configuration-recorder name=default,roleARN=arn:aws:iam::" + account
                            + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
                            + " --recording-group allSupported=true,includeGlobalResourceTypes=true",
                    "aws configservice put-delivery-channel --region " + region.name()
                            + " --delivery-channel name=default,s3BucketName=LOG-BUCKET",
                    startCommand + "default"));
        }
        Recorder recorder = region.recorders().get(0);
        String detail = "recorder " + recorder.name() + ": "
                + (recorder.recording() == null ? "status unknown" : recorder.recording() ? "recording" : "STOPPED")
                + ", " + (recorder.allSupported() ? "all resource types" : recorder.resourceTypes().size() + " resource types")
                + (recorder.includeGlobalResources() ? " with global (IAM)" : "")
                + ", " + (recorder.frequency() == null ? "CONTINUOUS" : recorder.frequency())
                + (region.deliveryChannels() == null ? "" : region.deliveryChannels().isEmpty() ? ", no delivery channel"
                        : ", delivers to s3://" + region.deliveryChannels().get(0).s3Bucket());
        if (Boolean.FALSE.equals(recorder.recording())) {
            return new Finding(source, region.name(), Status.OFF, detail, "recorder stopped: " + invisible,
                    List.of(startCommand + recorder.name()));
        }
        List<String> gaps = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (!recorder.allSupported()) {
            gaps.add("only " + recorder.resourceTypes().size() + " resource types recorded: changes to the others are invisible");
            fixes.add("aws configservice put-configuration-recorder --region " + region.name()
                    + " --configuration-recorder name=" + recorder.name() + ",roleARN=ROLE-ARN"
                    + " --recording-group allSupported=true,includeGlobalResourceTypes=true");
        }
        if ("DAILY".equalsIgnoreCase(recorder.frequency())) {
            gaps.add("daily recording: a change reverted within the day (a security group opened then closed) is invisible");
            fixes.add("aws configservice put-configuration-recorder --region " + region.name()
                    + " --configuration-recorder name=" + recorder.name() + ",roleARN=ROLE-ARN"
                    + " --recording-mode recordingFrequency=CONTINUOUS");
        }
        if (region.deliveryChannels() != null && region.deliveryChannels().isEmpty()) {
            gaps.add("no delivery channel: no history or snapshot files in S3, only the API's history");
            fixes.add("aws configservice put-delivery-channel --region " + region.name()
                    + " --delivery-channel name=default,s3BucketName=LOG-BUCKET");
        }
        return new Finding(source, region.name(), gaps.isEmpty() ? Status.ON : Status.PARTIAL, detail,
                gaps.isEmpty() ? null : String.join("; ", gaps), fixes);
    }

    static Finding flowLogs(Region region) {
        String source = "vpc-flow";
        if (region.flowLogs() == null) {
            return unknown(source, region.name());
        }
        List<FlowLog> active = region.flowLogs().stream()
                .filter(flowLog -> flowLog.status() == null || flowLog.status().equalsIgnoreCase("ACTIVE")).toList();
        String detail = active.isEmpty() ? "no flow logs"
                : active.stream().map(Assessment::describe).collect(Collectors.joining("; "));
        if (region.vpcIds() != null && region.vpcIds().isEmpty() && active.isEmpty()) {
            return new Finding(source, region.name(), Status.NOT_APPLICABLE, "no VPCs", null, List.of());
        }
        Set<String> coveredVpcs = active.stream()
                .filter(flowLog -> flowLog.resourceId().startsWith("vpc-") && isAllTraffic(flowLog))
                .map(FlowLog::resourceId).collect(Collectors.toSet());
        List<String> uncovered = region.vpcIds() == null ? List.of()
                : region.vpcIds().stream().filter(vpc -> !coveredVpcs.contains(vpc)).toList();
        if (active.isEmpty()) {
            String vpcs = region.vpcIds() == null ? "the VPCs" : String.join(", ", region.vpcIds());
            return new Finding(source, region.name(), Status.OFF, detail,
                    "no flow logs for " + vpcs + ": network connections (exfiltration, command and control, lateral movement, "
                            + "scanning) are invisible", createFlowLogs(region, region.vpcIds() == null ? List.of("VPC-ID") : region.vpcIds()));
        }
        List<String> gaps = new ArrayList<>();
        if (!uncovered.isEmpty()) {
            gaps.add("no VPC-wide flow log capturing ALL traffic for " + String.join(", ", uncovered)
                    + ": connections of the interfaces not logged (or of the traffic type filtered out) are invisible");
        }
        if (active.stream().allMatch(flowLog -> flowLogVersion(flowLog.format()) < 3)) {
            gaps.add("default version 2 fields only: no vpc-id, instance-id, tcp-flags or pkt-srcaddr, so traffic through NAT "
                    + "or load balancers cannot be traced to its original address");
        }
        return new Finding(source, region.name(), gaps.isEmpty() ? Status.ON : Status.PARTIAL, detail,
                gaps.isEmpty() ? null : String.join("; ", gaps),
                gaps.isEmpty() ? List.of() : createFlowLogs(region, uncovered.isEmpty() ? List.copyOf(coveredVpcs) : uncovered));
    }

    private static boolean isAllTraffic(FlowLog flowLog) {
        return flowLog.trafficType() == null || flowLog.trafficType().equalsIgnoreCase("ALL");
    }

    private static List<String> createFlowLogs(Region region, List<String> vpcIds) {
        return List.of("aws ec2 create-flow-logs --region " + region.name() + " --resource-type VPC --resource-ids "
                + String.join(" ", vpcIds.stream().sorted().toList()) + " --traffic-type ALL --log-destination-type s3 "
                + "--log-destination arn:aws:s3:::LOG-BUCKET --max-aggregation-interval 60 --log-format '" + VPC_FLOW_FORMAT + "'");
    }

    private static String describe(FlowLog flowLog) {
        return flowLog.id() + " on " + flowLog.resourceId() + ": " + (flowLog.trafficType() == null ? "ALL" : flowLog.trafficType())
                + " traffic, version " + flowLogVersion(flowLog.format()) + " fields"
                + (flowLog.format() == null ? " (default)" : "")
                + ", to " + (flowLog.destinationType() == null ? "?" : flowLog.destinationType())
                + (flowLog.destination() == null ? "" : " " + flowLog.destination())
                + (flowLog.maxAggregationSeconds() == null ? "" : ", every " + flowLog.maxAggregationSeconds() + "s");
    }

    /** The flow log version a custom format implies: the highest version among its fields; null (default format) is 2. */
    public static int flowLogVersion(String format) {
        if (format == null || format.isBlank()) {
            return 2;
        }
        int version = 2;
        int start = format.indexOf("${");
        while (start >= 0) {
            int end = format.indexOf('}', start);
            if (end < 0) {
                break;
            }
            version = Math.max(version, FLOW_FIELD_VERSIONS.getOrDefault(format.substring(start + 2, end), 2));
            start = format.indexOf("${", end);
        }
        return version;
    }

    private static Map<String, Integer> flowFieldVersions() {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (String field : List.of("vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr")) {
            versions.put(field, 3);
        }
        for (String field : List.of("region", "az-id", "sublocation-type", "sublocation-id")) {
            versions.put(field, 4);
        }
        for (String field : List.of("pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path")) {
            versions.put(field, 5);
        }
        for (String field : List.of("ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
                "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
                "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id")) {
            versions.put(field, 7);
        }
        for (String field : List.of("reject-reason")) {
            versions.put(field, 8);
        }
        return Map.copyOf(versions);
    }

    static List<Finding> waf(Region region) {
        if (region.webAcls() == null) {
            return List.of(unknown("waf", region.name()));
        }
        Map<String, List<WebAcl>> byScope = new TreeMap<>();
        byScope.put("REGIONAL", new ArrayList<>());
        for (WebAcl acl : region.webAcls()) {
            byScope.computeIfAbsent(acl.scope(), scope -> new ArrayList<>()).add(acl);
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<WebAcl>> scope : byScope.entrySet()) {
            String where = scope.getKey().equals("CLOUDFRONT") ? "global" : region.name();
            String source = scope.getKey().equals("CLOUDFRONT") ? "waf-cloudfront" : "waf";
            List<WebAcl> acls = scope.getValue();
            if (acls.isEmpty()) {
                findings.add(new Finding(source, where, Status.NOT_APPLICABLE, "no web ACLs", null, List.of()));
                continue;
            }
            List<WebAcl> silent = acls.stream().filter(acl -> acl.logDestinations().isEmpty()).toList();
            String detail = acls.stream().map(acl -> acl.name() + (acl.logDestinations().isEmpty() ? ": no logging"
                    : ": logs to " + String.join(",", acl.logDestinations()))).collect(Collectors.joining("; "));
            Status status = silent.isEmpty() ? Status.ON : silent.size() == acls.size() ? Status.OFF : Status.PARTIAL;
            String gap = silent.isEmpty() ? null : "no WAF logs for " + silent.stream().map(WebAcl::name).collect(Collectors.joining(", "))
                    + ": HTTP requests to the resources behind them (payloads, client IPs, which rule matched) are invisible";
            findings.add(new Finding(source, where, status, detail, gap, silent.stream()
                    .map(acl -> "aws wafv2 put-logging-configuration --region "
                            + (scope.getKey().equals("CLOUDFRONT") ? "us-east-1" : region.name())
                            + " --logging-configuration ResourceArn=" + acl.arn()
                            + ",LogDestinationConfigs=arn:aws:s3:::aws-waf-logs-LOG-BUCKET").toList()));
        }
        return findings;
    }

    static List<Finding> s3Access(Facts.Account account) {
        if (account.buckets() == null) {
            return List.of(unknown("s3-access", "all"));
        }
        Map<String, List<Bucket>> byRegion = new TreeMap<>();
        for (Bucket bucket : account.buckets()) {
            byRegion.computeIfAbsent(bucket.region() == null ? "unknown" : bucket.region(), region -> new ArrayList<>()).add(bucket);
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<Bucket>> entry : byRegion.entrySet()) {
            List<Bucket> buckets = entry.getValue();
            List<Bucket> silent = buckets.stream().filter(bucket -> bucket.targetBucket() == null).toList();
            Status status = silent.isEmpty() ? Status.ON : silent.size() == buckets.size() ? Status.OFF : Status.PARTIAL;
            String detail = (buckets.size() - silent.size()) + " of " + buckets.size() + " buckets log access"
                    + buckets.stream().filter(bucket -> bucket.targetBucket() != null).limit(3)
                            .map(bucket -> "; " + bucket.name() + " -> s3://" + bucket.targetBucket() + "/"
                                    + (bucket.targetPrefix() == null ? "" : bucket.targetPrefix()))
                            .collect(Collectors.joining());
            String gap = silent.isEmpty() ? null : "no server access logs for "
                    + silent.stream().limit(5).map(Bucket::name).collect(Collectors.joining(", ")) + (silent.size() > 5 ? ", ..." : "")
                    + ": object reads and listings (also by presigned URL or anonymously) are invisible unless CloudTrail records S3 data events";
            findings.add(new Finding("s3-access", entry.getKey(), status, detail, gap, silent.stream()
                    .map(bucket -> "aws s3api put-bucket-logging --bucket " + bucket.name()
                            + " --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"LOG-BUCKET\",\"TargetPrefix\":\""
                            + bucket.name() + "/\"}}'").toList()));
        }
        return findings;
    }

    private static Finding unknown(String source, String region) {
        return new Finding(source, region, Status.UNKNOWN, "not visible from the facts gathered", null, List.of());
    }
}
