package dev.cloudsift.acquire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Acquires what only APIs hold: CloudTrail Event history (LookupEvents), CloudWatch Logs events, EC2 metrics and
 * Config resource history; one file per API page, in the shapes the AWS CLI prints and the ingest reads.
 */
public final class ApiAcquisition {
    /** A metric of an EC2 instance, e.g. NetworkOut of i-0123. */
    public record MetricRequest(String metricName, String instanceId) {
        public MetricRequest {
            Objects.requireNonNull(metricName, "metricName");
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    private final AwsAccess access;
    private final Manifest manifest;
    private final Instant from;
    private final Instant to;
    private final Backoff.Sleeper sleeper;

    public ApiAcquisition(AwsAccess access, Manifest manifest, Instant from, Instant to, Backoff.Sleeper sleeper) {
        this.access = Objects.requireNonNull(access, "access");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** LookupEvents for the window in one region, paced to 2 calls a second; returns the events written. */
    public int lookupEvents(String region) throws IOException {
        Backoff backoff = new Backoff(sleeper, 500, 20_000, 10, 500);
        int events = 0;
        int page = 0;
        String token = null;
        try (CloudTrailClient cloudTrail = access.cloudTrail(region)) {
            do {
                String next = token;
                LookupEventsResponse response = backoff.run(() -> cloudTrail.lookupEvents(request -> request
                        .startTime(from).endTime(to).maxResults(50).nextToken(next)));
                page++;
                events += response.events().size();
                manifest.writeApiFile(String.format(Locale.ROOT, "cloudtrail-lookup/%s/lookup-events-%05d.json", region, page),
                        lookupPage(response), "cloudtrail:LookupEvents",
                        "cloudtrail:LookupEvents StartTime=" + from + " EndTime=" + to + " page " + page, region);
                token = response.nextToken();
            } while (token != null);
        }
        return events;
    }

    static byte[] lookupPage(LookupEventsResponse response) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("Events");
            for (Event event : response.events()) {
                generator.writeStartObject();
                generator.writeStringField("EventId", event.eventId());
                generator.writeStringField("EventName", event.eventName());
                generator.writeStringField("ReadOnly", event.readOnly());
                if (event.accessKeyId() != null) {
                    generator.writeStringField("AccessKeyId", event.accessKeyId());
                }
                generator.writeStringField("EventTime", event.eventTime() == null ? null : event.eventTime().toString());
                generator.writeStringField("EventSource", event.eventSource());
                generator.writeStringField("Username", event.username());
                generator.writeArrayFieldStart("Resources");
                for (Resource resource : event.resources()) {
                    generator.writeStartObject();
                    generator.writeStringField("ResourceType", resource.resourceType());
                    generator.writeStringField("ResourceName", resource.resourceName());
                    generator.writeEndObject();
                }
                generator.writeEndArray();
                generator.writeStringField("CloudTrailEvent", event.cloudTrailEvent());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            if (response.nextToken() != null) {
                generator.writeStringField("NextToken", response.nextToken());
            }
            generator.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** FilterLogEvents over the window for one log group; returns the events written. */
    public int logEvents(String region, String logGroup) throws IOException {
        Backoff backoff = Backoff.standard();
        int events = 0;
        int page = 0;
        String token = null;
        String folder = "cloudwatch-logs/" + region + "/" + safeName(logGroup);
        try (CloudWatchLogsClient logs = access.logs(region)) {
            do {
                String next = token;
                FilterLogEventsResponse response = backoff.run(() -> logs.filterLogEvents(request -> request
                        .logGroupName(logGroup).startTime(from.toEpochMilli()).endTime(to.toEpochMilli()).nextToken(next)));
                page++;
                events += response.events().size();
                manifest.writeApiFile(String.format(Locale.ROOT, "%s/filter-log-events-%05d.json", folder, page),
                        logPage(response), "logs:FilterLogEvents", "logs:FilterLogEvents logGroupName=" + logGroup
                                + " startTime=" + from.toEpochMilli() + " endTime=" + to.toEpochMilli() + " page " + page, region);
                token = response.nextToken();
            } while (token != null);
        }
        return events;
    }

    static byte[] logPage(FilterLogEventsResponse response) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("events");
            for (FilteredLogEvent event : response.events()) {
                generator.writeStartObject();
                generator.writeStringField("logStreamName", event.logStreamName());
                if (event.timestamp() != null) {
                    generator.writeNumberField("timestamp", event.timestamp());
                }
                generator.writeStringField("message", event.message());
                if (event.ingestionTime() != null) {
                    generator.writeNumberField("ingestionTime", event.ingestionTime());
                }
                generator.writeStringField("eventId", event.eventId());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("searchedLogStreams");
            generator.writeEndArray();
            if (response.nextToken() != null) {
                generator.writeStringField("nextToken", response.nextToken());
            }
            generator.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** GetMetricData for AWS/EC2 metrics of instances; returns the datapoints written. */
    public int metrics(String region, List<MetricRequest> requests) throws IOException {
        if (requests.isEmpty()) {
            return 0;
        }
        // CloudWatch keeps 5-minute points for 63 days and hourly ones after: ask for what still exists.
        int period = Duration.between(from, Instant.now()).toDays() > 62 ? 3600 : 300;
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            MetricRequest request = requests.get(i);
            String statistic = request.metricName().startsWith("Network") || request.metricName().startsWith("Disk") ? "Sum" : "Average";
            queries.add(MetricDataQuery.builder().id("m" + i)
                    // "INSTANCE METRIC": the metrics reader takes the metric from the last word and the instance from i-...
                    .label(request.instanceId() + " " + request.metricName())
                    .metricStat(stat -> stat.period(period).stat(statistic).metric(metric -> metric.namespace("AWS/EC2")
                            .metricName(request.metricName()).dimensions(dimension -> dimension.name("InstanceId").value(request.instanceId()))))
                    .build());
        }
        Backoff backoff = Backoff.standard();
        int points = 0;
        int page = 0;
        String token = null;
        try (CloudWatchClient cloudWatch = access.cloudWatch(region)) {
            do {
                String next = token;
                GetMetricDataResponse response = backoff.run(() -> cloudWatch.getMetricData(request -> request
                        .metricDataQueries(queries).startTime(from).endTime(to).nextToken(next)));
                page++;
                points += response.metricDataResults().stream().mapToInt(result -> result.values().size()).sum();
                manifest.writeApiFile(String.format(Locale.ROOT, "cloudwatch-metrics/%s/get-metric-data-%05d.json", region, page),
                        metricPage(response), "cloudwatch:GetMetricData", "cloudwatch:GetMetricData " + requests
                                + " period=" + period + " page " + page, region);
                token = response.nextToken();
            } while (token != null);
        }
        return points;
    }

    static byte[] metricPage(GetMetricDataResponse response) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("MetricDataResults");
            for (MetricDataResult result : response.metricDataResults()) {
                generator.writeStartObject();
                generator.writeStringField("Id", result.id());
                generator.writeStringField("Label", result.label());
                generator.writeArrayFieldStart("Timestamps");
                for (Instant timestamp : result.timestamps()) {
                    generator.writeString(timestamp.toString());
                }
                generator.writeEndArray();
                generator.writeArrayFieldStart("Values");
                for (Double value : result.values()) {
                    generator.writeNumber(value);
                }
                generator.writeEndArray();
                generator.writeStringField("StatusCode", result.statusCodeAsString());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("Messages");
            generator.writeEndArray();
            generator.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /**
     * GetResourceConfigHistory for TYPE:ID, or for every resource of TYPE (deleted ones too, via
     * ListDiscoveredResources); the API's answers are written as they came. Returns the items written.
     */
    public int configHistory(String region, String typeAndId) throws IOException {
        AwsJsonClient config = access.config(region);
        Backoff backoff = Backoff.standard();
        int colon = typeAndId.indexOf(':', typeAndId.lastIndexOf("::") + 2);
        String type = colon < 0 ? typeAndId : typeAndId.substring(0, colon);
        List<String> ids = new ArrayList<>();
        if (colon >= 0) {
            ids.add(typeAndId.substring(colon + 1));
        } else {
            String token = null;
            do {
                ObjectNode request = Json.MAPPER.createObjectNode().put("resourceType", type).put("includeDeletedResources", true);
                if (token != null) {
                    request.put("nextToken", token);
                }
                JsonNode answer = backoff.run(() -> config.call("ListDiscoveredResources", request));
                answer.path("resourceIdentifiers").forEach(identifier -> ids.add(identifier.path("resourceId").asText()));
                token = answer.hasNonNull("nextToken") ? answer.path("nextToken").asText() : null;
            } while (token != null);
        }
        int items = 0;
        for (String id : ids) {
            int page = 0;
            String token = null;
            do {
                ObjectNode request = Json.MAPPER.createObjectNode().put("resourceType", type).put("resourceId", id)
                        .put("earlierTime", from.getEpochSecond()).put("laterTime", to.getEpochSecond());
                if (token != null) {
                    request.put("nextToken", token);
                }
                JsonNode answer = backoff.run(() -> config.call("GetResourceConfigHistory", request));
                page++;
                items += answer.path("configurationItems").size();
                manifest.writeApiFile(String.format(Locale.ROOT, "config-history/%s/%s/%s-%05d.json", region,
                                safeName(type), safeName(id), page), Json.MAPPER.writeValueAsBytes(answer),
                        "config:GetResourceConfigHistory", "config:GetResourceConfigHistory resourceType=" + type
                                + " resourceId=" + id + " page " + page, region);
                token = answer.hasNonNull("nextToken") ? answer.path("nextToken").asText() : null;
            } while (token != null);
        }
        return items;
    }

    /** A name usable as one path segment: log group and resource names carry slashes and colons. */
    static String safeName(String name) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < name.length() && safe.length() < 200; i++) {
            char c = name.charAt(i);
            safe.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        String result = safe.toString();
        return result.isEmpty() || result.chars().allMatch(c -> c == '.') ? "_" : result;
    }
}
