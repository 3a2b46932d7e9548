package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** CloudTrail event history CSV download (lossy), or a CSV query result with CloudTrail columns. */
public final class CloudTrailHistoryCsvFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudtrail.history.csv";
    }

    @Override
    public String description() {
        return "CloudTrail event history CSV download (lossy), or a CSV query result with CloudTrail columns";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(CloudTrailTables.CLOUDTRAIL);
    }

    @Override
    public int sniff(Sample sample) {
        return CloudTrailSniffer.kindOf(sample) == CloudTrailSniffer.Kind.HISTORY_CSV ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new HistoryCsvReader(content, context.hints());
    }

    /** The ledger keeps the SHA-256 of the inflated content so digests can validate this file later. */
    @Override
    public boolean wantsContentHash() {
        return true;
    }
}
