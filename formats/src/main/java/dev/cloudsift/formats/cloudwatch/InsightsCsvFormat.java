package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Logs Insights results exported as CSV from the console: a header row naming the query's fields. */
public final class InsightsCsvFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudwatch.insights-csv";
    }

    @Override
    public String description() {
        return "CloudWatch Logs Insights results exported as CSV (@timestamp, @message, @logStream, @log columns)";
    }

    @Override
    public List<TableSchema> tables() {
        return CloudWatchTables.WRITTEN;
    }

    @Override
    public int sniff(Sample sample) {
        String header = sample.firstLine();
        if (header.startsWith("{") || header.startsWith("[")) {
            return NO;
        }
        boolean timestamp = false;
        boolean message = false;
        for (String field : header.split(",")) {
            String name = field.strip();
            if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            timestamp |= name.equals("@timestamp");
            message |= name.equals("@message");
        }
        return timestamp && message ? STRONG : timestamp || message ? 60 : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new InsightsCsvReader(content, context);
    }
}
