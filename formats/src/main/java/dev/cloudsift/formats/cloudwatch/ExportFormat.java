package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.InputStream;
import java.util.List;

/**
 * CloudWatch Logs export-to-S3 objects ({@code <prefix>/<task-id>/<stream>/000000.gz}): one
 * {@code <ISO-8601 timestamp> <message>} per event, continuation lines for multi-line messages, and the
 * {@code aws-logs-write-test} probe. Options: {@code cloudwatch.log-group} names the group (exports omit it).
 */
public final class ExportFormat implements LogFormat {
    /** How many leading lines the sniffer checks. */
    private static final int SNIFF_LINES = 20;

    @Override
    public String name() {
        return "cloudwatch.export";
    }

    @Override
    public String description() {
        return "CloudWatch Logs export task output in S3: timestamped lines, one event per line";
    }

    @Override
    public List<TableSchema> tables() {
        return CloudWatchTables.WRITTEN;
    }

    @Override
    public int sniff(Sample sample) {
        String text = sample.text();
        if (sample.complete() && text.strip().equals(ExportLines.WRITE_TEST_TEXT)) {
            return STRONG;
        }
        String[] lines = text.split("\n", SNIFF_LINES + 1);
        int checked = Math.min(lines.length, SNIFF_LINES);
        if (!sample.complete() && lines.length > 1 && checked == lines.length) {
            checked--; // the last line of an incomplete head may be cut
        }
        int stamped = 0;
        for (int i = 0; i < checked; i++) {
            if (ExportLines.timestampEnd(lines[i]) > 0) {
                stamped++;
            }
        }
        if (stamped == 0 || stamped * 2 < checked) {
            return NO;
        }
        // Multi-line messages add unstamped lines; most lines of an export still open with the stamp. A first line
        // without one is a damaged export (quarantined line by line), still claimed, a little less surely.
        return ExportLines.timestampEnd(lines[0]) > 0 ? 60 : 40;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) {
        return new ExportReader(content, context);
    }
}
