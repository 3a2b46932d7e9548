package dev.cloudsift.formats.metrics;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.InputStream;
import java.util.List;

/** CloudWatch metric streams in JSON output format: one object per line, as Firehose delivers them to S3. */
public final class MetricStreamFormat implements LogFormat {
    @Override
    public String name() {
        return "metrics.stream";
    }

    @Override
    public String description() {
        return "CloudWatch metric stream records (JSON output format), one per line";
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
        String line = sample.firstLine();
        return line.contains("\"metric_stream_name\"") && line.contains("\"metric_name\"") ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) {
        return new MetricStreamReader(content, context);
    }
}
