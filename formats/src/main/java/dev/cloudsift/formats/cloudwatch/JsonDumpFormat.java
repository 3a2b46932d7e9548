package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The JSON shapes CloudWatch Logs events arrive in (CLI output, subscription payloads, their Lambda and
 * Kinesis envelopes): all read by {@link JsonDumpReader} into the same tables, told apart by their keys.
 */
abstract class JsonDumpFormat implements LogFormat {
    @Override
    public final List<TableSchema> tables() {
        return CloudWatchTables.WRITTEN;
    }

    @Override
    public final int sniff(Sample sample) {
        return sample.firstSignificantByte() == '{' ? sniffObject(sample.text()) : NO;
    }

    /** The sniff score for a sample that opens with a JSON object; {@code text} is its head. */
    abstract int sniffObject(String text);

    @Override
    public final EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonDumpReader(content, context);
    }
}
