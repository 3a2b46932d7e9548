package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** CloudTrail event history as a JSON array of LookupEvents Event objects (jq .Events, SDK and tooling dumps). */
public final class CloudTrailHistoryJsonFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudtrail.history.json";
    }

    @Override
    public String description() {
        return "CloudTrail event history as a JSON array of LookupEvents Event objects (jq .Events, SDK and tooling dumps)";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(CloudTrailTables.CLOUDTRAIL);
    }

    @Override
    public int sniff(Sample sample) {
        return CloudTrailSniffer.kindOf(sample) == CloudTrailSniffer.Kind.EVENT_ARRAY ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new CloudTrailJsonReader(content, CloudTrailRecordMapper.SHAPE_HISTORY_JSON, context.hints());
    }

    /** The ledger keeps the SHA-256 of the inflated content so digests can validate this file later. */
    @Override
    public boolean wantsContentHash() {
        return true;
    }
}
