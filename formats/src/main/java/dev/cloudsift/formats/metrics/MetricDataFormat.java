package dev.cloudsift.formats.metrics;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** aws cloudwatch get-metric-data output (MetricDataResults with Timestamps and Values). Options: {@code metrics.namespace}, {@code metrics.dimensions}. */
public final class MetricDataFormat implements LogFormat {
    @Override
    public String name() {
        return "metrics.get-metric-data";
    }

    @Override
    public String description() {
        return "aws cloudwatch get-metric-data output (MetricDataResults with Timestamps and Values)";
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
        return text.contains("\"MetricDataResults\"") ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new MetricDumpReader(content, context);
    }
}
