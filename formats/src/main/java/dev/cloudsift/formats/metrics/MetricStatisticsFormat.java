package dev.cloudsift.formats.metrics;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** aws cloudwatch get-metric-statistics output (Label and Datapoints). Options: {@code metrics.namespace}, {@code metrics.dimensions}. */
public final class MetricStatisticsFormat implements LogFormat {
    @Override
    public String name() {
        return "metrics.get-metric-statistics";
    }

    @Override
    public String description() {
        return "aws cloudwatch get-metric-statistics output (Label and Datapoints)";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(MetricsTables.METRICS);
    }

    @Override
    public int sniff(Sample sample) {
        if (sample.firstSignificantByte() != '{') {
            return NO;
        }
        String text = sample.text();
        return text.contains("\"Datapoints\"") && text.contains("\"Label\"") ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new MetricDumpReader(content, context);
    }
}
