package dev.cloudsift.acquire.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.acquire.AwsAccess;
import dev.cloudsift.acquire.AwsCallException;
import dev.cloudsift.acquire.AwsJsonClient;
import dev.cloudsift.acquire.Backoff;
import dev.cloudsift.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingResponse;

/** Gathers {@link Facts} from a live account with read-only calls; a call that fails leaves its source unknown and a warning. */
public final class LiveFacts {
    private final AwsAccess access;
    private final Backoff backoff;
    private final List<String> warnings = new ArrayList<>();

    public LiveFacts(AwsAccess access, Backoff backoff) {
        this.access = Objects.requireNonNull(access, "access");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Calls that failed (access denied, unknown region): their sources are reported as unknown. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Facts.Account gather(List<String> regions) {
        List<Facts.Region> gathered = new ArrayList<>();
        for (String region : regions) {
            gathered.add(region(region));
        }
        return new Facts.Account(null, gathered, buckets(regions.get(0)));
    }

    Facts.Region region(String region) {
        List<Facts.Trail> trails;
        List<Facts.LogGroup> groups;
        Boolean agent;
        List<String> vpcs;
        List<Facts.FlowLog> flowLogs;
        try (CloudTrailClient cloudTrail = access.cloudTrail(region)) {
            trails = attempt(region, "cloudtrail", () -> trails(cloudTrail));
        }
        try (CloudWatchLogsClient logs = access.logs(region)) {
            groups = attempt(region, "logs:DescribeLogGroups", () -> {
                List<Facts.LogGroup> found = new ArrayList<>();
                String token = null;
                do {
                    String next = token;
                    var page = backoff.run(() -> logs.describeLogGroups(request -> request.nextToken(next)));
                    page.logGroups().forEach(group -> found.add(new Facts.LogGroup(group.logGroupName(),
                            group.retentionInDays(), group.storedBytes())));
                    token = page.nextToken();
                } while (token != null);
                return found;
            });
        }
        try (CloudWatchClient cloudWatch = access.cloudWatch(region)) {
            agent = attempt(region, "cloudwatch:ListMetrics", () -> !backoff.run(() ->
                    cloudWatch.listMetrics(request -> request.namespace("CWAgent"))).metrics().isEmpty());
        }
        try (Ec2Client ec2 = access.ec2(region)) {
            vpcs = attempt(region, "ec2:DescribeVpcs", () -> {
                List<String> found = new ArrayList<>();
                String token = null;
                do {
                    String next = token;
                    var page = backoff.run(() -> ec2.describeVpcs(request -> request.nextToken(next)));
                    page.vpcs().forEach(vpc -> found.add(vpc.vpcId()));
                    token = page.nextToken();
                } while (token != null);
                return found;
            });
            flowLogs = attempt(region, "ec2:DescribeFlowLogs", () -> {
                List<Facts.FlowLog> found = new ArrayList<>();
                String token = null;
                do {
                    String next = token;
                    var page = backoff.run(() -> ec2.describeFlowLogs(request -> request.nextToken(next)));
                    page.flowLogs().forEach(flowLog -> found.add(new Facts.FlowLog(flowLog.flowLogId(), flowLog.resourceId(),
                            flowLog.trafficTypeAsString(), flowLog.logFormat(), flowLog.logDestinationTypeAsString(),
                            flowLog.logDestination(), flowLog.maxAggregationInterval(), flowLog.flowLogStatus())));
                    token = page.nextToken();
                } while (token != null);
                return found;
            });
        }
        AwsJsonClient config = access.config(region);
        List<Facts.Recorder> recorders = attempt(region, "config:DescribeConfigurationRecorders", () -> recorders(config));
        List<Facts.DeliveryChannel> channels = attempt(region, "config:DescribeDeliveryChannels", () -> {
            List<Facts.DeliveryChannel> found = new ArrayList<>();
            for (JsonNode channel : backoff.run(() -> config.call("DescribeDeliveryChannels", Json.MAPPER.createObjectNode()))
                    .path("DeliveryChannels")) {
                found.add(new Facts.DeliveryChannel(channel.path("name").asText(), text(channel, "s3BucketName"),
                        text(channel.path("configSnapshotDeliveryProperties"), "deliveryFrequency")));
            }
            return found;
        });
        List<Facts.WebAcl> acls = attempt(region, "wafv2:ListWebACLs", () -> {
            List<Facts.WebAcl> found = new ArrayList<>(webAcls(access.wafv2(region), "REGIONAL"));
            if (region.equals("us-east-1")) {
                found.addAll(webAcls(access.wafv2("us-east-1"), "CLOUDFRONT"));
            }
            return found;
        });
        return new Facts.Region(region, trails, groups, agent, recorders, channels, vpcs, flowLogs, acls);
    }

    private List<Facts.Trail> trails(CloudTrailClient cloudTrail) throws IOException {
        List<Facts.Trail> found = new ArrayList<>();
        for (var trail : backoff.run(() -> cloudTrail.describeTrails(request -> request.includeShadowTrails(true))).trailList()) {
            String reference = trail.trailARN() != null ? trail.trailARN() : trail.name();
            Boolean logging = null;
            Facts.Selectors selectors = null;
            try {
                logging = backoff.run(() -> cloudTrail.getTrailStatus(request -> request.name(reference))).isLogging();
                selectors = selectors(backoff.run(() -> cloudTrail.getEventSelectors(request -> request.trailName(reference))));
            } catch (SdkException | IOException e) {
                // Organization trails seen from a member account refuse status calls: the trail still counts, its state is unknown.
                warnings.add(reference + ": " + firstLine(e));
            }
            found.add(new Facts.Trail(trail.name(), trail.trailARN(), trail.homeRegion(),
                    Boolean.TRUE.equals(trail.isMultiRegionTrail()), Boolean.TRUE.equals(trail.isOrganizationTrail()),
                    logging, selectors, Boolean.TRUE.equals(trail.logFileValidationEnabled()), trail.kmsKeyId(),
                    trail.cloudWatchLogsLogGroupArn(), trail.s3BucketName(), trail.s3KeyPrefix()));
        }
        return found;
    }

    /** Reduces basic or advanced event selectors to what they record. */
    static Facts.Selectors selectors(GetEventSelectorsResponse response) {
        Set<String> dataTypes = new LinkedHashSet<>();
        boolean read = false;
        boolean write = false;
        boolean advanced = response.hasAdvancedEventSelectors() && !response.advancedEventSelectors().isEmpty();
        if (advanced) {
            for (AdvancedEventSelector selector : response.advancedEventSelectors()) {
                Map<String, List<String>> equals = new TreeMap<>();
                for (AdvancedFieldSelector field : selector.fieldSelectors()) {
                    equals.put(field.field(), field.hasEqualsValue() ? field.equalsValue() : List.of());
                }
                List<String> category = equals.getOrDefault("eventCategory", List.of());
                List<String> readOnly = equals.get("readOnly");
                if (category.contains("Management")) {
                    read |= readOnly == null || readOnly.contains("true");
                    write |= readOnly == null || readOnly.contains("false");
                } else if (category.contains("Data")) {
                    dataTypes.addAll(equals.getOrDefault("resources.type", List.of("data")));
                }
            }
        } else if (response.hasEventSelectors()) {
            for (EventSelector selector : response.eventSelectors()) {
                String readWrite = selector.readWriteTypeAsString() == null ? "All" : selector.readWriteTypeAsString();
                if (!Boolean.FALSE.equals(selector.includeManagementEvents())) {
                    read |= !readWrite.equals("WriteOnly");
                    write |= !readWrite.equals("ReadOnly");
                }
                for (DataResource resource : selector.dataResources()) {
                    dataTypes.add(resource.type());
                }
            }
        }
        String management = read && write ? "All" : read ? "ReadOnly" : write ? "WriteOnly" : "None";
        return new Facts.Selectors(advanced, management, List.copyOf(dataTypes));
    }

    private List<Facts.Recorder> recorders(AwsJsonClient config) throws IOException {
        JsonNode status = backoff.run(() -> config.call("DescribeConfigurationRecorderStatus", Json.MAPPER.createObjectNode()));
        Map<String, Boolean> recording = new TreeMap<>();
        for (JsonNode item : status.path("ConfigurationRecordersStatus")) {
            recording.put(item.path("name").asText(), item.path("recording").asBoolean());
        }
        List<Facts.Recorder> found = new ArrayList<>();
        for (JsonNode recorder : backoff.run(() -> config.call("DescribeConfigurationRecorders", Json.MAPPER.createObjectNode()))
                .path("ConfigurationRecorders")) {
            JsonNode group = recorder.path("recordingGroup");
            List<String> types = new ArrayList<>();
            group.path("resourceTypes").forEach(type -> types.add(type.asText()));
            String name = recorder.path("name").asText();
            found.add(new Facts.Recorder(name, recording.get(name), group.path("allSupported").asBoolean(false),
                    group.path("includeGlobalResourceTypes").asBoolean(false), types,
                    text(recorder.path("recordingMode"), "recordingFrequency")));
        }
        return found;
    }

    private List<Facts.WebAcl> webAcls(AwsJsonClient waf, String scope) throws IOException {
        List<Facts.WebAcl> found = new ArrayList<>();
        String marker = null;
        do {
            ObjectNode request = Json.MAPPER.createObjectNode().put("Scope", scope).put("Limit", 100);
            if (marker != null) {
                request.put("NextMarker", marker);
            }
            JsonNode page = backoff.run(() -> waf.call("ListWebACLs", request));
            for (JsonNode acl : page.path("WebACLs")) {
                String arn = acl.path("ARN").asText();
                List<String> destinations = new ArrayList<>();
                try {
                    JsonNode logging = backoff.run(() -> waf.call("GetLoggingConfiguration",
                            Json.MAPPER.createObjectNode().put("ResourceArn", arn)));
                    logging.path("LoggingConfiguration").path("LogDestinationConfigs").forEach(d -> destinations.add(d.asText()));
                } catch (AwsCallException e) {
                    if (!e.errorCode().equals("WAFNonexistentItemException")) {
                        throw e;
                    }
                }
                found.add(new Facts.WebAcl(acl.path("Name").asText(), arn, scope, destinations));
            }
            marker = page.path("WebACLs").isEmpty() ? null : text(page, "NextMarker");
        } while (marker != null);
        return found;
    }

    private List<Facts.Bucket> buckets(String region) {
        try (S3Client s3 = access.s3(region)) {
            return attempt("global", "s3:ListBuckets", () -> {
                List<Facts.Bucket> found = new ArrayList<>();
                for (var bucket : backoff.run(() -> s3.listBuckets()).buckets()) {
                    try {
                        GetBucketLoggingResponse logging = backoff.run(() -> s3.getBucketLogging(request -> request.bucket(bucket.name())));
                        var enabled = logging.loggingEnabled();
                        found.add(new Facts.Bucket(bucket.name(), bucket.bucketRegion(),
                                enabled == null ? null : enabled.targetBucket(), enabled == null ? null : enabled.targetPrefix()));
                    } catch (SdkException e) {
                        warnings.add("s3:GetBucketLogging " + bucket.name() + ": " + firstLine(e));
                    }
                }
                return found;
            });
        }
    }

    private interface Gathering<T> {
        T gather() throws IOException;
    }

    private <T> T attempt(String region, String call, Gathering<T> gathering) {
        try {
            return gathering.gather();
        } catch (SdkException | IOException e) {
            warnings.add(region + " " + call + ": " + firstLine(e));
            return null;
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
