package dev.cloudsift.formats.cloudwatch;

/** CloudWatch Logs subscription payloads as Firehose writes them to S3: JSON objects back to back, no separator. */
public final class SubscriptionFormat extends JsonDumpFormat {
    @Override
    public String name() {
        return "cloudwatch.subscription";
    }

    @Override
    public String description() {
        return "CloudWatch Logs subscription filter payloads (messageType, logEvents), one or many back to back as Firehose writes them";
    }

    @Override
    int sniffObject(String text) {
        return text.contains("\"messageType\"") && (text.contains("\"logEvents\"") || text.contains("\"logGroup\""))
                ? STRONG : NO;
    }
}
