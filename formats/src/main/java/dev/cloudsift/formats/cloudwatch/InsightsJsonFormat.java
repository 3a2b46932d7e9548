package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Logs Insights results: {@code get-query-results} ({@code results} of field/value pairs) or a console JSON export (an array of rows). */
public final class InsightsJsonFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudwatch.insights-json";
    }

    @Override
    public String description() {
        return "CloudWatch Logs Insights results as JSON: get-query-results output or a console export";
    }

    @Override
    public List<TableSchema> tables() {
        return CloudWatchTables.WRITTEN;
    }

    @Override
    public int sniff(Sample sample) {
        String text = sample.text();
        int first = sample.firstSignificantByte();
        if (first == '{' && text.contains("\"results\"") && text.contains("\"field\"")
                && (text.contains("\"@timestamp\"") || text.contains("\"@message\"") || text.contains("\"recordsMatched\""))) {
            return STRONG;
        }
        if (first == '[' && (text.contains("\"@timestamp\"") || text.contains("\"@message\""))) {
            return STRONG;
        }
        return NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonDumpReader(content, context);
    }
}
