package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A subscription event as Lambda receives it: the payload gzipped and base64-encoded in {@code awslogs.data}. */
public final class LambdaEnvelopeFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudwatch.lambda";
    }

    @Override
    public String description() {
        return "CloudWatch Logs subscription events as delivered to Lambda: {\"awslogs\":{\"data\":base64(gzip(payload))}}";
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
        return text.contains("\"awslogs\"") && text.contains("\"data\"") ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonDumpReader(content, context);
    }
}
