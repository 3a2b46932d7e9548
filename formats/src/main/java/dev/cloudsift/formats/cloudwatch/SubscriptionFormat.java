package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** CloudWatch Logs subscription payloads as Firehose writes them to S3: JSON objects back to back, no separator. */
public final class SubscriptionFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudwatch.subscription";
    }

    @Override
    public String description() {
        return "CloudWatch Logs subscription filter payloads (messageType, logEvents), one or many back to back as Firehose writes them";
    }

    @Override
    public List<TableSchema> tables() {
        return CloudWatchTables.WRITTEN;
    }

    @Override
    public int sniff(Sample sample) {
        if (sample.firstSignificantByte() != '{') {
            return NO;
        }
        String text = sample.text();
        return text.contains("\"messageType\"") && (text.contains("\"logEvents\"") || text.contains("\"logGroup\""))
                ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonDumpReader(content, context);
    }
}
