package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@code aws logs filter-log-events} / {@code get-log-events} output. Options: {@code cloudwatch.log-group}, {@code cloudwatch.log-stream}. */
public final class CliEventsFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudwatch.cli";
    }

    @Override
    public String description() {
        return "aws logs filter-log-events and get-log-events output, one page or pages back to back";
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
        if (!text.contains("\"events\"")) {
            return NO;
        }
        if (text.contains("\"searchedLogStreams\"") || text.contains("\"nextForwardToken\"")
                || text.contains("\"nextBackwardToken\"")) {
            return STRONG;
        }
        return text.contains("\"ingestionTime\"") && text.contains("\"message\"") ? 60 : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonDumpReader(content, context);
    }
}
